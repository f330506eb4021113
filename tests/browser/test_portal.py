"""Oma Yhteispolku in Chromium (axe, 320 and 1280 px): Maija identifies (the demo page, and the local
OpenID provider), sees her plan, downloads the PDF, accepts a version both authorities have confirmed,
and it is in force on the professionals' side; Mikael's plan address gives her a 404 and a denied entry."""

from __future__ import annotations

import io
import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.accessibility import assert_accessible
from tests.portal.conftest import STRONG, Provider, oidc_provider  # noqa: F401 - the fixture
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.models import Client
from yhteispolku.plans import services
from yhteispolku.plans.models import Plan, PlanVersion, VersionStatus
from yhteispolku.web.demo_data import load_demo


def check_both_widths(page: Page) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 800})


def new_confirmed_version(maija: Client) -> PlanVersion:
    plan = Plan.objects.get(relationship__client=maija, versions__status=VersionStatus.IN_FORCE)
    current = plan.versions.get(status=VersionStatus.IN_FORCE)
    expert = User.objects.get(username="tyollisyysasiantuntija")
    version = services.plan_version_create(
        actor=expert,
        relationship=plan.relationship,
        based_on_version_number=plan.versions.order_by("-number").first().number,  # type: ignore[union-attr]
        data={"goals": "Palkkatyö kaupan alalla; ammatillinen koulutus kuntoutuksena"},
    )
    assert version.based_on_id is not None
    assert current.pk != version.pk
    for username in ("tyollisyysasiantuntija", "sosiaalityontekija"):
        actor = User.objects.get(username=username)
        if actor.organisation_id in services.required_organisation_ids(version):
            services.commitment_confirm(actor=actor, version=version, organisation=actor.organisation)  # type: ignore[arg-type]
    return version


def test_maija_sees_her_plan_downloads_it_and_accepts_the_new_version(page: Page, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEMO_MODE = True
    load_demo()
    page.set_default_timeout(20_000)
    maija = Client.objects.get(first_names="Maija", is_demo=True)
    version = new_confirmed_version(maija)

    page.goto("/oma/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tunnistaudu Oma Yhteispolkuun")
    expect(page.get_by_role("heading", name="Esittelytunnistus (vain esittelyversiossa)")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Tunnistaudu: Maija Meikäläinen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hei Maija!")
    expect(page.get_by_text("Uusi suunnitelma odottaa hyväksyntääsi.")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name=re.compile("^Katso suunnitelma")).first.click()

    expect(
        page.get_by_role("heading", name=f"Uusi versio {version.number} odottaa hyväksyntääsi")
    ).to_be_visible()
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

    # Her access log: the social worker's reads of her plan (the demo's) and her own.
    page.goto("/oma/")
    page.get_by_role("link", name="Kuka on käsitellyt tietojasi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kuka on käsitellyt tietojasi")
    expect(page.get_by_text("Maija Meikäläinen").first).to_be_visible()
    check_both_widths(page)

    # Someone else's plan: nothing of it, a 404, and the attempt in Mikael's log as Maija's.
    mikael_plan = Plan.objects.filter(relationship__client__first_names="Mikael").first()
    if mikael_plan is None:
        mikael_plan = Plan.objects.create(
            relationship=Client.objects.get(first_names="Mikael").relationships.first()  # type: ignore[misc]
        )
    response = page.goto(f"/oma/suunnitelmat/{mikael_plan.code}/")
    assert response is not None
    assert response.status == 404
    assert_accessible(page)
    assert AccessEvent.objects.filter(
        client_code=mikael_plan.relationship.client.code,
        allowed=False,
        actor_username=f"client:{maija.code}",
    ).exists()


def test_maija_identifies_through_the_local_openid_provider(
    page: Page,
    settings,  # type: ignore[no-untyped-def]
    oidc_provider: Provider,  # noqa: F811
) -> None:
    load_demo()
    page.set_default_timeout(20_000)
    maija = Client.objects.get(first_names="Maija", is_demo=True)
    oidc_provider.configure(settings)
    oidc_provider.person("maija-browser", {"urn:oid:1.2.246.21": maija.identity_code, "acr": STRONG})

    page.goto("/oma/tunnistaudu/")
    check_both_widths(page)
    page.get_by_role("link", name="Tunnistaudu vahvasti").click()
    page.get_by_placeholder("sub").fill("maija-browser")
    page.get_by_role("button", name="Authorize").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hei Maija!")
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
