"""Every role × relation × consent state × category × action, through the real views.

The expectation below is written from SPEC §5.1 on its own, not read from `access.policy`, so
the test catches a policy table that drifts from the specification as well as a view that
forgets to ask the policy. Each request must also leave an audit entry with the same answer.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.access.conftest import give_consent, join_team, new_client, open_relationship
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, Phase
from yhteispolku.organisations.models import Organisation, Unit

# role: (organisation, unit, sector as SPEC §5.1 names it)
ROLES = {
    "employment_expert": ("satakunta-employment-area", "satakunta-ea-tym", "employment"),
    "social_worker": ("satakunta-wellbeing-county", "satakunta-wc-social", "social"),
    "social_counsellor": ("satakunta-wellbeing-county", "satakunta-wc-tym", "social"),
    "public_health_nurse": ("satakunta-wellbeing-county", "satakunta-wc-health", "health"),
    "work_ability_coordinator": ("satakunta-wellbeing-county", "satakunta-wc-work-ability", "health"),
    "kela_work_ability_advisor": ("kela", "kela-west", "kela"),
    "kela_service_expert": ("kela", "kela-west", "kela"),
    "tym_coordinator": ("satakunta-employment-area", "satakunta-ea-tym", "coordination"),
    "unit_manager": ("satakunta-employment-area", "satakunta-ea-multisectoral", "coordination"),
    "steering_group_member": ("satakunta-employment-area", "satakunta-ea-administration", "steering"),
    "administrator": ("satakunta-employment-area", "satakunta-ea-administration", "administration"),
    # The officer of the organisation that registered the client (the controller): issue 16, finding 9.
    "data_protection_officer": (
        "satakunta-employment-area",
        "satakunta-ea-administration",
        "administration",
    ),
    # A service provider reaches a client only through a current assignment (tests/access/
    # test_service_provider.py): on a case team or at the client's unit it has no relation at all.
    "service_provider": ("demo-valmennus", "demo-valmennus-tyohonvalmennus", "provider"),
}
RELATIONS = ("case_team", "former_case_team", "intake", "same_unit_no_case", "other_organisation")
CONSENT_STATES = ("none", "active", "expired", "revoked", "category_not_covered")
JOURNAL_CATEGORIES = ("employment", "social", "health", "kela", "plan")
JOURNAL_ACTIONS = ("view", "create", "print", "export")
OWN_CATEGORY = {"employment": "employment", "social": "social", "health": "health", "kela": "kela"}
WORK_SECTORS = {"employment", "social", "health", "kela", "coordination"}
MANAGERS = {"tym_coordinator", "unit_manager"}
RECORDED_BY = "satakunta-employment-area"


@dataclass(frozen=True)
class Case:
    role: str
    relation: str
    consent: str

    @property
    def sector(self) -> str:
        return ROLES[self.role][2]

    @property
    def on_team(self) -> bool:
        return self.relation == "case_team" and self.sector in WORK_SECTORS and self.role not in MANAGERS

    @property
    def on_former_team(self) -> bool:
        """On the team of the client's relationship when it was closed."""
        return (
            self.relation == "former_case_team" and self.sector in WORK_SECTORS and self.role not in MANAGERS
        )

    @property
    def is_responsible_manager(self) -> bool:
        """SPEC §5.1's row for the TYM coordinator and unit manager: their unit's cases, and any case team
        they have put themselves on, give them the phase, team and deadlines, never journal text."""
        return self.role in MANAGERS and self.relation in ("case_team", "intake", "same_unit_no_case")

    @property
    def at_intake(self) -> bool:
        return self.relation == "intake" and self.sector in WORK_SECTORS and self.role not in MANAGERS

    @property
    def has_relation(self) -> bool:
        return (
            self.on_team
            or self.on_former_team
            or self.is_responsible_manager
            or self.at_intake
            or self.role == "data_protection_officer"
        )

    def expected(self, category: str, action: str) -> bool:
        """SPEC §5.1, transcribed."""
        if self.on_team:
            if category == "basic":
                return action in ("view", "print", "export") or (
                    action == "update" and ROLES[self.role][0] == RECORDED_BY
                )
            if category == "plan" or category == OWN_CATEGORY.get(self.sector):
                return True
            consented = self.consent == "active"
            if category == "health":
                return action == "view" and consented and self.role == "kela_work_ability_advisor"
            return action == "view" and consented
        if self.on_former_team:
            # A closed relationship stays readable to its team, read-only; consent still decides the
            # other sectors' data.
            if category == "basic" or category == "plan" or category == OWN_CATEGORY.get(self.sector):
                return action in ("view", "print", "export")
            consented = self.consent == "active"
            if category == "health":
                return action == "view" and consented and self.role == "kela_work_ability_advisor"
            return action == "view" and consented
        if self.is_responsible_manager:
            # Phase, team and deadlines of the plan, but not its journal text: the plan column here is
            # the plan's journal page.
            return category == "basic" and action == "view"
        if self.at_intake:
            return category == "basic" and action == "view"
        return False


