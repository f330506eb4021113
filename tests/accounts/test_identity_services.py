"""Professionals' login through their organisation's identity service, against a real OpenID provider on
localhost (oidc-provider-mock, as the portal's tests): the user is found among that organisation's users
only, the TOTP step stays unless the organisation trusts the provider's multi-factor assertion, every
refusal is logged and told in the user's language, lockout and the login log work as for a password, an
organisation can turn Yhteispolku passwords off, and clients' and professionals' sessions stay apart."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client as HttpClient
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings as SettingsWrapper

from tests.portal.conftest import Provider, expiring_oidc_provider, oidc_provider  # noqa: F401 - fixtures
from yhteispolku.accounts import identity_services
from yhteispolku.accounts.models import IdentityService, User
from yhteispolku.accounts.second_factor import PROVIDER_MFA_SESSION_KEY
from yhteispolku.organisations.models import Organisation

pytestmark = pytest.mark.django_db

CLIENT_ID = "yhteispolku-ammattilaiset"
LOG = "yhteispolku.accounts.identity_services"
START = "/tili/kirjaudu/organisaatio/{code}/"
CALLBACK = "/tili/kirjaudu/organisaatio/paluu/"
NOT_HERE = "Tunnuksellesi ei löydy tämän organisaation Yhteispolku-käyttäjää"


def make_service(provider: Provider, organisation: Organisation, **fields: object) -> IdentityService:
    values: dict[str, object] = {
        "issuer": provider.url,
        "authorization_endpoint": f"{provider.url}/oauth2/authorize",
        "token_endpoint": f"{provider.url}/oauth2/token",
        "jwks_endpoint": f"{provider.url}/jwks",
        "userinfo_endpoint": f"{provider.url}/userinfo",
        "client_id": CLIENT_ID,
        "client_secret": "secret",
        "scopes": "openid email",
        "user_claim": "email",
        "match_field": IdentityService.MatchField.EMAIL,
        **fields,
    }
    return IdentityService.objects.create(organisation=organisation, **values)


def log_in_through(
    provider: Provider, browser: HttpClient, service: IdentityService, sub: str, next_url: str = ""
):
    """Start at the login page's choice, identify at the provider as `sub`, come back: the callback."""
    started = browser.get(START.format(code=service.code), {"next": next_url} if next_url else {})
    assert started.status_code == 302
    back = provider.authorize(started["Location"], sub)
    parts = urlsplit(back)
    return browser.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})


@pytest.fixture
def expert(employment_expert: User) -> User:
    employment_expert.email = "tiina.tyonen@pori.example"
    employment_expert.save(update_fields=["email"])
    return employment_expert


@pytest.fixture
def service(oidc_provider: Provider, expert: User) -> IdentityService:  # noqa: F811
    oidc_provider.person("tiina", {"email": "Tiina.Tyonen@pori.example"})
    return make_service(oidc_provider, expert.organisation)  # type: ignore[arg-type]


def _logged_in_as(browser: HttpClient, user: User) -> bool:
    return browser.session.get("_auth_user_id") == str(user.pk)


