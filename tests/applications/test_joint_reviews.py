"""Kela's twice-yearly joint review with a TYM team (seed 004, issue 14, rule R-KELA-5): due 6 months after
the team's Kela contact was named or the last review, on the worklist of the team's professionals and the
Kela work-ability advisor; a review record (date, participants, per client a note or "no need for Kela",
next steps) audited per client it names; the Kela advisor sees only the clients whose consent covers
Kela. Page and API under the same policy. Before, nothing of the review existed."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.access.conftest import give_consent, join_team, new_client, open_relationship
from tests.api.conftest import API, token_client
from yhteispolku.accounts.models import User
from yhteispolku.applications import joint_reviews
from yhteispolku.applications.errors import JointReviewInvalid
from yhteispolku.applications.models import KelaJointReview, KelaJointReviewEntry
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import Phase, TeamRole
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import KelaContact, Organisation, Unit
from yhteispolku.rules import engine
from yhteispolku.rules.deadlines import user_due_items

__all__ = ["token_client"]
pytestmark = pytest.mark.django_db


@dataclass
class Team:
    unit: Unit
    expert: User
    social_worker: User
    advisor: User
    outsider: User
    with_kela: Client  # consent covers Kela
    without_kela: Client  # consent covers the employment area and the county only
    named_on: date

    @property
    def url(self) -> str:
        return reverse("applications:joint_review", kwargs={"unit_code": self.unit.code})


@pytest.fixture
def team(make_professional: Callable[..., User], employment_expert: User, social_worker: User) -> Team:
    unit = Unit.objects.get(slug="satakunta-ea-tym")
    advisor = make_professional("kela_work_ability_advisor", "kela", "kela-west", first_name="Kari")
    outsider = make_professional("public_health_nurse", "keusote", "keusote-health")
    employment_area = Organisation.objects.get(slug="satakunta-employment-area")
    county = Organisation.objects.get(slug="satakunta-wellbeing-county")
    kela = Organisation.objects.get(slug="kela")
    named_on = timezone.localdate() - timedelta(days=200)
    KelaContact.objects.create(
        unit=unit, user=advisor, role=KelaContact.Role.WORK_ABILITY_ADVISOR, valid_from=named_on
    )
    clients = []
    for first, organisations in (
        ("Kaarina", [employment_area, county, kela]),
        ("Ville", [employment_area, county]),
    ):
        client = new_client(employment_area, first, "Yhteinen")
        give_consent(client, organisations, employment_expert)
        relationship = open_relationship(client, unit, Phase.WORK)
        join_team(relationship, employment_expert, TeamRole.WORKER_PAIR_EMPLOYMENT)
        join_team(relationship, social_worker, TeamRole.WORKER_PAIR_SOCIAL)
        join_team(relationship, advisor)
        clients.append(client)
    return Team(unit, employment_expert, social_worker, advisor, outsider, clients[0], clients[1], named_on)


def record(team: Team, actor: User, held_on: date | None = None, **changes: object) -> KelaJointReview:
    values: dict[str, object] = {
        "held_on": held_on or timezone.localdate(),
        "participants": "Kari Kela (TYM-työkykyneuvoja), Tiina Työnen, sosiaalityöntekijä",
        "next_steps": "Kaarinan suunnitelma päivitetään.",
        "entries": [
            joint_reviews.EntryIn(str(team.with_kela.code), "B-lausunto pyydetty, työkokeilu haetaan."),
            joint_reviews.EntryIn(str(team.without_kela.code), "", True),
        ],
        **changes,
    }
    return joint_reviews.review_record(actor=actor, unit_code=team.unit.code, **values)  # type: ignore[arg-type]


def review_items(user: User, today: date) -> list[object]:
    return [item for item in user_due_items(user, today) if item.kind == joint_reviews.KIND]


def test_due_six_months_after_the_contact_was_named_then_after_the_last_review(team: Team) -> None:
    today = timezone.localdate()
    first_due = joint_reviews.next_due(team.unit, today)
    assert first_due is not None
    assert first_due.due_on == engine.add_months(team.named_on, 6)
    assert first_due.rule_reference == "R-KELA-5 v2025.1"
    # On the worklist of the team's professionals and the Kela advisor; nobody else's.
    for user in (team.expert, team.social_worker, team.advisor):
        items = review_items(user, today)
        assert [item.due_on for item in items] == [first_due.due_on]  # type: ignore[attr-defined]
        assert items[0].url == team.url  # type: ignore[attr-defined]
    assert review_items(team.outsider, today) == []
    held = today - timedelta(days=3)
    record(team, team.expert, held_on=held)
    assert [item.due_on for item in review_items(team.advisor, today)] == [  # type: ignore[attr-defined]
        engine.add_months(held, 6)
    ]


def test_a_team_without_a_kela_contact_has_no_review(team: Team) -> None:
    KelaContact.objects.filter(unit=team.unit).delete()
    assert joint_reviews.next_due(team.unit, timezone.localdate()) is None
    assert review_items(team.expert, timezone.localdate()) == []


def test_the_review_is_recorded_and_audited_per_client(team: Team) -> None:
    review = record(team, team.expert)
    entries = {entry.client_id: entry for entry in review.entries.all()}
    assert entries[team.with_kela.pk].note.startswith("B-lausunto")
    assert entries[team.without_kela.pk].no_need_for_kela is True
    written = AccessEvent.objects.filter(
        object_type=joint_reviews.ENTRY, action="create", allowed=True, object_id=str(review.code)
    )
    assert sorted(written.values_list("client_code", flat=True)) == sorted(
        [team.with_kela.code, team.without_kela.code]
    )


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"participants": " "}, "participants", "osallistujat"),
        ({"held_on": timezone.localdate() + timedelta(days=1)}, "held_on", "tulevaisuudessa"),
        ({"entries": []}, "entries", "ainakin yhdelle asiakkaalle"),
        ({"entries": [joint_reviews.EntryIn("x", "Muu asiakas")]}, "entries", "yhteisiä asiakkaita"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    team: Team, changes: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(JointReviewInvalid) as refused:
        record(team, team.expert, **changes)
    assert words in " ".join(refused.value.message_dict[field])
    assert not KelaJointReview.objects.exists()
    assert not KelaJointReviewEntry.objects.exists()


def test_the_kela_advisor_sees_only_the_clients_whose_consent_covers_kela(
    team: Team, verified_client: Callable[[User], HttpClient]
) -> None:
    record(team, team.expert)
    page = verified_client(team.advisor).get(team.url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "B-lausunto pyydetty" in body
    assert "Kaarina" in body
    assert "Ville" not in body
    assert "1 asiakas ei näy sinulle" in body
    shown = AccessEvent.objects.filter(
        object_type=joint_reviews.ENTRY, action="view", allowed=True, actor=team.advisor
    )
    assert list(shown.values_list("client_code", flat=True)) == [team.with_kela.code]
    expert_body = verified_client(team.expert).get(team.url).content.decode()
    assert "Kaarina" in expert_body
    assert "Ville" in expert_body
    assert "ei tarvetta Kelan palveluille" in expert_body
    # Someone outside the team: the team's review does not exist for them.
    assert verified_client(team.outsider).get(team.url).status_code == 404


def test_the_page_records_a_review_and_refuses_bad_input(
    team: Team, verified_client: Callable[[User], HttpClient]
) -> None:
    browser = verified_client(team.advisor)
    form = browser.get(team.url).content.decode()
    assert "Kirjaa pidetty läpikäynti" in form
    # The advisor's form offers Kaarina only (Ville's consent does not cover Kela).
    assert "Kaarina Yhteinen: tilanne ja jatko" in form
    assert "Ville Yhteinen" not in form
    refused = browser.post(team.url, {"held_on": timezone.localdate().isoformat(), "participants": ""})
    assert refused.status_code == 400
    assert "Kirjaa läpikäynnin osallistujat." in refused.content.decode()
    assert not KelaJointReview.objects.exists()
    saved = browser.post(
        team.url,
        {
            "held_on": timezone.localdate().isoformat(),
            "participants": "Kari Kela, Tiina Työnen",
            "next_steps": "Seuraava läpikäynti keväällä.",
            "note_0": "Kuntoutushaastattelu sovittu.",
        },
    )
    assert saved.status_code == 302
    review = KelaJointReview.objects.get()
    assert (review.recorded_by, review.organisation.slug) == (team.advisor, "kela")
    assert [entry.client for entry in review.entries.all()] == [team.with_kela]


def test_the_api_has_the_same_policy(team: Team, token_client: Callable[[User], HttpClient]) -> None:
    url = f"{API}/kela-reviews/{team.unit.code}"
    expert = token_client(team.expert)
    payload = {
        "held_on": timezone.localdate().isoformat(),
        "participants": "Kari Kela, Tiina Työnen",
        "next_steps": "",
        "entries": [
            {"client": str(team.with_kela.code), "note": "Työkokeilu haetaan.", "no_need_for_kela": False},
            {"client": str(team.without_kela.code), "note": "", "no_need_for_kela": True},
        ],
    }
    created = expert.post(url, payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert len(created.json()["entries"]) == 2
    listed = token_client(team.advisor).get(url)
    assert listed.status_code == 200
    body = listed.json()
    assert body["next_due"]["rule"] == "R-KELA-5 v2025.1"
    assert [entry["client_name"] for entry in body["reviews"][0]["entries"]] == ["Kaarina Yhteinen"]
    assert body["reviews"][0]["hidden"] == 1
    # The advisor may not name Ville (no consent covering Kela): refused and logged.
    refused = token_client(team.advisor).post(
        url, {**payload, "entries": payload["entries"][1:]}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert AccessEvent.objects.filter(
        object_type=joint_reviews.ENTRY, allowed=False, actor=team.advisor, client_code=team.without_kela.code
    ).exists()
    assert KelaJointReview.objects.count() == 1
    bad = expert.post(url, {**payload, "participants": ""}, content_type="application/json")
    assert bad.status_code == 400
    assert token_client(team.outsider).get(url).status_code == 404
    teams = token_client(team.advisor).get(f"{API}/kela-reviews")
    assert [item["unit"] for item in teams.json()] == [str(team.unit.code)]