CASES = [
    Case(role, relation, consent) for role in ROLES for relation in RELATIONS for consent in CONSENT_STATES
]


def place(case: Case, actor: User, recorded_by: Organisation) -> tuple:
    client = new_client(recorded_by)
    own_unit = actor.unit
    if case.relation == "case_team":
        join_team(open_relationship(client, own_unit), actor)
    elif case.relation == "former_case_team":
        closed = open_relationship(client, own_unit, phase=Phase.CLOSED)
        ClientRelationship.objects.filter(pk=closed.pk).update(ended_on=timezone.localdate())
        join_team(closed, actor)
    elif case.relation == "intake":
        open_relationship(client, own_unit, phase=Phase.REFERRAL)
    elif case.relation == "same_unit_no_case":
        open_relationship(client, own_unit)
    else:
        other = Unit.objects.exclude(organisation=actor.organisation).filter(slug="keusote-tym").first()
        open_relationship(client, other or Unit.objects.get(slug="keusote-tym"))
    colleague_orgs = list(Organisation.objects.filter(slug__in=[RECORDED_BY, actor.organisation.slug]))
    today = timezone.localdate()
    if case.consent == "active":
        give_consent(client, colleague_orgs, actor)
    elif case.consent == "expired":
        give_consent(client, colleague_orgs, actor, valid_until=today - timedelta(days=1))
    elif case.consent == "revoked":
        consent = give_consent(client, colleague_orgs, actor)
        consent.revoked_at = timezone.now() - timedelta(minutes=1)
        consent.revoked_by = actor
        consent.save()
    elif case.consent == "category_not_covered":
        give_consent(client, colleague_orgs, actor, categories=["basic"])
    return client


def request_for(http: HttpClient, client, category: str, action: str):  # type: ignore[no-untyped-def]
    code = client.code
    if category == "basic" and action == "view":
        return http.get(reverse("clients:detail", kwargs={"code": code}))
    if category == "basic" and action == "update":
        return http.post(
            reverse("clients:edit", kwargs={"code": code}),
            {
                "first_names": client.first_names,
                "last_name": "Muutettu",
                "mother_tongue": "fi",
                "service_language": "fi",
                "version": client.version,
            },
        )
    kwargs = {"code": code, "category": category}
    if action == "view":
        return http.get(reverse("clients:category", kwargs=kwargs))
    if action == "create":
        return http.post(reverse("clients:category", kwargs=kwargs), {"text": "Merkintä matriisitestistä."})
    if action == "print":
        return http.get(reverse("clients:category_print", kwargs=kwargs))
    return http.get(reverse("clients:category_export", kwargs=kwargs))


CHECKS = [("basic", "view"), ("basic", "update")] + [
    (category, action) for category in JOURNAL_CATEGORIES for action in JOURNAL_ACTIONS
]


def test_the_matrix_has_at_least_500_combinations() -> None:
    assert len(CASES) * len(CHECKS) >= 500


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.role}-{c.relation}-{c.consent}")
def test_views_answer_exactly_what_the_policy_says(
    case: Case, make_professional: Callable[..., User], verified_client: Callable[[User], HttpClient]
) -> None:
    org_slug, unit_slug, _sector = ROLES[case.role]
    actor = make_professional(case.role, org_slug, unit_slug)
    recorded_by = Organisation.objects.get(slug=RECORDED_BY)
    http = verified_client(actor)
    mismatches = []
    for category, action in CHECKS:
        client = place(case, actor, recorded_by)
        before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = request_for(http, client, category, action)
        allowed = response.status_code in (200, 302)
        expected = case.expected(category, action)
        if allowed != expected:
            mismatches.append(f"{category}/{action}: got {response.status_code}, expected allowed={expected}")
            continue
        if not allowed:
            wanted_status = 403 if case.has_relation else 404
            if response.status_code != wanted_status:
                mismatches.append(
                    f"{category}/{action}: got {response.status_code}, expected {wanted_status}"
                )
            if (
                client.first_names in response.content.decode()
                or client.last_name in response.content.decode()
            ):
                mismatches.append(f"{category}/{action}: a denied response shows the client's name")
        events = AccessEvent.objects.filter(id__gt=before, client_code=client.code)
        if allowed:
            logged = events.filter(category=category, action=action, allowed=True).exists()
        else:
            logged = events.filter(allowed=False).exists()
        if not logged:
            mismatches.append(f"{category}/{action}: no audit entry with allowed={allowed}")
    assert not mismatches, "\n".join(mismatches)


REFERRAL_ACTIONS = ("view", "create", "update", "export", "print")


def expected_for_referral(case: Case, action: str) -> bool:
    """SPEC §5.1: the intake unit sees "referral content only" and decides on it (update); the unit's
    coordinator or manager likewise; the team sees the referral and, working with the client, makes it."""
    if case.on_team:
        return action in ("view", "create")
    if case.on_former_team:
        return action == "view"
    if case.is_responsible_manager or case.at_intake:
        return action in ("view", "update")
    return False


