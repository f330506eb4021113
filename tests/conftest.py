"""Personas and login helpers shared by every test.

The personas mirror SPEC §1: professionals of the employment area, the wellbeing services county
and Kela, each with a role, an organisation and a unit. Organisations and units normally come from
the reference-data migrations; `organisation_and_unit` creates them when a test database lacks them,
so tests do not depend on which reference data has landed.
"""

import base64
import itertools
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from yhteispolku.accounts.models import Role, User
from yhteispolku.organisations.models import Organisation, Unit
from yhteispolku.rules import engine

PASSWORD = "Satakunnan-polku-kulkee-2026"

# Names used only when the reference-data migrations have not created these rows.
KNOWN_ORGANISATIONS = {
    "satakunta-employment-area": (Organisation.Kind.EMPLOYMENT_AUTHORITY, "Satakunnan työllisyysalue"),
    "satakunta-wellbeing-county": (Organisation.Kind.WELLBEING_COUNTY, "Satakunnan hyvinvointialue"),
    "keusote": (Organisation.Kind.WELLBEING_COUNTY, "Keski-Uudenmaan hyvinvointialue"),
    "kela": (Organisation.Kind.KELA, "Kela"),
}
KNOWN_UNITS = {
    "satakunta-ea-tym": (Unit.Kind.TYM_TEAM, "TYM-tiimi"),
    "satakunta-wc-social": (Unit.Kind.SERVICE_UNIT, "Aikuissosiaalityö"),
    "keusote-health": (Unit.Kind.SERVICE_UNIT, "Terveyspalvelut"),
    "kela-west": (Unit.Kind.INSURANCE_DISTRICT, "Läntinen vakuutuspiiri"),
}

_usernames = itertools.count(1)
_password_hashes: dict[tuple[str, str], str] = {}


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at the lowest cost. Production's cost is a tenth of a second per login; the tests log
    in hundreds of times. tests/accounts/test_passwords.py checks production's hasher."""

    time_cost = 1
    memory_cost = 8
    parallelism = 1


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """The clock stopped at the real present (the next minute's 10th second, so that shifts of a few
    seconds stay inside one 30-second TOTP step), to be shifted forward.

    Never travel to a fixed date in a test whose fixtures (users, sessions, lockout records) are made at
    the real time: a session saved in the past expires by the real clock once the travel ends, so such a
    test starts failing on a later day (tests/accounts/test_lockout.py did from December 2026).
    """
    start = timezone.now().replace(second=10, microsecond=0) + timedelta(minutes=1)
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def quick_password_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["tests.conftest.QuickArgon2PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def own_audit_anchor_file(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test's own anchor file (none written yet): `verify-audit` checks the newest anchor in it."""
    settings.AUDIT_ANCHOR_FILE = tmp_path_factory.mktemp("anchors") / "audit-anchors.jsonl"


def password_hash(password: str) -> str:
    """Each test password hashed once per run and hasher; the hash is shared by every persona."""
    key = (password, django_settings.PASSWORD_HASHERS[0])
    if key not in _password_hashes:
        _password_hashes[key] = make_password(password)
    return _password_hashes[key]


def organisation_and_unit(
    org_slug: str, unit_slug: str, kind: str | None = None, unit_kind: str | None = None
) -> tuple[Organisation, Unit]:
    """The organisation and unit with these slugs, created if the reference data lacks them."""
    known_kind, org_name = KNOWN_ORGANISATIONS.get(org_slug, (None, org_slug))
    organisation, _created = Organisation.objects.get_or_create(
        slug=org_slug,
        defaults={"kind": kind or known_kind or Organisation.Kind.EMPLOYMENT_AUTHORITY, "name_fi": org_name},
    )
    known_unit_kind, unit_name = KNOWN_UNITS.get(unit_slug, (None, unit_slug))
    unit, _created = Unit.objects.get_or_create(
        slug=unit_slug,
        defaults={
            "organisation": organisation,
            "kind": unit_kind or known_unit_kind or Unit.Kind.TEAM,
            "name_fi": unit_name,
        },
    )
    assert unit.organisation_id == organisation.pk, f"unit {unit_slug} belongs to another organisation"
    return organisation, unit


def totp_code(device_or_secret: TOTPDevice | str) -> str:
    """The code an authenticator app shows now, for a device or for the base32 secret on the setup page."""
    if isinstance(device_or_secret, TOTPDevice):
        device = device_or_secret
        value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        return f"{value:0{device.digits}d}"
    return f"{totp(base64.b32decode(device_or_secret)):06d}"


def wrong_totp_code(device: TOTPDevice) -> str:
    """A code that no step in the device's tolerance window accepts."""
    valid = {
        f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):0{device.digits}d}"
        for drift in range(device.drift - device.tolerance - 1, device.drift + device.tolerance + 2)
    }
    return next(code for code in ("000000", "111111", "222222", "333333", "444444") if code not in valid)


@pytest.fixture
def fresh_rule_cache() -> Iterator[None]:
    """For a test that adds rule versions: they roll back with its transaction, so the engine's
    per-process cache must not outlive the test."""
    engine.clear_cache()
    yield
    engine.clear_cache()


@pytest.fixture(name="organisation_and_unit")
def organisation_and_unit_fixture(db: None) -> Callable[..., tuple[Organisation, Unit]]:
    return organisation_and_unit


