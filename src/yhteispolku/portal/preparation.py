"""What the client fills in before the first meeting and what she acknowledges (SPEC §1, §3 step 1, §5.1).

Her pre-information form (`cases.PreInformation`, `how` portal) and her self-assessment of her situation
and work ability (`assessments.SelfAssessment`), one of each per relationship, which the team sees on the
mapping page; and the entries of the joint plan a professional showed her (`clients.JournalEntry`
`shown_to_client_at`), which she acknowledges once. As everywhere in the portal, every lookup is by her
own client: another's relationship or entry is a 404 with a denied entry in that client's log, and each
read and write is audited with her as the actor (`portal.selectors._audit_own`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest

from yhteispolku.assessments.models import SelfAssessment
from yhteispolku.assessments.services import SELF_ASSESSMENT, self_assessment_save_by_client
from yhteispolku.cases.models import OWN_FORM_PHASES, ClientRelationship, PreInformation
from yhteispolku.cases.services import pre_information_save_by_client
from yhteispolku.clients.models import JOURNAL_OBJECT_TYPE, Client, JournalEntry
from yhteispolku.clients.selectors import withheld_codes
from yhteispolku.clients.services import journal_entry_acknowledge_by_client
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.portal.selectors import _audit_own

PRE_INFORMATION = "cases.preinformation"


@dataclass
class OwnForms:
    """One relationship of hers with her two forms (None until sent), and whether she may still change
    them (the relationship is not ending and the team has not marked the form read)."""

    relationship: ClientRelationship
    pre_information: PreInformation | None
    self_assessment: SelfAssessment | None

    @property
    def fillable(self) -> bool:
        return self.relationship.phase in OWN_FORM_PHASES

    @property
    def pre_information_open(self) -> bool:
        return self.fillable and (self.pre_information is None or self.pre_information.read_at is None)

    @property
    def self_assessment_open(self) -> bool:
        return self.fillable and (self.self_assessment is None or self.self_assessment.read_at is None)


def _own_relationship(
    client: Client,
    relationship_code: uuid.UUID | str,
    request: HttpRequest | None,
    *,
    object_type: str,
    action: str,
) -> ClientRelationship:
    try:
        relationship = ClientRelationship.objects.select_related("client").get(code=relationship_code)
    except (ClientRelationship.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error
    if relationship.client_id != client.pk:
        _audit_own(
            client,
            request,
            object_type=object_type,
            object_id=str(relationship.code),
            action=action,
            owner=relationship.client,
        )
        raise Http404
    return relationship


def own_forms(
    *,
    client: Client,
    relationship_code: uuid.UUID | str,
    request: HttpRequest | None = None,
    object_type: str = PRE_INFORMATION,
) -> OwnForms:
    """Her forms of one relationship of hers, the read of `object_type`'s form audited as hers; another's
    relationship is a 404 with a denied entry."""
    relationship = _own_relationship(
        client, relationship_code, request, object_type=object_type, action=Action.VIEW
    )
    forms = OwnForms(
        relationship=relationship,
        pre_information=PreInformation.objects.filter(
            relationship=relationship, how=PreInformation.How.PORTAL
        ).first(),
        self_assessment=SelfAssessment.objects.filter(relationship=relationship).first(),
    )
    shown = forms.pre_information if object_type == PRE_INFORMATION else forms.self_assessment
    _audit_own(
        client,
        request,
        object_type=object_type,
        object_id=str(shown.code) if shown is not None else str(relationship.code),
    )
    return forms


def own_form_overview(*, client: Client) -> list[OwnForms]:
    """Her relationships in which she fills in her forms, for the front page's links (no form content is
    read here: the front page's own read is audited by `portal.selectors.overview`)."""
    relationships = list(
        ClientRelationship.objects.filter(client=client, phase__in=OWN_FORM_PHASES).order_by(
            "-started_on", "id"
        )
    )
    pre = {
        info.relationship_id: info
        for info in PreInformation.objects.filter(
            relationship__in=relationships, how=PreInformation.How.PORTAL
        )
    }
    own = {row.relationship_id: row for row in SelfAssessment.objects.filter(relationship__in=relationships)}
    return [OwnForms(r, pre.get(r.pk), own.get(r.pk)) for r in relationships]


