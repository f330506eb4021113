"""The login page: Finnish first, one clear error for any wrong credentials."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

WRONG_CREDENTIALS = "Käyttäjätunnus tai salasana on väärin. Tarkista ne ja yritä uudelleen."


def test_it_shows_the_login_page_in_finnish_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fi">' in html
    assert "Kirjaudu sisään" in html
    assert 'autocomplete="current-password"' in html


def test_it_refuses_a_wrong_password_with_a_finnish_message(client, employment_expert):
    response = client.post(
        reverse("accounts:login"), {"username": employment_expert.username, "password": "väärä-salasana"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert WRONG_CREDENTIALS in html
    assert "Traceback" not in html
    assert "_auth_user_id" not in client.session


def test_it_gives_an_unknown_user_the_same_message_as_a_wrong_password(client, employment_expert):
    wrong_password = client.post(
        reverse("accounts:login"), {"username": employment_expert.username, "password": "väärä-salasana"}
    )
    unknown_user = client.post(
        reverse("accounts:login"), {"username": "ei.ketaan", "password": "väärä-salasana"}
    )

    assert unknown_user.status_code == 200
    assert WRONG_CREDENTIALS in unknown_user.content.decode()
    assert (
        wrong_password.context["form"].non_field_errors() == unknown_user.context["form"].non_field_errors()
    )


def test_it_asks_for_both_fields_in_finnish(client):
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})

    assert response.status_code == 200
    assert "Tämä kenttä vaaditaan." in response.content.decode()


def test_it_refuses_a_deactivated_account_without_revealing_it_exists(client, make_professional, password):
    user = make_professional(
        "social_counsellor", "satakunta-wellbeing-county", "satakunta-wc-social", is_active=False
    )

    response = client.post(reverse("accounts:login"), {"username": user.username, "password": password})

    assert response.status_code == 200
    assert WRONG_CREDENTIALS in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_accepts_the_right_password_and_moves_on_to_the_second_factor(client, employment_expert, password):
    response = client.post(
        reverse("accounts:login"), {"username": employment_expert.username, "password": password}, follow=True
    )

    assert response.redirect_chain[-1][0].startswith(reverse("accounts:totp_setup"))
    assert client.session["_auth_user_id"] == str(employment_expert.pk)


def test_it_sends_an_already_logged_in_user_home(verified_client, employment_expert):
    client = verified_client(employment_expert)

    response = client.get(reverse("accounts:login"))

    assert response.status_code == 302
    assert response.url == reverse("web:home")


def test_it_does_not_autofocus_past_the_skip_link_and_introduction(client):
    html = client.get(reverse("accounts:login")).content.decode()

    assert "autofocus" not in html
