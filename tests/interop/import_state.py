"""What an import leaves in the database, without row ids, to compare runs (tests/interop/test_import.py)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, PhaseTransition
from yhteispolku.clients.models import Client, Consent
from yhteispolku.interop.models import ImportCheckpoint
from yhteispolku.plans.models import AgreedService, PlanVersion


def database_state() -> dict[str, Any]:
    return {
        "clients": sorted(
            Client.objects.values_list(
                "identity_code_hash", "first_names", "last_name", "home_municipality_id", "service_language"
            )
        ),
        "relationships": sorted(
            ClientRelationship.objects.values_list(
                "client__identity_code_hash",
                "track",
                "responsible_organisation__slug",
                "responsible_unit__slug",
                "phase",
                "started_on",
                "ended_on",
            )
        ),
        "transitions": PhaseTransition.objects.count(),
        "plan_versions": sorted(
            PlanVersion.objects.values_list(
                "plan__relationship__client__identity_code_hash", "number", "status", "plan__plan_type"
            )
        ),
        "services": sorted(
            AgreedService.objects.values_list(
                "version__plan__relationship__client__identity_code_hash",
                "service_type__code",
                "starts_on",
                "ends_on",
            )
        ),
        "consents": sorted(
            (hash_, purpose, tuple(categories), given_on, tuple(sorted(organisations)))
            for hash_, purpose, categories, given_on, organisations in _consents()
        ),
        "audit": sorted(
            Counter(
                AccessEvent.objects.filter(action="create").values_list("object_type", "actor__username")
            ).items()
        ),
        "checkpoints": sorted(
            ImportCheckpoint.objects.values_list("file_sha256", "last_committed_row", "rows_total")
        ),
    }


def _consents() -> list[tuple[str, str, list[str], Any, list[str]]]:
    return [
        (
            consent.client.identity_code_hash or "",
            consent.purpose,
            list(consent.categories),
            consent.given_on,
            [organisation.slug for organisation in consent.organisations.all()],
        )
        for consent in Consent.objects.select_related("client").prefetch_related("organisations")
    ]
