"""Every response carries the security headers; cookies are out of reach of scripts."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def directives(policy):
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_it_sends_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("accounts:login"))

    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


def test_it_forbids_framing(client):
    assert client.get(reverse("accounts:login"))["X-Frame-Options"] == "DENY"


def test_it_forbids_content_sniffing(client):
    assert client.get(reverse("accounts:login"))["X-Content-Type-Options"] == "nosniff"


def test_it_keeps_the_referrer_on_the_site(client):
    assert client.get(reverse("accounts:login"))["Referrer-Policy"] == "same-origin"


def test_it_sends_hsts_over_https_when_debug_is_off(client):
    assert not settings.DEBUG

    response = client.get(reverse("accounts:login"), secure=True)

    assert (
        response["Strict-Transport-Security"] == f"max-age={settings.SECURE_HSTS_SECONDS}; includeSubDomains"
    )
    assert settings.SECURE_HSTS_SECONDS >= 31536000


def test_the_headers_are_on_error_pages_too(client):
    response = client.get("/ei-tallaista-sivua/", secure=True)

    assert response.status_code == 404
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" in response


def test_the_session_cookie_is_httponly_and_samesite(client, employment_expert, password):
    response = client.post(
        reverse("accounts:login"), {"username": employment_expert.username, "password": password}
    )

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_pages_use_no_inline_script(client):
    html = client.get(reverse("accounts:login")).content.decode()

    for tag in html.split("<script")[1:]:
        assert " src=" in tag.split(">")[0], "an inline <script> would be blocked by the CSP"


def test_a_view_that_chose_public_caching_keeps_it(client):
    """The API documentation's script files hold no client data and may be cached."""
    response = client.get("/api/v1/docs/assets/swagger-ui-bundle.js")

    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]


def test_a_view_that_says_no_store_is_also_private(make_professional, verified_client):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from yhteispolku.web.middleware import NoStoreMiddleware

    def view(request):
        response = HttpResponse("PDF")
        response["Cache-Control"] = "no-store"
        return response

    request = RequestFactory().get("/asiakkaat/")
    request.user = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")
    response = NoStoreMiddleware(view)(request)

    assert {part.strip() for part in response["Cache-Control"].split(",")} == {"no-store", "private"}
