"""Passwords are stored as Argon2id hashes at Django's cost (the other tests use a cheaper Argon2)."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.urls import reverse

pytestmark = pytest.mark.django_db

PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS


def test_the_project_hashes_with_argon2_first():
    assert [h for h in settings.PASSWORD_HASHERS if not h.startswith("tests.")] == PRODUCTION_HASHERS


def test_it_hashes_new_passwords_with_argon2id(production_hashers, django_user_model):
    user = django_user_model.objects.create_user("uusi.kayttaja", password="Pitkä-ja-hyvä-salasana-1")

    assert user.password.startswith("argon2$argon2id$v=19$m=102400,t=2,p=8$")
    assert "Pitkä-ja-hyvä-salasana-1" not in user.password
    assert check_password("Pitkä-ja-hyvä-salasana-1", user.password)


def test_it_rehashes_an_old_pbkdf2_password_at_login(
    production_hashers, client, employment_expert, totp_optional, password
):
    employment_expert.password = make_password(password, hasher="pbkdf2_sha256")
    employment_expert.save(update_fields=["password"])

    client.post(reverse("accounts:login"), {"username": employment_expert.username, "password": password})

    employment_expert.refresh_from_db()
    assert employment_expert.password.startswith("argon2$argon2id$")