@pytest.fixture(name="totp_code")
def totp_code_fixture() -> Callable[[TOTPDevice | str], str]:
    return totp_code


@pytest.fixture(name="wrong_totp_code")
def wrong_totp_code_fixture() -> Callable[[TOTPDevice], str]:
    return wrong_totp_code


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def make_professional(db: None) -> Callable[..., User]:
    def make(
        role_code: str,
        org_slug: str,
        unit_slug: str,
        username: str | None = None,
        password: str = PASSWORD,
        **fields: object,
    ) -> User:
        role = Role.objects.get(code=role_code)
        known_kind = KNOWN_ORGANISATIONS.get(org_slug, (None, ""))[0]
        organisation, unit = organisation_and_unit(
            org_slug, unit_slug, known_kind or role.organisation_kinds[0]
        )
        user = User(
            username=username or f"{role_code.replace('_', '-')}-{next(_usernames)}",
            role=role,
            organisation=organisation,
            unit=unit,
            password=password_hash(password),
            **fields,
        )
        user.save()
        return user

    return make


@pytest.fixture
def employment_expert(make_professional: Callable[..., User]) -> User:
    """Pori employment area's TYM team: the employment half of the client's worker pair."""
    return make_professional(
        "employment_expert",
        "satakunta-employment-area",
        "satakunta-ea-tym",
        username="tiina.tyonen",
        first_name="Tiina",
        last_name="Työnen",
        title="työllisyysasiantuntija",
    )


@pytest.fixture
def social_worker(make_professional: Callable[..., User]) -> User:
    """Satakunta wellbeing services county: the social-services half of the worker pair."""
    return make_professional(
        "social_worker",
        "satakunta-wellbeing-county",
        "satakunta-wc-social",
        username="sanna.sosionomi",
        first_name="Sanna",
        last_name="Sosionomi",
    )


@pytest.fixture
def keusote_nurse(make_professional: Callable[..., User]) -> User:
    """A public health nurse in another county, with no case in Satakunta."""
    return make_professional(
        "public_health_nurse",
        "keusote",
        "keusote-health",
        username="kaisa.keusote",
        first_name="Kaisa",
        last_name="Keskinen",
    )


@pytest.fixture
def totp_required(settings: Settings) -> None:
    """Outside demo mode: every professional must pass TOTP (already the default in tests; explicit here)."""
    settings.TOTP_REQUIRED = True


@pytest.fixture
def totp_optional(settings: Settings) -> None:
    """Demo mode's bypass: professionals without a device log in with a password alone."""
    settings.TOTP_REQUIRED = False


@pytest.fixture
def confirmed_device(db: None) -> Callable[[User], TOTPDevice]:
    def make(user: User) -> TOTPDevice:
        return TOTPDevice.objects.create(user=user, name="Todennussovellus", confirmed=True)

    return make


@pytest.fixture
def logged_in_client(db: None, confirmed_device: Callable[[User], TOTPDevice]) -> Callable[..., Client]:
    """A client that logged in through the real login and TOTP pages (for tests about logging in)."""

    def log_in(user: User, password: str = PASSWORD) -> Client:
        client = Client()
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or confirmed_device(user)
        response = client.post(reverse("accounts:login"), {"username": user.username, "password": password})
        assert response.status_code == 302, "the password was not accepted"
        response = client.post(reverse("accounts:totp_verify"), {"token": totp_code(device)})
        assert response.status_code == 302, "the TOTP code was not accepted"
        return client

    return log_in


@pytest.fixture
def verified_client(db: None, confirmed_device: Callable[[User], TOTPDevice]) -> Callable[[User], Client]:
    """A client already past password and TOTP, for tests about something other than logging in."""

    def sign_in(user: User) -> Client:
        client = Client()
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or confirmed_device(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return sign_in


@pytest.fixture(autouse=True)
def finnish_by_default() -> Iterator[None]:
    """Every test starts in Finnish: a request in Swedish leaves its language active on the thread."""
    translation.activate("fi")
    yield
    translation.deactivate()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The API fuzzing's figures (tests/api/test_fuzzing.py), summed over its tests' call reports."""
    runs: dict[str, Any] = {}
    operations: set[str] = set()
    failing: set[str] = set()
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for name, figures in getattr(report, "user_properties", ()):
                if name == "schemathesis":
                    runs[figures["run"]] = figures
    requests = sum(figures["requests"] for figures in runs.values())
    tests = len(runs)
    for figures in runs.values():
        operations |= set(figures["operations"])
        failing |= set(figures["failing"])
    phases: dict[str, int] = {}
    statuses: dict[str, int] = {}
    for figures in runs.values():
        for totals, counts in ((phases, figures.get("phases", {})), (statuses, figures.get("statuses", {}))):
            for key, count in counts.items():
                totals[key] = totals.get(key, 0) + count
    if tests:
        terminalreporter.write_line(
            f"schemathesis phases: {dict(sorted(phases.items()))}; "
            f"statuses (phase tests): {dict(sorted(statuses.items()))}"
        )
        terminalreporter.write_line(
            f"schemathesis: {requests} requests over {len(operations)} operations in {tests} tests, "
            f"{len(failing)} operations failing" + (f": {', '.join(sorted(failing))}" if failing else "")
        )
