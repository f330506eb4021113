"""The client pages ask the database the same questions however many clients a professional has.

A caseload of 5 is compared with one of 60 (more than the 50 a list shows). Only the audit log grows
with what a page shows: one entry per client listed (SPEC §5), written in one multi-row INSERT, so
the entries are counted apart and must equal the number of clients shown; every statement, the
audit INSERTs included, must be the same in number.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.access.conftest import give_consent, join_team, new_client, open_relationship
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import TeamRole
from yhteispolku.clients.models import Client, JournalEntry
from yhteispolku.clients.selectors import LIST_LIMIT
from yhteispolku.organisations.models import Organisation, Unit

SMALL, LARGE = 5, 60
LAST_NAME = "Mittaaja"


@dataclass(frozen=True)
class Counts:
    selects: int
    audit_inserts: int  # INSERT statements into the log (one per audited decision or list)
    others: int  # the chain-head update, session writes, BEGIN/COMMIT/SAVEPOINT
    audit_entries: int  # rows those statements wrote


def counted(http: HttpClient, url: str) -> Counts:
    # The first request of a session also rewrites the session (idle-timeout bookkeeping).
    assert http.get(url).status_code == 200
    entries_before = AccessEvent.objects.count()
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    entries = AccessEvent.objects.count() - entries_before
    statements = [query["sql"].lstrip().upper() for query in captured.captured_queries]
    selects = sum(sql.startswith("SELECT") for sql in statements)
    audit_inserts = sum(sql.startswith("INSERT") and "AUDIT_ACCESSEVENT" in sql for sql in statements)
    return Counts(selects, audit_inserts, len(statements) - selects - audit_inserts, entries)


def placement(expert: User) -> tuple[Organisation, Unit]:
    assert expert.organisation is not None
    assert expert.unit is not None
    return expert.organisation, expert.unit


def with_caseload(expert: User, count: int) -> list[Client]:
    """`count` clients in open relationships with `expert` on the team and an active consent."""
    organisation, unit = placement(expert)
    clients = []
    for _ in range(count):
        client = new_client(organisation, first_names="Testi", last_name=LAST_NAME)
        join_team(open_relationship(client, unit), expert, TeamRole.WORKER_PAIR_EMPLOYMENT)
        give_consent(client, [organisation], expert)
        clients.append(client)
    return clients


@pytest.fixture
def caseloads(
    make_professional: Callable[..., User], verified_client: Callable[[User], HttpClient]
) -> dict[int, tuple[HttpClient, list[Client]]]:
    """Two employment experts of the same unit, one with 5 clients and one with 60."""
    result = {}
    for count in (SMALL, LARGE):
        expert = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")
        result[count] = (verified_client(expert), with_caseload(expert, count))
    return result


def test_client_list_selects_are_constant_and_one_audit_insert_per_client_shown(
    caseloads: dict[int, tuple[HttpClient, list[Client]]],
) -> None:
    small = counted(caseloads[SMALL][0], reverse("clients:list"))
    large = counted(caseloads[LARGE][0], reverse("clients:list"))

    assert (small.selects, small.audit_inserts, small.others) == (
        large.selects,
        large.audit_inserts,
        large.others,
    )
    assert small.audit_entries == SMALL
    assert large.audit_entries == LIST_LIMIT


def test_search_by_name_selects_are_constant_and_one_audit_insert_per_client_shown_plus_the_search(
    caseloads: dict[int, tuple[HttpClient, list[Client]]],
) -> None:
    url = f"{reverse('clients:list')}?q={LAST_NAME}"
    small = counted(caseloads[SMALL][0], url)
    large = counted(caseloads[LARGE][0], url)

    assert (small.selects, small.audit_inserts, small.others) == (
        large.selects,
        large.audit_inserts,
        large.others,
    )
    assert small.audit_entries == 1 + SMALL
    assert large.audit_entries == 1 + LIST_LIMIT


def test_search_by_identity_code_queries_do_not_grow_with_caseload(
    caseloads: dict[int, tuple[HttpClient, list[Client]]],
) -> None:
    def url(count: int) -> str:
        return f"{reverse('clients:list')}?q={caseloads[count][1][-1].identity_code}"

    small = counted(caseloads[SMALL][0], url(SMALL))
    large = counted(caseloads[LARGE][0], url(LARGE))

    assert small == large
    assert small.audit_entries == 2  # the search itself and the one client shown


def test_client_detail_queries_do_not_grow_with_caseload(
    caseloads: dict[int, tuple[HttpClient, list[Client]]],
) -> None:
    def url(count: int) -> str:
        return reverse("clients:detail", kwargs={"code": caseloads[count][1][-1].code})

    small = counted(caseloads[SMALL][0], url(SMALL))
    large = counted(caseloads[LARGE][0], url(LARGE))

    assert small == large
    assert small.audit_entries == 1


def test_client_detail_queries_do_not_grow_with_team_or_consent_history(
    make_professional: Callable[..., User],
    verified_client: Callable[[User], HttpClient],
) -> None:
    expert = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")
    organisation, _unit = placement(expert)
    plain, busy = with_caseload(expert, 2)
    relationship = busy.relationships.get()
    for role, org, unit in [
        ("social_worker", "satakunta-wellbeing-county", "satakunta-wc-social"),
        ("public_health_nurse", "satakunta-wellbeing-county", "satakunta-wc-social"),
        ("kela_work_ability_advisor", "kela", "kela-west"),
        ("social_counsellor", "satakunta-wellbeing-county", "satakunta-wc-social"),
    ]:
        join_team(relationship, make_professional(role, org, unit))
    for days in (400, 300, 200):
        old = give_consent(busy, [organisation], expert, valid_from=timezone.localdate() - timedelta(days))
        old.revoked_at, old.revoked_by = timezone.now() - timedelta(days=days - 10), expert
        old.save()
    http = verified_client(expert)

    small = counted(http, reverse("clients:detail", kwargs={"code": plain.code}))
    large = counted(http, reverse("clients:detail", kwargs={"code": busy.code}))

    assert small == large


def test_journal_category_queries_do_not_grow_with_entries_or_caseload(
    caseloads: dict[int, tuple[HttpClient, list[Client]]],
) -> None:
    def url(count: int, entries: int) -> str:
        client = caseloads[count][1][-1]
        author = client.relationships.get().team.get().user
        JournalEntry.objects.bulk_create(
            JournalEntry(
                client=client, category="employment", text=f"Merkintä {n}", author=author,
                organisation=author.organisation,
            )
            for n in range(entries)
        )  # fmt: skip
        return reverse("clients:category", kwargs={"code": client.code, "category": "employment"})

    small = counted(caseloads[SMALL][0], url(SMALL, 1))
    large = counted(caseloads[LARGE][0], url(LARGE, 40))

    assert small == large
    # Basic data (the page header) and the category read: two entries, one INSERT (one write per request).
    assert (small.audit_inserts, small.audit_entries) == (1, 2)
