"""Maija's documents for the demo data (seed 002): the request for a B statement with the cover letter
to the health-centre doctor, the B statement itself, and the rehabilitation feedback at the end.

Written directly like the rest of the demo loader (fictional people, nothing to audit); loading twice
changes nothing. `web.demo_data` calls `load_maija_documents`.
"""

from __future__ import annotations

from datetime import date, timedelta

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.documents.models import Document, DocumentType, StatementRequest, StatementRequestStatus
from yhteispolku.documents.services import compose_letter

STATEMENT_REASON = (
    "Kela-konsultaatiossa todettiin, että Maijan ammatillisen kuntoutuksen hakemista varten tarvitaan "
    "lääkärinlausunto. Maijan terveydentila ja toiminnanohjauksen haasteet vaikuttavat työllistymiseen; "
    "Kela arvioi kuntoutuksen edellytykset lausunnon perusteella."
)
REHABILITATION_FEEDBACK = (
    "Maija hyötyy selkeistä ja vaiheistetuista ohjeista ja rauhallisesta työympäristöstä ja tarvitsee vahvaa "
    "tukea. Palvelun kautta hän sai enemmän tietoa omasta toimintakyvystään ja pystyvyyden tunnetta. "
    "Jatkosuunnitelma: ammatillinen koulutus Kelan ammatillisena kuntoutuksena."
)


def load_maija_documents(
    *, relationship: ClientRelationship, social_worker: User, nurse: User, started_on: date, today: date
) -> None:
    """The statement requested after the mapping's Kela consultation and received before the plan; the
    feedback of the vocational rehabilitation assessment (AKSE) shortly before the load day `today`."""
    client = relationship.client
    assert social_worker.organisation is not None
    assert nurse.organisation is not None
    if not StatementRequest.objects.filter(client=client).exists():
        letter = compose_letter(
            client=client,
            statement_type="B",
            addressed_to="Porin terveysaseman lääkäri",
            applied_for="Kelan ammatillinen kuntoutus",
            reason=STATEMENT_REASON,
            contact=social_worker,
            contact_details=f"{social_worker.phone} {social_worker.email}".strip(),
        )
        StatementRequest.objects.create(
            client=client,
            relationship=relationship,
            statement_type="B",
            addressed_to="Porin terveysaseman lääkäri",
            applied_for="Kelan ammatillinen kuntoutus",
            reason=STATEMENT_REASON,
            contact=social_worker,
            contact_details=social_worker.email,
            letter=letter,
            status=StatementRequestStatus.RECEIVED,
            sent_on=started_on + timedelta(days=52),
            received_on=started_on + timedelta(days=75),
            recorded_by=social_worker,
            organisation=social_worker.organisation,
        )
    documents = [
        (
            DocumentType.MEDICAL_STATEMENT_B,
            started_on + timedelta(days=70),
            "Porin terveysasema",
            "B-lausunto (SV 7) Kelan ammatillista kuntoutusta varten: toiminnanohjauksen vaikeudet "
            "heikentävät "
            "työ- ja opiskelukykyä; suositellaan ammatillista kuntoutusta vaiheistetusti ja vahvalla tuella.",
        ),
        (
            DocumentType.REHABILITATION_FEEDBACK,
            today - timedelta(days=15),
            "Esimerkkikuntoutus Oy (demo)",
            REHABILITATION_FEEDBACK,
        ),
    ]
    for document_type, dated_on, author, summary in documents:
        Document.objects.get_or_create(
            client=client,
            document_type=document_type,
            defaults={
                "dated_on": dated_on,
                "author_organisation_name": author,
                "summary": summary,
                "recorded_by": nurse,
                "organisation": nurse.organisation,
            },
        )
