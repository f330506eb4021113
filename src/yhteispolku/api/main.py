"""The REST API at /api/v1/: one NinjaAPI, one router module per domain.

A domain adds its endpoints as a router module under `api/` (e.g. `api/plans.py` with
`router = Router(tags=["plans"])`) and one line in `ROUTERS` below; authentication, the request
language and the JSON errors apply to every router added here.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI

from yhteispolku.api import docs, errors
from yhteispolku.api.auth import API_AUTH
from yhteispolku.api.language import in_request_language

# URL prefix → router module (a dotted path to its `router`).
ROUTERS = {
    "/clients": "yhteispolku.api.clients.router",
}

api = NinjaAPI(
    title="Yhteispolku API",
    version="1",
    description=(
        "Authentication: the browser session (unsafe methods need the X-CSRFToken header) or a token "
        "created on the profile page (/tili/profiili/), sent as `Authorization: Bearer <token>`. Errors "
        "are JSON with a stable `code` and a `message` in the language of Accept-Language (Finnish by "
        "default)."
    ),
    urls_namespace="api",
    auth=API_AUTH,
    docs=docs.SameOriginSwagger(),
)
errors.install(api)
api.add_decorator(in_request_language, mode="view")


@api.get("/docs/assets/{name}", auth=None, include_in_schema=False, url_name="docs_asset")
def docs_asset(request: HttpRequest, name: str) -> object:
    return docs.asset(request, name)


for prefix, router in ROUTERS.items():
    api.add_router(prefix, router)