def _refused(response, caplog: pytest.LogCaptureFixture, reason: str, text: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 403
    assert text in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert f"reason={reason}" in caplog.text


# --- the login page -------------------------------------------------------------------------------------


def test_the_login_page_offers_only_enabled_identity_services(
    oidc_provider: Provider,  # noqa: F811
    expert: User,
    social_worker: User,
) -> None:
    assert (
        "Kirjaudu organisaatiosi tunnistuspalvelulla"
        not in HttpClient().get("/tili/kirjaudu/").content.decode()
    )
    shown = make_service(oidc_provider, expert.organisation)  # type: ignore[arg-type]
    hidden = make_service(oidc_provider, social_worker.organisation, enabled=False)  # type: ignore[arg-type]
    html = HttpClient().get("/tili/kirjaudu/").content.decode()
    assert "Kirjaudu organisaatiosi tunnistuspalvelulla" in html
    assert f"Kirjaudu: {expert.organisation.name}" in html  # type: ignore[union-attr]
    assert START.format(code=shown.code) in html
    assert START.format(code=hidden.code) not in html
    assert HttpClient().get(START.format(code=hidden.code)).status_code == 404


# --- logging in -----------------------------------------------------------------------------------------


def test_the_user_logs_in_and_the_totp_step_remains(
    oidc_provider: Provider,  # noqa: F811
    service: IdentityService,
    expert: User,
    confirmed_device,  # type: ignore[no-untyped-def]
    totp_code,  # type: ignore[no-untyped-def]
) -> None:
    device = confirmed_device(expert)
    browser = HttpClient()
    response = log_in_through(oidc_provider, browser, service, "tiina", next_url="/asiakkaat/")
    assert response.status_code == 302
    assert response["Location"] == "/asiakkaat/"
    assert _logged_in_as(browser, expert)
    assert PROVIDER_MFA_SESSION_KEY not in browser.session
    # The login log has it, as for a password.
    assert AccessLog.objects.filter(username=expert.username).exists()
    # Nothing else before TOTP.
    step = browser.get("/asiakkaat/")
    assert step.status_code == 302
    assert step["Location"].startswith(reverse("accounts:totp_verify"))
    assert browser.get("/api/v1/clients").status_code == 401
    verified = browser.post(step["Location"], {"token": totp_code(device)})
    assert verified.status_code == 302
    assert verified["Location"] == "/asiakkaat/"
    assert browser.get("/asiakkaat/").status_code == 200


def test_a_user_without_a_device_enrols_totp_after_the_identity_service(
    oidc_provider: Provider,  # noqa: F811
    service: IdentityService,
    expert: User,
) -> None:
    browser = HttpClient()
    response = log_in_through(oidc_provider, browser, service, "tiina")
    assert response["Location"] == "/"
    assert browser.get("/")["Location"].startswith(reverse("accounts:totp_setup"))


@pytest.mark.parametrize(
    ("claims", "acr_values"),
    [
        ({"amr": ["pwd", "mfa"]}, ""),
        ({"amr": ["hwk"]}, ""),
        ({"amr": "otp"}, ""),
        ({"acr": "urn:kaksi"}, "urn:yksi urn:kaksi"),
    ],
)
def test_a_trusted_multi_factor_assertion_stands_in_for_totp(
    oidc_provider: Provider,  # noqa: F811
    expert: User,
    confirmed_device,  # type: ignore[no-untyped-def]
    claims: dict[str, object],
    acr_values: str,
) -> None:
    confirmed_device(expert)
    oidc_provider.person("tiina-mfa", {"email": expert.email, **claims})
    service = make_service(oidc_provider, expert.organisation, trust_mfa=True, mfa_acr_values=acr_values)  # type: ignore[arg-type]
    browser = HttpClient()
    response = log_in_through(oidc_provider, browser, service, "tiina-mfa")
    assert response["Location"] == "/"
    assert browser.session[PROVIDER_MFA_SESSION_KEY] == expert.pk
    home = browser.get("/")
    assert home.status_code == 200
    assert "Tervetuloa, Tiina Työnen" in home.content.decode()
    assert browser.get("/api/v1/clients").status_code == 200


@pytest.mark.parametrize(
    ("trust", "claims"),
    [(False, {"amr": ["mfa"]}), (True, {"amr": ["pwd"]}), (True, {"acr": "urn:kaksi"})],
)
def test_an_untrusted_or_missing_multi_factor_assertion_leaves_the_totp_step(
    oidc_provider: Provider,  # noqa: F811
    expert: User,
    confirmed_device,  # type: ignore[no-untyped-def]
    trust: bool,
    claims: dict[str, object],
) -> None:
    confirmed_device(expert)
    oidc_provider.person("tiina-1fa", {"email": expert.email, **claims})
    service = make_service(oidc_provider, expert.organisation, trust_mfa=trust)  # type: ignore[arg-type]
    browser = HttpClient()
    log_in_through(oidc_provider, browser, service, "tiina-1fa")
    assert _logged_in_as(browser, expert)
    assert browser.get("/")["Location"].startswith(reverse("accounts:totp_verify"))


def test_the_user_is_found_by_the_configured_claim_and_field(
    oidc_provider: Provider,  # noqa: F811
    expert: User,
) -> None:
    oidc_provider.person("x-123", {"upn": expert.username.upper(), "email": "someone.else@pori.example"})
    service = make_service(
        oidc_provider,
        expert.organisation,  # type: ignore[arg-type]
        user_claim="upn",
        match_field=IdentityService.MatchField.USERNAME,
    )
    browser = HttpClient()
    assert log_in_through(oidc_provider, browser, service, "x-123").status_code == 302
    assert _logged_in_as(browser, expert)


# --- refusals -------------------------------------------------------------------------------------------


def test_a_token_from_another_issuer_is_refused(
    oidc_provider: Provider,  # noqa: F811
    service: IdentityService,
    expert: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The organisation's issuer is another address than the one the provider signs as.
    service.issuer = oidc_provider.url.replace("localhost", "127.0.0.1")
    service.save()
    browser = HttpClient()
    with caplog.at_level(logging.WARNING, logger=LOG):
        response = log_in_through(oidc_provider, browser, service, "tiina")
    _refused(
        response, caplog, "wrong_issuer", "Tunnistus tuli palvelusta, jota organisaatiosi ei ole määrittänyt"
    )
    assert not _logged_in_as(browser, expert)


def test_a_token_for_another_audience_is_refused(
    oidc_provider: Provider,  # noqa: F811
    service: IdentityService,
    expert: User,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A real token the provider issued to another service, slipped into our code exchange."""
    browser = HttpClient()
    started = browser.get(START.format(code=service.code))
    other = started["Location"].replace(f"client_id={CLIENT_ID}", "client_id=toinen-palvelu")
    back = httpx.URL(oidc_provider.authorize(other, "tiina"))
    tokens = httpx.post(
        service.token_endpoint,
        data={
            "grant_type": "authorization_code",
            "code": back.params["code"],
            "redirect_uri": f"http://testserver{CALLBACK}",
            "client_id": "toinen-palvelu",
            "client_secret": "secret",
            "code_verifier": browser.session["oidc_states"][back.params["state"]]["code_verifier"],
        },
        timeout=5,
    ).json()
    assert "id_token" in tokens
    monkeypatch.setattr(identity_services.ProfessionalLoginBackend, "get_token", lambda self, payload: tokens)
    with caplog.at_level(logging.WARNING, logger=LOG):
        response = browser.get(back.path, dict(back.params))
    _refused(response, caplog, "wrong_audience", "Tunnistus oli tarkoitettu toiselle palvelulle")
    assert not _logged_in_as(browser, expert)


def test_an_expired_token_is_refused(
    expiring_oidc_provider: Provider,  # noqa: F811
    expert: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    expiring_oidc_provider.person("tiina-late", {"email": expert.email})
    service = make_service(expiring_oidc_provider, expert.organisation)  # type: ignore[arg-type]
    browser = HttpClient()
    with caplog.at_level(logging.WARNING, logger=LOG):
        response = log_in_through(expiring_oidc_provider, browser, service, "tiina-late")
    _refused(response, caplog, "expired", "Tunnistus on vanhentunut")
    assert not _logged_in_as(browser, expert)


def test_a_replayed_state_is_refused(
    oidc_provider: Provider,  # noqa: F811
    service: IdentityService,
    expert: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    browser = HttpClient()
    started = browser.get(START.format(code=service.code))
    back = httpx.URL(oidc_provider.authorize(started["Location"], "tiina"))
    assert browser.get(back.path, dict(back.params)).status_code == 302
    browser.post(reverse("accounts:logout"))
    for replay in (browser, HttpClient()):
        with caplog.at_level(logging.WARNING, logger=LOG):
            response = replay.get(back.path, dict(back.params))
        _refused(response, caplog, "state", "Aloita kirjautuminen alusta")
        assert not _logged_in_as(replay, expert)


@pytest.mark.parametrize("reason", ["unknown_user", "other_organisation"])
def test_a_person_who_is_no_user_of_this_organisation_is_refused_and_counted(
    oidc_provider: Provider,  # noqa: F811
    service: IdentityService,
    social_worker: User,
    caplog: pytest.LogCaptureFixture,
    reason: str,
) -> None:
    # The social worker is a user, of another organisation: never found through this one's service.
    email = "nobody@pori.example" if reason == "unknown_user" else "sanna@satakunta.example"
    social_worker.email = "sanna@satakunta.example"
    social_worker.save(update_fields=["email"])
    oidc_provider.person(f"p-{reason}", {"email": email})
    browser = HttpClient()
    with caplog.at_level(logging.WARNING, logger=LOG):
        response = log_in_through(oidc_provider, browser, service, f"p-{reason}")
    _refused(response, caplog, reason, NOT_HERE)
    assert "_auth_user_id" not in browser.session
    assert AccessAttempt.objects.get(username=email).failures_since_start == 1
    assert not User.objects.filter(email=email).exclude(pk=social_worker.pk).exists()  # nobody created


def test_an_inactive_user_is_refused(
    oidc_provider: Provider,  # noqa: F811
    service: IdentityService,
    expert: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    expert.is_active = False
    expert.save(update_fields=["is_active"])
    browser = HttpClient()
    with caplog.at_level(logging.WARNING, logger=LOG):
        response = log_in_through(oidc_provider, browser, service, "tiina")
    _refused(response, caplog, "inactive", "Yhteispolku-käyttäjätunnuksesi ei ole käytössä")
    assert not _logged_in_as(browser, expert)


def test_a_missing_claim_is_refused(
    oidc_provider: Provider,  # noqa: F811
    service: IdentityService,
    caplog: pytest.LogCaptureFixture,
) -> None:
    oidc_provider.person("no-email", {"name": "Tiina"})
    service.user_claim = "upn"
    service.save()
    with caplog.at_level(logging.WARNING, logger=LOG):
        response = log_in_through(oidc_provider, HttpClient(), service, "no-email")
    _refused(response, caplog, "missing_claim", "Tunnistuspalvelu ei kertonut käyttäjätunnustasi")


def test_the_refusal_is_in_the_users_language(
    oidc_provider: Provider,  # noqa: F811
    service: IdentityService,
    expert: User,
    settings: SettingsWrapper,
) -> None:
    expert.is_active = False
    expert.save(update_fields=["is_active"])
    browser = HttpClient()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = log_in_through(oidc_provider, browser, service, "tiina")
    html = response.content.decode()
    assert response.status_code == 403
    assert 'lang="sv"' in html
    assert "Yhteispolku-käyttäjätunnuksesi ei ole käytössä" not in html


def test_a_locked_out_user_cannot_log_in_through_the_identity_service(
    oidc_provider: Provider,  # noqa: F811
    service: IdentityService,
    expert: User,
) -> None:
    browser = HttpClient()
    for attempt in range(5):
        browser.post(
            reverse("accounts:login"), {"username": expert.username, "password": f"väärin-{attempt}"}
        )
    response = log_in_through(oidc_provider, browser, service, "tiina")
    assert response.status_code == 429
    assert "Tunnus on lukittu hetkeksi" in response.content.decode()
    assert not _logged_in_as(browser, expert)


def test_refusals_naming_a_user_lock_them_out_like_wrong_passwords(
    oidc_provider: Provider,  # noqa: F811
    service: IdentityService,
    expert: User,
    password: str,
) -> None:
    expert.is_active = False
    expert.save(update_fields=["is_active"])
    browser = HttpClient()
    answers = [log_in_through(oidc_provider, browser, service, "tiina").status_code for _ in range(5)]
    assert answers == [403, 403, 403, 403, 429]


def test_a_successful_login_resets_the_failure_count(
    oidc_provider: Provider,  # noqa: F811
    service: IdentityService,
    expert: User,
) -> None:
    browser = HttpClient()
    for attempt in range(4):
        browser.post(
            reverse("accounts:login"), {"username": expert.username, "password": f"väärin-{attempt}"}
        )
    assert log_in_through(oidc_provider, browser, service, "tiina").status_code == 302
    assert not AccessAttempt.objects.filter(username=expert.username).exists()


# --- passwords turned off -------------------------------------------------------------------------------

PASSWORDS_OFF = "Organisaatiosi käyttäjät kirjautuvat organisaation omalla tunnistuspalvelulla"
WRONG_CREDENTIALS = "Käyttäjätunnus tai salasana on väärin."


def test_an_organisation_can_turn_yhteispolku_passwords_off(
    oidc_provider: Provider,  # noqa: F811
    expert: User,
    social_worker: User,
    password: str,
    totp_optional: None,
) -> None:
    make_service(oidc_provider, expert.organisation, password_login_allowed=False)  # type: ignore[arg-type]
    browser = HttpClient()
    right = browser.post(reverse("accounts:login"), {"username": expert.username, "password": password})
    assert right.status_code == 200
    assert PASSWORDS_OFF in right.content.decode()
    assert "_auth_user_id" not in browser.session
    assert AccessAttempt.objects.get(username=expert.username).failures_since_start == 1
    # A wrong password, or an unknown name, is told exactly what it was told before.
    wrong = browser.post(
        reverse("accounts:login"), {"username": expert.username, "password": "väärä-salasana"}
    )
    unknown = browser.post(reverse("accounts:login"), {"username": "ei.ketaan", "password": "väärä-salasana"})
    for answer in (wrong, unknown):
        assert WRONG_CREDENTIALS in answer.content.decode()
        assert PASSWORDS_OFF not in answer.content.decode()
    # Another organisation's user still logs in with a password.
    other = HttpClient()
    assert (
        other.post(
            reverse("accounts:login"), {"username": social_worker.username, "password": password}
        ).status_code
        == 302
    )
    # The admin's login page keeps the choice too.
    expert.is_staff = True
    expert.save(update_fields=["is_staff"])
    admin_login = HttpClient().post("/hallinta/login/", {"username": expert.username, "password": password})
    assert PASSWORDS_OFF in admin_login.content.decode()


def test_passwords_off_does_not_apply_while_the_service_is_turned_off(
    oidc_provider: Provider,  # noqa: F811
    expert: User,
    password: str,
    totp_optional: None,
) -> None:
    make_service(oidc_provider, expert.organisation, password_login_allowed=False, enabled=False)  # type: ignore[arg-type]
    response = HttpClient().post(
        reverse("accounts:login"), {"username": expert.username, "password": password}
    )
    assert response.status_code == 302


# --- sessions apart -------------------------------------------------------------------------------------


def test_a_clients_session_never_becomes_a_professionals(
    oidc_provider: Provider,  # noqa: F811
    service: IdentityService,
    expert: User,
    settings: SettingsWrapper,
    password: str,
) -> None:
    from tests.portal.conftest import CLIENT_ID as PORTAL_CLIENT_ID
    from yhteispolku.portal.session import CLIENT_SESSION_KEY

    session = HttpClient()
    store = session.session
    store[CLIENT_SESSION_KEY] = 12345
    store.save()
    session.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    log_in_through(oidc_provider, session, service, "tiina")
    assert _logged_in_as(session, expert)
    assert CLIENT_SESSION_KEY not in session.session  # the earlier session is gone
    # The same with a password.
    by_password = HttpClient()
    store = by_password.session
    store[CLIENT_SESSION_KEY] = 12345
    store.save()
    answer = by_password.post(reverse("accounts:login"), {"username": expert.username, "password": password})
    assert answer.status_code == 302
    assert _logged_in_as(by_password, expert)
    assert CLIENT_SESSION_KEY not in by_password.session
    # A professional's started login is not taken by the portal's callback, nor the portal's by ours.
    oidc_provider.configure(settings, client_id=PORTAL_CLIENT_ID)
    browser = HttpClient()
    ours = httpx.URL(
        oidc_provider.authorize(browser.get(START.format(code=service.code))["Location"], "tiina")
    )
    assert browser.get("/oma/tunnistaudu/paluu/", dict(ours.params)).status_code == 403
    theirs = httpx.URL(oidc_provider.authorize(browser.get("/oma/tunnistaudu/aloita/")["Location"], "tiina"))
    answer = browser.get(CALLBACK, dict(theirs.params))
    assert answer.status_code == 403
    assert "Aloita kirjautuminen alusta" in answer.content.decode()
    assert "_auth_user_id" not in browser.session


# --- the admin ------------------------------------------------------------------------------------------


def test_the_admin_never_shows_the_client_secret_back(
    oidc_provider: Provider,  # noqa: F811
    service: IdentityService,
    make_professional: Callable[..., User],
) -> None:
    service.client_secret = "hyvin-salainen-arvo-42"
    service.save()
    admin = User.objects.create_superuser("paakayttaja", "admin@example.org", "salasana-joka-on-pitka")
    browser = HttpClient()
    browser.force_login(admin)
    device = TOTPDevice.objects.create(user=admin, name="t", confirmed=True)
    store = browser.session
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.save()
    url = f"/hallinta/accounts/identityservice/{service.pk}/change/"
    page = browser.get(url)
    assert page.status_code == 200
    assert "hyvin-salainen-arvo-42" not in page.content.decode()
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {key: ("" if value is None else value) for key, value in data.items()}
    data.update(
        {
            "client_secret": "",
            "trust_mfa": "on",
            "enabled": "on",
            "use_pkce": "on",
            "password_login_allowed": "on",
        }
    )
    assert browser.post(url, data).status_code == 302
    service.refresh_from_db()
    assert service.client_secret == "hyvin-salainen-arvo-42"  # empty keeps the stored one
    assert service.trust_mfa
    data["client_secret"] = "uusi-salaisuus"
    browser.post(url, data)
    service.refresh_from_db()
    assert service.client_secret == "uusi-salaisuus"


def test_a_claim_naming_two_users_of_the_organisation_names_neither(
    oidc_provider: Provider,  # noqa: F811
    service: IdentityService,
    expert: User,
    make_professional: Callable[..., User],
    caplog: pytest.LogCaptureFixture,
) -> None:
    make_professional(
        "employment_expert", "satakunta-employment-area", "satakunta-ea-tym", email=expert.email.upper()
    )
    browser = HttpClient()
    with caplog.at_level(logging.WARNING, logger=LOG):
        response = log_in_through(oidc_provider, browser, service, "tiina")
    _refused(response, caplog, "ambiguous_user", NOT_HERE)
    assert "_auth_user_id" not in browser.session
