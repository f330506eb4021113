"""The API docs page works under the site's strict CSP: Swagger UI from our own origin, no CDN."""

import re

from django.test import Client as HttpClient


def test_the_docs_page_loads_swagger_ui_from_our_own_origin(db: None) -> None:
    response = HttpClient().get("/api/v1/docs")
    body = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', body)
    assert response.status_code == 200
    assert sources, "no scripts or styles on the page"
    assert all(source.startswith(("/api/v1/docs/assets/", "data:")) for source in sources)
    assert "<script>" not in body  # no inline script: the CSP has no 'unsafe-inline'


def test_the_docs_page_keeps_the_sites_csp(db: None) -> None:
    policy = HttpClient().get("/api/v1/docs")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_the_swagger_ui_files_are_served(db: None) -> None:
    for name, kind in [("swagger-ui-bundle.js", "javascript"), ("swagger-ui.css", "text/css")]:
        response = HttpClient().get(f"/api/v1/docs/assets/{name}")
        assert response.status_code == 200
        assert kind in response["Content-Type"]


def test_only_the_swagger_ui_files_are_served(db: None) -> None:
    for name in ["redoc.standalone.js", "..%2F__init__.py", "swagger-ui-bundle.js.map"]:
        assert HttpClient().get(f"/api/v1/docs/assets/{name}").status_code == 404
