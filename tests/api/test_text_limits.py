"""Free text has a length limit: a journal entry of 2,000,000 characters is refused, in the user's language,
through the API and through the page's form alike, and nothing is stored.

The edge refuses any text longer than core.text.EDGE_TEXT_LIMIT before a view runs; a field's own limit
(core.text.LONG_TEXT for a journal entry) answers next to the field. Before the limits, such an entry was
stored and its page then weighed 2.2 MB.
"""

import json
from collections.abc import Callable

import pytest
from django.test import Client as HttpClient

from tests.api.conftest import Maija
from yhteispolku.accounts.models import User
from yhteispolku.clients.models import JournalEntry
from yhteispolku.core.text import LONG_TEXT

HUGE = "a" * 2_000_000
EDGE_FI = "Teksti on liian pitkä: enintään 40\xa0000 merkkiä."
EDGE_SV = "Texten är för lång: högst 40\xa0000 tecken."
FIELD_FI = "Teksti on liian pitkä: enintään 20\xa0000 merkkiä."

Call = Callable[[User], HttpClient]


def post_entry(http: HttpClient, maija: Maija, text: str, **headers: str):  # type: ignore[no-untyped-def]
    return http.post(
        f"{maija.url}/journal/employment",
        json.dumps({"text": text}),
        content_type="application/json",
        **headers,
    )


def page_url(maija: Maija) -> str:
    return f"/asiakkaat/{maija.client.code}/tiedot/employment/"


@pytest.mark.parametrize(("language", "message"), [("fi", EDGE_FI), ("sv", EDGE_SV)])
def test_a_huge_entry_through_the_api_is_refused_in_the_callers_language(
    maija: Maija, token_client: Call, language: str, message: str
) -> None:
    before = JournalEntry.objects.count()
    response = post_entry(token_client(maija.expert), maija, HUGE, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["message"] == message
    assert body["errors"] == [{"field": "text", "code": "text_too_long", "message": message}]
    assert JournalEntry.objects.count() == before


def test_an_entry_over_its_field_limit_through_the_api_is_refused_with_the_limit(
    maija: Maija, token_client: Call
) -> None:
    before = JournalEntry.objects.count()
    response = post_entry(token_client(maija.expert), maija, "a" * (LONG_TEXT + 1))
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "text", "code": "string_too_long", "message": FIELD_FI}]
    assert JournalEntry.objects.count() == before
    assert post_entry(token_client(maija.expert), maija, "a" * LONG_TEXT).status_code in (200, 201)
    assert JournalEntry.objects.count() == before + 1


@pytest.mark.parametrize(("language", "message"), [("fi", EDGE_FI), ("sv", EDGE_SV)])
def test_a_huge_entry_through_the_form_is_refused_in_the_users_language(
    maija: Maija, verified_client: Call, language: str, message: str
) -> None:
    http = verified_client(maija.expert)
    http.cookies["yhteispolku_language"] = language
    before = JournalEntry.objects.count()
    response = http.post(page_url(maija), {"text": HUGE})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert len(page) < 100_000
    assert JournalEntry.objects.count() == before


def test_the_form_states_its_limit_and_refuses_one_more(maija: Maija, verified_client: Call) -> None:
    http = verified_client(maija.expert)
    assert f'maxlength="{LONG_TEXT}"' in http.get(page_url(maija)).content.decode()
    before = JournalEntry.objects.count()
    response = http.post(page_url(maija), {"text": "a" * (LONG_TEXT + 1)})
    assert response.status_code == 400
    assert "20000" in response.content.decode()  # Django's own message names the limit
    assert JournalEntry.objects.count() == before
    assert http.post(page_url(maija), {"text": "a" * LONG_TEXT}).status_code == 302
    assert JournalEntry.objects.count() == before + 1
