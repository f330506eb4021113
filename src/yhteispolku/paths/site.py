"""The KUTY site: a service provider where a client's rehabilitative work activity takes place (SPEC §1:
providers "see only the assignment they deliver, report attendance and feedback").

A KUTY period (`KutySection`) names its site (`provider`). While the period is current (started, not yet
ended) and the relationship open, the site's professionals relate to the client as
`Relation.SERVICE_PROVIDER` (registered in apps.py); the policy gives that relation the client's name and
contact and the assignment (`paths.kutyassignment`: the period's goal, place, hours and support, never
the rest of the section or any health data), and the attendance and feedback they record themselves
(`paths.kutyattendance`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.access.policy import (
    KUTY_ASSIGNMENT_OBJECT_TYPE,
    KUTY_ATTENDANCE_OBJECT_TYPE,
    authorize,
)
from yhteispolku.access.providers import ProviderAssignments
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import OPEN_PHASES
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.organisations.models import Organisation
from yhteispolku.paths.errors import AlreadyRecorded, InvalidPathData
from yhteispolku.paths.models import KutyAttendance, KutySection, KutySiteFeedback

if TYPE_CHECKING:
    from yhteispolku.clients.models import Client


def _organisation(actor: User) -> Organisation:
    assert actor.organisation is not None  # a service provider's professional has one (is_service_provider)
    return actor.organisation


def current_site_sections(organisation_id: int | None, today: date) -> QuerySet[KutySection]:
    """The KUTY periods the organisation hosts on `today`, of open relationships."""
    return KutySection.objects.filter(
        provider_id=organisation_id,
        relationship__phase__in=OPEN_PHASES,
        starts_on__lte=today,
        ends_on__gte=today,
    )


KUTY_SITES = ProviderAssignments(current_site_sections, "relationship__client", KUTY_ASSIGNMENT_OBJECT_TYPE)


@dataclass
class SiteAssignment:
    """A KUTY period as its site sees it: the assignment's items, the client's name, its own records."""

    section: KutySection
    attendance: list[KutyAttendance] = field(default_factory=list)
    feedback: list[KutySiteFeedback] = field(default_factory=list)

    @property
    def client(self) -> Client:
        return self.section.relationship.client


def site_assignments(
    *, actor: User, request: HttpRequest | None = None, today: date | None = None
) -> list[SiteAssignment]:
    """The actor's organisation's current KUTY periods; each client shown is logged (contact, assignment)."""
    if not KUTY_SITES.list_allowed(actor):
        return []
    sections = list(
        current_site_sections(actor.organisation_id, today or timezone.localdate())
        .select_related("relationship__client")
        .order_by("starts_on", "id")
    )
    KUTY_SITES.record_list(actor, (str(section.relationship.client.code) for section in sections), request)
    return [SiteAssignment(section) for section in sections]


def site_assignment_get(
    *,
    actor: User,
    section_code: uuid.UUID | str,
    action: Action = Action.VIEW,
    request: HttpRequest | None = None,
    today: date | None = None,
) -> SiteAssignment:
    """The actor's current KUTY period, authorised and audited for `action` (VIEW of the assignment, CREATE
    of attendance). Another site's period, or one that has ended, is a 404 like an unknown one."""
    today = today or timezone.localdate()
    try:
        section = KutySection.objects.select_related("relationship__client").filter(code=section_code).first()
    except (ValidationError, ValueError) as error:
        raise Http404 from error
    if section is None:
        raise Http404
    client = section.relationship.client
    facts = KUTY_SITES.facts(actor, client, pk=section.pk, today=today)
    authorize(
        actor=actor,
        action=action,
        category=DataCategory.PLAN,
        client=client,
        request=request,
        facts=facts,
        object_type=KUTY_ASSIGNMENT_OBJECT_TYPE if action == Action.VIEW else KUTY_ATTENDANCE_OBJECT_TYPE,
        object_id=str(section.code),
    )
    organisation_id = actor.organisation_id
    return SiteAssignment(
        section,
        attendance=list(
            KutyAttendance.objects.filter(section=section, owner_organisation_id=organisation_id).order_by(
                "day"
            )
        ),
        feedback=list(
            KutySiteFeedback.objects.filter(section=section, owner_organisation_id=organisation_id).order_by(
                "given_on", "id"
            )
        ),
    )


def attendance_record(
    *,
    actor: User,
    assignment: SiteAssignment,
    data: dict[str, Any],
    today: date | None = None,
) -> KutyAttendance:
    """One day at the site: present, or absent with the reason; a day within the period, not ahead, once.
    The caller has authorised the write (`site_assignment_get(action=CREATE)`)."""
    section = assignment.section
    today = today or timezone.localdate()
    day, present = data.get("day"), data.get("present")
    reason = (data.get("absence_reason") or "").strip()
    refusals: dict[str, str] = {}
    if day is None or day > today:
        refusals["day"] = _("Läsnäolo kirjataan toteutuneelle päivälle.")
    elif not section.starts_on <= day <= section.ends_on:
        refusals["day"] = _("Päivän on oltava jakson aikana.")
    if present is None:
        refusals["present"] = _("Valitse, oliko asiakas paikalla.")
    elif not present and not reason:
        refusals["absence_reason"] = _("Kirjaa poissaolon syy.")
    if refusals:
        raise InvalidPathData(refusals)
    try:
        with transaction.atomic():
            return KutyAttendance.objects.create(
                section=section,
                day=data["day"],
                present=bool(present),
                absence_reason="" if present else reason,
                owner_organisation=_organisation(actor),
                created_by=actor,
            )
    except IntegrityError as error:
        raise AlreadyRecorded(_("Päivän läsnäolo on jo kirjattu.")) from error


def feedback_record(
    *, actor: User, assignment: SiteAssignment, data: dict[str, Any], today: date | None = None
) -> KutySiteFeedback:
    """The site's feedback on the period, for the social worker. The caller has authorised the write."""
    today = today or timezone.localdate()
    given_on, text = data.get("given_on"), (data.get("text") or "").strip()
    refusals: dict[str, str] = {}
    if given_on is None or given_on > today:
        refusals["given_on"] = _("Palautteen päivä ei voi olla tulevaisuudessa.")
    if not text:
        refusals["text"] = _("Kirjoita palaute.")
    if refusals:
        raise InvalidPathData(refusals)
    with transaction.atomic():
        return KutySiteFeedback.objects.create(
            section=assignment.section,
            given_on=data["given_on"],
            text=text,
            owner_organisation=_organisation(actor),
            created_by=actor,
        )
