"""Reads of the organisation register. Reference data only, no personal data, so no actor and no audit."""

from django.db.models import Q, QuerySet

from yhteispolku.organisations.models import Organisation


def authorities_for_municipality(code: str) -> QuerySet[Organisation]:
    """The employment authority, wellbeing services county and Kela whose area includes the municipality."""
    return (
        Organisation.objects.filter(kind__in=Organisation.AUTHORITY_KINDS)
        .filter(Q(municipalities__code=code) | Q(kind=Organisation.Kind.KELA))
        .distinct()
    )