def scope_answers(
    case: Case, make_professional: Callable[..., User], object_type: str, actions: tuple[str, ...]
) -> tuple[dict[str, bool], bool]:
    """What the policy answers one persona for each action on an object type of the plan category, and
    whether it lets them view the plan's journal text."""
    from yhteispolku.access.policy import decide
    from yhteispolku.access.relations import relation_facts
    from yhteispolku.core.categories import Action, DataCategory

    org_slug, unit_slug, _sector = ROLES[case.role]
    actor = make_professional(case.role, org_slug, unit_slug)
    client = place(case, actor, Organisation.objects.get(slug=RECORDED_BY))
    facts = relation_facts(actor=actor, client=client)
    answers = {
        action: decide(
            actor=actor,
            action=Action(action),
            category=DataCategory.PLAN,
            facts=facts,
            object_type=object_type,
        ).allowed
        for action in actions
    }
    plan_text = decide(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.PLAN,
        facts=facts,
        object_type="cases.journalentry",
    ).allowed
    return answers, plan_text


PERSONAS = [Case(role, relation, "none") for role in ROLES for relation in RELATIONS]


@pytest.mark.django_db
@pytest.mark.parametrize("case", PERSONAS, ids=lambda c: f"{c.role}-{c.relation}")
def test_the_referral_scope_answers_per_relation(case: Case, make_professional: Callable[..., User]) -> None:
    from yhteispolku.access.policy import REFERRAL_OBJECT_TYPE

    got, plan_text = scope_answers(case, make_professional, REFERRAL_OBJECT_TYPE, REFERRAL_ACTIONS)
    assert got == {action: expected_for_referral(case, action) for action in REFERRAL_ACTIONS}
    # The referral scope is narrower than the plan: the intake unit still sees no plan content.
    assert plan_text == case.expected("plan", "view")


TEAM_ACTIONS = ("view", "create", "update", "export", "print")


def expected_for_team(case: Case, action: str) -> bool:
    """SPEC §1: the TYM coordinator and unit managers do "intake, team assignment"; §5.1 lets them see the
    team of a case of their unit. So the team's memberships are named and ended by the case team and by
    the responsible unit's coordinator or manager; the intake unit, before acceptance, has no team to
    form. Reading the team is part of the case view; export and print belong to the plan, not here."""
    if case.on_team or case.is_responsible_manager:
        return action in ("view", "create", "update")
    return case.on_former_team and action == "view"


@pytest.mark.django_db
@pytest.mark.parametrize("case", PERSONAS, ids=lambda c: f"{c.role}-{c.relation}")
def test_the_team_scope_answers_per_relation(case: Case, make_professional: Callable[..., User]) -> None:
    from yhteispolku.access.policy import TEAM_OBJECT_TYPE

    got, plan_text = scope_answers(case, make_professional, TEAM_OBJECT_TYPE, TEAM_ACTIONS)
    assert got == {action: expected_for_team(case, action) for action in TEAM_ACTIONS}
    # Assigning the team opens no plan text to the coordinator.
    assert plan_text == case.expected("plan", "view")


@pytest.mark.django_db
@pytest.mark.parametrize("case", PERSONAS, ids=lambda c: f"{c.role}-{c.relation}")
def test_the_assignment_scope_is_the_service_providers_alone(
    case: Case, make_professional: Callable[..., User]
) -> None:
    """The provider's scopes (its assignment, its attendance records) open nothing to anyone placed here:
    a provider reaches them only through a current assignment, and the others work on the plan itself."""
    from yhteispolku.access.policy import ASSIGNMENT_OBJECT_TYPE, ATTENDANCE_OBJECT_TYPE

    for object_type in (ASSIGNMENT_OBJECT_TYPE, ATTENDANCE_OBJECT_TYPE):
        got, plan_text = scope_answers(case, make_professional, object_type, ("view", "create"))
        assert got == {"view": False, "create": False}
        assert plan_text == case.expected("plan", "view")


OUTCOME_ACTIONS = ("view", "create", "update", "export", "print")


def expected_for_outcome(case: Case, action: str) -> bool:
    """The issue's follow-up after closure (R-OUT-1) is for the employment authority's responsible person:
    of the closed relationship's former team (or of a team the same professional is on now) only an
    employment professional sees and records a follow-up, once (no update); nobody else, and it opens
    nothing else of the closed case."""
    return (
        (case.on_team or case.on_former_team) and case.sector == "employment" and action in ("view", "create")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("case", PERSONAS, ids=lambda c: f"{c.role}-{c.relation}")
def test_the_outcome_scope_is_the_employment_authoritys(
    case: Case, make_professional: Callable[..., User]
) -> None:
    from yhteispolku.access.policy import OUTCOME_OBJECT_TYPE

    got, plan_text = scope_answers(case, make_professional, OUTCOME_OBJECT_TYPE, OUTCOME_ACTIONS)
    assert got == {action: expected_for_outcome(case, action) for action in OUTCOME_ACTIONS}
    # The follow-up opens no more of the plan than the relation did.
    assert plan_text == case.expected("plan", "view")
