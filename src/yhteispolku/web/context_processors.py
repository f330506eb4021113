from django.conf import settings
from django.http import HttpRequest

from yhteispolku.access.relations import can_work_with_clients


def site(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "demo_mode": settings.DEMO_MODE,
        # Whether to offer the client pages at all; each page still asks the access policy.
        "works_with_clients": bool(user and user.is_authenticated and can_work_with_clients(user)),
    }
