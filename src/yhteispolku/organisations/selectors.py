"""Reads of the organisation register. Reference data only, no personal data, so no actor and no audit."""

from datetime import date

from django.db.models import Q, QuerySet

from yhteispolku.organisations.models import KelaContact, Organisation


def authorities_for_municipality(code: str) -> QuerySet[Organisation]:
    """The employment authority, wellbeing services county and Kela whose area includes the municipality."""
    return (
        Organisation.objects.filter(kind__in=Organisation.AUTHORITY_KINDS)
        .filter(Q(municipalities__code=code) | Q(kind=Organisation.Kind.KELA))
        .distinct()
    )


def kela_contacts(unit_id: int | None, on: date) -> list[KelaContact]:
    """The Kela professionals named for a TYM team on a day (one query); names and roles, no client data."""
    if unit_id is None:
        return []
    return list(KelaContact.objects.in_force(on).filter(unit_id=unit_id).select_related("user__role"))
