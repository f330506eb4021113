"""No dead ends (issue #11): a page never offers a link or a form the policy refuses.

Every demo role walks the demo from the front page: each link and each form action a page shows is
opened (GET; a form's action is opened as the page it posts to), up to a bound per role, and none may
answer 403 or 404. A refused link is worse than none: the click is logged as a denied attempt.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient

from yhteispolku.accounts.models import User

# Links out of the walk: changing the language or signing out ends the walk's session; the admin is
# the administrator's own application; static files and the API's documents are not pages.
SKIPPED_PREFIXES = ("/i18n/", "/tili/ulos/", "/static/", "/hallinta/", "/api/")
MAX_PAGES_PER_ROLE = 250


class _Targets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "form" and (values.get("action") or "") not in ("",):
            self.links.append(values["action"] or "")


def targets(page_url: str, html: str) -> list[str]:
    parser = _Targets()
    parser.feed(html)
    found = []
    for href in parser.links:
        url, _fragment = urldefrag(urljoin(page_url, href))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(SKIPPED_PREFIXES):
            found.append(path)
    return found


def walk(http: HttpClient) -> tuple[int, list[str]]:
    """Every page reachable from the front page; the dead ends found, with the page that offered each."""
    seen: set[str] = {"/"}
    queue: list[tuple[str, str]] = [("/", "")]
    dead: list[str] = []
    opened = 0
    while queue and opened < MAX_PAGES_PER_ROLE:
        url, offered_on = queue.pop(0)
        response = http.get(url)
        opened += 1
        if response.status_code in (403, 404):
            dead.append(f"{url} ({response.status_code}), offered on {offered_on}")
            continue
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith("text/html"):
            continue
        for target in targets(url, response.content.decode()):
            if target not in seen:
                seen.add(target)
                queue.append((target, url))
    return opened, dead


DEMO_ROLES = [
    "tyollisyysasiantuntija",
    "sosiaalityontekija",
    "sosiaaliohjaaja",
    "terveydenhoitaja",
    "laakari",
    "kela-palveluasiantuntija",
    "kela-tyokykyneuvoja",
    "tym-koordinaattori",
    "esihenkilo",
    "johtoryhma",
    "palveluntuottaja",
    "paakayttaja",
    "tietosuojavastaava",
    "terveydenhoitaja-keusote",
    "ohjaamo-ohjaaja",
]


@pytest.mark.django_db
@pytest.mark.parametrize("username", DEMO_ROLES)
def test_no_page_offers_what_the_policy_refuses(
    username: str, verified_client: Callable[[User], HttpClient]
) -> None:
    call_command("demo")
    http = verified_client(User.objects.get(username=username))

    opened, dead = walk(http)

    assert opened > 1, "the front page offers nothing to open"
    assert not dead, f"{username}: {len(dead)} dead ends:\n" + "\n".join(dead)
