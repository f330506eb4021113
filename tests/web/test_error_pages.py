"""Our own error pages: Finnish, no debug output, the 500 page without database or session."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client

from yhteispolku.web.views import permission_denied, server_error

pytestmark = pytest.mark.django_db


def test_it_answers_an_unknown_address_with_our_finnish_404_page(client):
    response = client.get("/ei-tallaista-sivua/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fi">' in html
    assert "Sivua ei löytynyt" in html
    assert "URLconf" not in html
    assert "Page not found" not in html


def test_the_404_page_follows_the_chosen_language(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client.get("/ei-tallaista-sivua/")

    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()


def test_the_500_handler_renders_the_static_trilingual_page(rf):
    response = server_error(rf.get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fi">' in html
    assert "Palvelussa on häiriö" in html
    assert '<h2 lang="sv">Tjänsten har en störning</h2>' in html
    assert '<h2 lang="en">The service has a fault</h2>' in html


@pytest.mark.urls("tests.web.urls_failing")
def test_a_failing_view_shows_the_500_page_without_a_stack_trace():
    client = Client(raise_request_exception=False)

    response = client.get("/testi/virhe/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Palvelussa on häiriö" in html
    assert "a bug" not in html
    assert "Traceback" not in html


def test_the_403_page_is_finnish(rf):
    request = rf.get("/")
    request.user = AnonymousUser()

    response = permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert "Ei käyttöoikeutta" in response.content.decode()


def test_a_request_for_an_unknown_host_gets_our_400_page(client):
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Virheellinen pyyntö" in html
    assert "ALLOWED_HOSTS" not in html
