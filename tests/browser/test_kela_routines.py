"""Kela's routines in the browser (issue 14): Kela's work-ability advisor records Maija's rehabilitation
allowance with its dates and books her rehabilitation interview from the case page; every page passes axe."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def test_kela_advisor_records_a_benefit_period_and_books_the_interview(page: Page) -> None:
    clients = load_demo()
    # The machine runs several suites at once: give a page load more than the fixture's 5 seconds.
    page.set_default_timeout(20_000)
    log_in_with_new_device(page, User.objects.get(username="kela-tyokykyneuvoja"), DEMO_PASSWORD)
    code = clients["maija"].code

    page.goto(f"/asiakkaat/{code}/")
    page.get_by_role("link", name="Etuudet", exact=True).click()
    expect(page.get_by_role("heading", name="Kirjaa etuusjakso")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("combobox", name="Etuus").select_option("rehabilitation_allowance")
    page.get_by_label("Alkaa").fill("2026-02-01")
    page.get_by_label("Päättyy").fill("2026-01-01")
    page.get_by_role("button", name="Kirjaa etuusjakso").click()
    expect(page.get_by_text("Päättymispäivä ei voi olla ennen alkamispäivää.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Päättyy").fill("2026-07-31")
    page.get_by_role("button", name="Kirjaa etuusjakso").click()
    expect(page.get_by_text("Etuusjakso on kirjattu.")).to_be_visible()
    expect(page.get_by_role("cell", name="1.2.2026 – 31.7.2026")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/asiakkuudet/{code}/")
    page.get_by_role("link", name="Varaa Kelan haastattelu").click()
    expect(page.get_by_role("heading", name="Varaa Kelan haastattelu")).to_be_visible()
    assert_accessible(page)
    day = timezone.localdate() + timedelta(days=7)
    page.get_by_label("Aika").fill(f"{day:%Y-%m-%d}T10:30")
    page.get_by_role("combobox", name="Tapa").select_option("phone")
    page.get_by_role("button", name="Varaa haastattelu").click()
    expect(page.get_by_text("Kelan haastattelu on varattu.")).to_be_visible()
    expect(page.get_by_text(f"{day.day}.{day.month}.{day.year} klo 10.30 – puhelin")).to_be_visible()
    assert_accessible(page)
