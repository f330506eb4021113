"""The REST API at /api/v1/: one NinjaAPI, one router module per domain.

A domain adds its endpoints as a router module under `api/` (e.g. `api/plans.py` with
`router = Router(tags=["plans"])`) and one line in `ROUTERS` below; authentication, the request
language and the JSON errors apply to every router added here.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Router

from yhteispolku.api import docs, errors
from yhteispolku.api.auth import API_AUTH
from yhteispolku.api.language import in_request_language
from yhteispolku.api.strict import strict_json_bodies

# URL prefix → router module (a dotted path to its `router`).
ROUTERS = {
    "/clients": "yhteispolku.api.clients.router",
    "/cases": "yhteispolku.api.cases.router",
    "/plans": "yhteispolku.api.plans.router",
    "/assessments": "yhteispolku.api.assessments.router",
    "/collaboration": "yhteispolku.api.collaboration.router",
    "/worklist": "yhteispolku.api.worklist.router",
    "/documents": "yhteispolku.api.documents.router",
    "/applications": "yhteispolku.api.applications.router",
    "/paths": "yhteispolku.api.paths.router",
    "/youth": "yhteispolku.api.youth.router",
    "/kela-reviews": "yhteispolku.api.kela_reviews.router",
    # The FHIR export lives in its own app above the API (docs/fhir.md).
    "/fhir": "yhteispolku.interop.api.router",
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
# First added, innermost: the strict reading of JSON bodies is set on each operation (api/strict.py).
api.add_decorator(strict_json_bodies, mode="view")
api.add_decorator(in_request_language, mode="view")


@api.get("/docs/assets/{name}", auth=None, include_in_schema=False, url_name="docs_asset")
def docs_asset(request: HttpRequest, name: str) -> object:
    return docs.asset(request, name)


for prefix, router in ROUTERS.items():
    api.add_router(prefix, router)
# Routers under another domain's prefix: the client's network (/clients/{code}/network) and the
# consultation guests (/collaboration/…/guests), both in api/network.py.
SHARED_PREFIX_ROUTERS = (
    ("/clients", "yhteispolku.api.network.contacts_router"),
    ("/collaboration", "yhteispolku.api.network.guests_router"),
)
for prefix, router in SHARED_PREFIX_ROUTERS:
    api.add_router(prefix, router)

# Last, so that it matches only what no router does: an unknown API address is a JSON 404 too, not the
# site's HTML page.
unknown = Router()


@unknown.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"],
    "/{path:rest}",
    auth=None,
    include_in_schema=False,
    url_name="unknown_path",
)
def unknown_path(request: HttpRequest, rest: str) -> object:
    raise Http404


api.add_router("", unknown)