def save_pre_information(
    *,
    client: Client,
    relationship_code: uuid.UUID | str,
    expected_version: int,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> PreInformation:
    """Send or change her pre-information form, audited as her own write (the cases app saves it)."""
    relationship = _own_relationship(
        client, relationship_code, request, object_type=PRE_INFORMATION, action=Action.UPDATE
    )
    _audit_own(
        client, request, object_type=PRE_INFORMATION, object_id=str(relationship.code), action=Action.UPDATE
    )
    return pre_information_save_by_client(
        relationship=relationship, expected_version=expected_version, **data
    )


def save_self_assessment(
    *,
    client: Client,
    relationship_code: uuid.UUID | str,
    expected_version: int,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> SelfAssessment:
    """Send or change her self-assessment, audited as her own write (the assessments app saves it)."""
    relationship = _own_relationship(
        client, relationship_code, request, object_type=SELF_ASSESSMENT, action=Action.UPDATE
    )
    _audit_own(
        client, request, object_type=SELF_ASSESSMENT, object_id=str(relationship.code), action=Action.UPDATE
    )
    return self_assessment_save_by_client(
        relationship=relationship, expected_version=expected_version, **data
    )


def own_entries(*, client: Client, request: HttpRequest | None = None) -> list[JournalEntry]:
    """The entries of the joint plan shown to her, newest first (one audited read)."""
    # An entry withheld from her by a recorded decision (SPEC §5.1) is not hers to see, even once shown.
    hidden = withheld_codes(client, JOURNAL_OBJECT_TYPE)
    entries = [
        entry
        for entry in JournalEntry.objects.filter(
            client=client, category=DataCategory.PLAN, shown_to_client_at__isnull=False
        )
        .select_related("author__role", "organisation")
        .order_by("-created_at", "-id")
        if entry.code not in hidden
    ]
    _audit_own(client, request, object_type=JOURNAL_OBJECT_TYPE)
    return entries


def acknowledge_entry(
    *, client: Client, entry_code: uuid.UUID | str, request: HttpRequest | None = None
) -> JournalEntry:
    """She acknowledges an entry shown to her ("Olen lukenut"), once, audited as her own write; another's
    entry is a 404 with a denied entry, one not shown to her a 404; a second acknowledgement is
    EntryAlreadyAcknowledged (409) and changes nothing."""
    try:
        entry = JournalEntry.objects.select_related("client").get(code=entry_code)
    except (JournalEntry.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error
    if entry.client_id != client.pk:
        _audit_own(
            client,
            request,
            object_type=JOURNAL_OBJECT_TYPE,
            object_id=str(entry.code),
            action=Action.UPDATE,
            owner=entry.client,
        )
        raise Http404
    if (
        entry.shown_to_client_at is None
        or entry.category != DataCategory.PLAN
        or entry.code in withheld_codes(client, JOURNAL_OBJECT_TYPE)
    ):
        raise Http404
    _audit_own(
        client, request, object_type=JOURNAL_OBJECT_TYPE, object_id=str(entry.code), action=Action.UPDATE
    )
    return journal_entry_acknowledge_by_client(entry=entry)


def entries_to_acknowledge(*, client: Client) -> int:
    """How many entries shown to her she has not acknowledged yet, for the front page's link (a count, no
    content: nothing of the entries is read)."""
    return JournalEntry.objects.filter(
        client=client,
        category=DataCategory.PLAN,
        shown_to_client_at__isnull=False,
        acknowledged_at__isnull=True,
    ).count()
