"""Oma Yhteispolku in Chromium (axe, 320 and 1280 px): Maija identifies through the local OpenID provider,
sees her plan, downloads the PDF, accepts the demo's version 2 that both authorities have confirmed, and
it is in force on the professionals' side; her access log shows the social worker's read of her plan;
Mikael's plan address gives her a 404 and a denied entry. The demo identification page, her notices."""

from __future__ import annotations

import io
import re

from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from tests.portal.conftest import STRONG, Provider, oidc_provider  # noqa: F401 - the fixture
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.models import Client
from yhteispolku.plans import services
from yhteispolku.plans.models import Plan, PlanVersion, VersionStatus
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def check_both_widths(page: Page) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 800})


def demo_version_to_accept(maija: Client) -> PlanVersion:
    """The demo's version 2 of Maija's plan: both authorities confirmed it; hers to accept."""
    version = PlanVersion.objects.get(plan__relationship__client=maija, status=VersionStatus.DRAFT)
    confirmed = set(version.confirmations.values_list("organisation_id", flat=True))
    assert confirmed == services.required_organisation_ids(version)
    assert len(confirmed) == 2
    assert not hasattr(version, "acceptance")
    return version


def test_maija_identifies_sees_her_plan_accepts_the_new_version_and_sees_who_read_it(  # type: ignore[no-untyped-def]
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    settings,
    oidc_provider: Provider,  # noqa: F811
) -> None:
    """The done-when journey of issue 13, through the local OpenID provider."""
    load_demo()
    page.set_default_timeout(20_000)
    maija = Client.objects.get(first_names="Maija", is_demo=True)
    version = demo_version_to_accept(maija)
    oidc_provider.configure(settings)
    oidc_provider.person("maija-journey", {"urn:oid:1.2.246.21": maija.identity_code, "acr": STRONG})

    page.goto("/oma/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tunnistaudu Oma Yhteispolkuun")
    check_both_widths(page)
    page.get_by_role("link", name="Tunnistaudu vahvasti").click()
    page.get_by_placeholder("sub").fill("maija-journey")
    page.get_by_role("button", name="Authorize").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hei Maija!")
    expect(page.get_by_text("Uusi suunnitelma odottaa hyväksyntääsi.")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name=re.compile("^Katso suunnitelma")).first.click()

    expect(
        page.get_by_role("heading", name=f"Uusi versio {version.number} odottaa hyväksyntääsi")
    ).to_be_visible()
    expect(page.get_by_text("Kelalta on haettu ammatillisena kuntoutuksena koulutusta").first).to_be_visible()
    expect(page.get_by_role("heading", name="Työparisi ja miten tavoitat heidät")).to_be_visible()
    check_both_widths(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Lataa suunnitelma PDF-tiedostona").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    in_force = PlanVersion.objects.get(plan=version.plan, status=VersionStatus.IN_FORCE)
    assert " ".join(in_force.goals.split()) in text
    assert " ".join(in_force.services.earliest("starts_on").service_type.name_fi.split()) in text

    page.get_by_role("link", name=f"Hyväksy versio {version.number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Hyväksytkö suunnitelmasi version {version.number}?"
    )
    check_both_widths(page)
    page.get_by_role("button", name="Vahvista").click()
    expect(page.get_by_text("Kiitos! Hyväksyntäsi on tallennettu.")).to_be_visible()
    check_both_widths(page)
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_FORCE
    assert version.acceptance.how == "portal"
    assert version.acceptance.recorded_by is None

    # The professionals' side: the social worker of her worker pair opens the plan; version 2 is in force.
    worker = browser.new_context(locale="fi-FI", base_url=live_server.url).new_page()
    worker.set_default_timeout(20_000)
    log_in_with_new_device(worker, User.objects.get(username="sosiaalityontekija"), DEMO_PASSWORD)
    worker.goto(f"/suunnitelmat/{version.plan.relationship.code}/")
    expect(
        worker.get_by_role("heading", name=f"Voimassa oleva suunnitelma (versio {version.number})")
    ).to_be_visible()
    assert_accessible(worker)
    worker.context.close()

    # Her access log names the social worker's read of her plan, and herself.
    page.goto("/oma/")
    page.get_by_role("link", name="Kuka on käsitellyt tietojasi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kuka on käsitellyt tietojasi")
    rows = page.get_by_role("listitem")
    social_worker_read = "Sanna Koskinen (Satakunnan hyvinvointialue) katselu: yhteinen suunnitelma"
    expect(rows.filter(has_text=social_worker_read)).to_have_count(1)
    expect(rows.filter(has_text="Maija Meikäläinen muutos: yhteinen suunnitelma")).to_have_count(1)
    check_both_widths(page)

    # Someone else's plan: nothing of it, a 404, and the attempt in Mikael's log as Maija's.
    mikael = Client.objects.get(first_names="Mikael", is_demo=True)
    mikael_plan = Plan.objects.filter(relationship__client=mikael).first()
    if mikael_plan is None:
        mikael_plan = Plan.objects.create(relationship=mikael.relationships.first())  # type: ignore[misc]
    response = page.goto(f"/oma/suunnitelmat/{mikael_plan.code}/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_text("Mikael")).to_have_count(0)
    assert_accessible(page)
    assert AccessEvent.objects.filter(
        client_code=mikael.code, allowed=False, actor_username=f"client:{maija.code}"
    ).exists()


def test_maija_identifies_on_the_demo_page_and_sees_where_her_notices_go(page: Page, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEMO_MODE = True
    load_demo()
    page.set_default_timeout(20_000)
    page.goto("/oma/")
    expect(page.get_by_role("heading", name="Esittelytunnistus (vain esittelyversiossa)")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Tunnistaudu: Maija Meikäläinen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei Maija!")
    page.get_by_role("link", name="Ilmoitukset uusista asioista").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ilmoitukset uusista asioista")
    expect(page.get_by_text("Saat ilmoitukset tähän yhteystietoon.")).to_be_visible()
    check_both_widths(page)


def test_maija_revokes_a_consent_gives_feedback_and_marks_a_todo_delivered(page: Page, settings) -> None:  # type: ignore[no-untyped-def]
    from tests.access.conftest import join_team, open_relationship
    from yhteispolku.cases.models import Closure, ClosureReason, Phase, TeamRole
    from yhteispolku.clients.models import Consent
    from yhteispolku.organisations.models import Unit

    settings.DEMO_MODE = True
    load_demo()
    page.set_default_timeout(20_000)
    maija = Client.objects.get(first_names="Maija", is_demo=True)
    expert = User.objects.get(username="tyollisyysasiantuntija")
    ending = open_relationship(maija, Unit.objects.get(slug="satakunta-ea-tym"), phase=Phase.CLOSING)
    join_team(ending, expert, TeamRole.WORKER_PAIR_EMPLOYMENT)
    Closure.objects.create(relationship=ending, reason=ClosureReason.EMPLOYED, recorded_by=expert)

    page.goto("/oma/")
    page.get_by_role("button", name="Tunnistaudu: Maija Meikäläinen").click()
    page.get_by_role("link", name="Suostumuksesi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suostumuksesi")
    check_both_widths(page)
    page.get_by_role("link", name=re.compile("^Peru suostumus")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Perutaanko suostumuksesi"))
    check_both_widths(page)
    page.get_by_role("button", name="Vahvista").click()
    expect(page.get_by_text("Suostumus on peruttu. Se lakkasi olemasta voimassa heti.")).to_be_visible()
    assert not Consent.objects.filter(client=maija, revoked_at__isnull=True).exists()

    page.get_by_label("Kela", exact=True).check()
    page.get_by_label("Kelan etuus- ja kuntoutustiedot").check()
    page.get_by_role("button", name="Anna suostumus").click()
    expect(page.get_by_text("Kiitos! Suostumuksesi on tallennettu.")).to_be_visible()
    given = Consent.objects.get(client=maija, revoked_at__isnull=True)
    assert given.given_by_client
    assert given.categories == ["kela"]
    check_both_widths(page)

    page.goto("/oma/")
    page.get_by_role("link", name="Anna palautetta palvelusta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Palaute palvelusta")
    check_both_widths(page)
    page.get_by_label("9", exact=True).check()
    page.get_by_label("Mitä haluat kertoa palvelusta? (vapaaehtoinen)").fill("Työpari auttoi.")
    page.get_by_role("button", name="Lähetä palaute").click()
    expect(page.get_by_text("Kiitos palautteestasi!")).to_be_visible()
    expect(page.get_by_text("Arvosana: 9 / 10")).to_be_visible()
    check_both_widths(page)
    assert Closure.objects.get(relationship=ending).feedback_by_client

    page.goto("/oma/")
    page.get_by_role("link", name="Tehtäväsi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tehtäväsi")
    check_both_widths(page)
    page.get_by_role("button", name=re.compile("^Merkitse toimitetuksi")).first.click()
    expect(page.get_by_text(re.compile("^Merkitty toimitetuksi"))).to_be_visible()
    check_both_widths(page)
