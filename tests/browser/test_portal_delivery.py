"""Oma Yhteispolku in Chromium (axe at 320 and 1280 px): Maija sends the certificate her to-do asks for
(a disguised file first, refused with a clear message), and the social worker who asked for it finds it
on the worklist's news and opens the to-do's row on the network page."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.clients.models import Client
from yhteispolku.collaboration.models import ClientTodo, TodoStatus
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def check_both_widths(page: Page) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 800})


def test_maija_sends_the_requested_certificate_and_the_worker_sees_it(  # type: ignore[no-untyped-def]
    page: Page, settings, tmp_path: Path
) -> None:
    settings.DEMO_MODE = True
    settings.PRIVATE_FILES_DIR = tmp_path / "private"
    load_demo()
    page.set_default_timeout(20_000)
    maija = Client.objects.get(first_names="Maija", is_demo=True)
    todo = ClientTodo.objects.get(
        relationship__client=maija, status=TodoStatus.OPEN, requested_document_type__gt=""
    )
    (tmp_path / "ohjelma.pdf").write_bytes(b"MZ\x90\x00" + b"\x00" * 60)
    (tmp_path / "todistus.pdf").write_bytes(PDF)

    page.goto("/oma/")
    page.get_by_role("button", name="Tunnistaudu: Maija Meikäläinen").click()
    page.get_by_role("link", name="Tehtäväsi").click()
    page.get_by_role("link", name=f"Lähetä asiakirja: {todo.description}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lähetä pyydetty asiakirja")
    check_both_widths(page)

    # A program named as a PDF: refused beside the file field, nothing saved.
    page.get_by_label("Valitse tiedosto").set_input_files(tmp_path / "ohjelma.pdf")
    page.get_by_label("Kuka asiakirjan on kirjoittanut?").fill("Satakunnan ammattiopisto")
    page.get_by_role("button", name="Lähetä asiakirja").click()
    expect(page.get_by_text(re.compile("^Tiedostotyyppi ei ole sallittu"))).to_be_visible()
    check_both_widths(page)
    todo.refresh_from_db()
    assert todo.status == TodoStatus.OPEN

    page.get_by_label("Valitse tiedosto").set_input_files(tmp_path / "todistus.pdf")
    page.get_by_role("button", name="Lähetä asiakirja").click()
    expect(page.get_by_text(re.compile("^Kiitos! Asiakirja on lähetetty"))).to_be_visible()
    expect(page.get_by_text("lähetit asiakirjan Oma Yhteispolussa", exact=False)).to_be_visible()
    check_both_widths(page)
    todo.refresh_from_db()
    assert todo.status == TodoStatus.DONE
    assert todo.document is not None
    assert todo.document.sent_by_client
    page.get_by_role("button", name="Kirjaudu ulos").click()

    # The social worker who asked for it: the news on the worklist, to the to-do on the network page.
    worker = User.objects.get(username="sosiaalityontekija")
    assert todo.recorded_by_id == worker.pk
    log_in_with_new_device(page, worker, DEMO_PASSWORD)
    page.goto("/tyolista/")
    row = page.get_by_role("row").filter(has_text="Asiakas lähetti pyytämäsi asiakirjan")
    expect(row).to_contain_text("Maija Meikäläinen")
    expect(row).to_contain_text("koulutodistus")
    check_both_widths(page)
    row.get_by_role("link").click()
    expect(page.locator(f"#todo-{todo.code}")).to_contain_text("asiakas lähetti asiakirjan Oma Yhteispolussa")
    assert_accessible(page)


def test_maija_agrees_to_a_consultation_and_a_withheld_document_is_not_hers_to_see(  # type: ignore[no-untyped-def]
    page: Page, settings
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from yhteispolku.collaboration import services
    from yhteispolku.documents.models import Document, DocumentType

    settings.DEMO_MODE = True
    clients = load_demo()
    page.set_default_timeout(20_000)
    maija = clients["maija"]
    expert = User.objects.get(username="tyollisyysasiantuntija")
    consultation = services.consultation_create(
        actor=expert,
        relationship=maija.relationships.filter(ended_on__isnull=True).first(),
        kind="kela",
        mode="remote",
        scheduled_at=timezone.now() + timedelta(days=4),
        agenda="Ammatillisen kuntoutuksen mahdollisuudet",
        ask_client=True,
        participants=[User.objects.get(username="sosiaalityontekija")],
    )

    # The nurse withholds the rehabilitation feedback from Maija on the document's page.
    nurse = User.objects.get(username="terveydenhoitaja")
    feedback = Document.objects.get(client=maija, document_type=DocumentType.REHABILITATION_FEEDBACK)
    log_in_with_new_device(page, nurse, DEMO_PASSWORD)
    page.goto(f"/asiakirjat/{maija.code}/{feedback.code}/")
    page.get_by_label("Peruste, miksi kirjausta ei näytetä asiakkaalle").fill(
        "Käydään ensin läpi tapaamisessa."
    )
    page.get_by_role("button", name="Älä näytä asiakkaalle").click()
    expect(
        page.get_by_text("Päätös on kirjattu: asiakas ei näe asiakirjaa Oma Yhteispolussa.")
    ).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Kirjaudu ulos").click()

    page.goto("/oma/")
    page.get_by_role("button", name="Tunnistaudu: Maija Meikäläinen").click()
    page.get_by_role("link", name="Konsultaatiot").click()
    expect(page.get_by_text("Odottaa vastaustasi.")).to_be_visible()
    expect(page.get_by_text("Ammatillisen kuntoutuksen mahdollisuudet")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name=re.compile("^Suostun")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Suostutko konsultaatioon"))
    check_both_widths(page)
    page.get_by_role("button", name="Vahvista").click()
    expect(page.get_by_text("Kiitos! Suostumuksesi konsultaatioon on tallennettu.")).to_be_visible()
    check_both_widths(page)
    consultation.refresh_from_db()
    assert consultation.agreed_by_client

    page.goto("/oma/")
    page.get_by_role("link", name="Asiakirjasi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Asiakirjasi")
    expect(page.get_by_text(re.compile("^Lääkärinlausunto B"))).to_be_visible()
    assert page.get_by_text(re.compile("^Kuntoutuspalaute")).count() == 0
    check_both_widths(page)
