"""The API documentation page (Swagger UI) under the site's strict Content Security Policy.

django-ninja loads Swagger UI from a CDN unless "ninja" is an installed app. The files it ships are
served here from the installed package instead: same origin, so `script-src 'self'` allows them, no
third party sees who reads the documentation, and the CSP stays as strict as on every other page.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

ASSET_DIRECTORY = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-init.js")
ASSET_MAX_AGE = 24 * 60 * 60


class SameOriginSwagger(DocsBase):
    settings: dict[str, Any] = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # Swagger UI would otherwise send the schema to validator.swagger.io for a badge.
        "validatorUrl": None,
    }

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(
            request,
            "api/docs.html",
            {
                "api": api,
                "swagger_settings": settings,
                # Keys a template can read: "swagger-ui.css" → "swagger_ui_css".
                "assets": {
                    name.replace("-", "_").replace(".", "_"): reverse(
                        f"{api.urls_namespace}:docs_asset", args=[name]
                    )
                    for name in ASSETS
                },
            },
        )


def asset(request: HttpRequest, name: str) -> FileResponse:
    """One of the Swagger UI files shipped with the pinned django-ninja; nothing else."""
    if name not in ASSETS:
        raise Http404
    path = ASSET_DIRECTORY / name
    response = FileResponse(path.open("rb"), content_type=mimetypes.guess_type(name)[0])
    patch_cache_control(response, public=True, max_age=ASSET_MAX_AGE)
    return response
