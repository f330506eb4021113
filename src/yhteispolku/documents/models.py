"""Documents and statements of a client (SPEC §5, seed 001 "Palveluiden myöntämistä varten tarvittavat
tiedot"): medical statements A, B and C, work-ability assessments, rehabilitation feedback, the statements
of psychologists, occupational therapists and social workers, school and work certificates and earlier
services with their results; their attachments; and the request for a medical statement with its cover
letter to the health-centre doctor (seed 002).

A document's data category follows from its type, so health documents follow the health access rules
(SPEC §5.1): `TYPE_CATEGORIES` is that mapping, and the category is stored for the lists to filter on.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yhteispolku.cases.models import ClientRelationship
from yhteispolku.clients.models import Client
from yhteispolku.core.categories import DataCategory
from yhteispolku.core.text import LONG_TEXT
from yhteispolku.organisations.models import Organisation


class DocumentType(models.TextChoices):
    MEDICAL_STATEMENT_A = "medical_statement_a", _("lääkärinlausunto A (SV 6)")
    MEDICAL_STATEMENT_B = "medical_statement_b", _("lääkärinlausunto B (SV 7)")
    MEDICAL_STATEMENT_C = "medical_statement_c", _("lääkärinlausunto C (EV 256)")
    WORK_ABILITY_ASSESSMENT = "work_ability_assessment", _("työkyvyn arvio")
    REHABILITATION_FEEDBACK = "rehabilitation_feedback", _("kuntoutuspalaute")
    PSYCHOLOGIST_STATEMENT = "psychologist_statement", _("psykologin lausunto")
    OCCUPATIONAL_THERAPIST_STATEMENT = "occupational_therapist_statement", _("toimintaterapeutin lausunto")
    SOCIAL_WORKER_STATEMENT = "social_worker_statement", _("sosiaalityöntekijän lausunto")
    SCHOOL_CERTIFICATE = "school_certificate", _("koulutodistus")
    WORK_CERTIFICATE = "work_certificate", _("työtodistus")
    EARLIER_SERVICE = "earlier_service", _("aiempi palvelu ja sen tulokset")
    # Seed 001, "Palveluiden myöntämistä varten tarvittavat tiedot" and the social and employment
    # services' own documents (issue 14).
    CLIENT_SELF_ASSESSMENT = "client_self_assessment", _("asiakkaan oma-arviointi")
    WORK_PERIOD_ASSESSMENT = "work_period_assessment", _("työskentelyjakson arviointi")
    REHABILITATION_PLANNER_STATEMENT = (
        "rehabilitation_planner_statement",
        _("kuntoutussuunnittelijan lausunto"),
    )
    BENEFIT_STATEMENT = "benefit_statement", _("lausunto etuutta varten")
    WORK_TRIAL_AGREEMENT = "work_trial_agreement", _("työkokeilusopimus")
    PAY_SUBSIDY_APPLICATION = "pay_subsidy_application", _("palkkatukihakemus")


# SPEC §5.1: medical statements, work-ability assessments, rehabilitation feedback and the statements of
# health professionals are health data; a social worker's statement is social data; certificates and
# earlier services are the employment picture (education, work history, services).
# Issue 14's types follow the same reading:
# - the client's own assessment (e.g. in rehabilitative work activity, "Kykyviisari") rates her work
#   ability and describes her health, which are health fields of her self-assessment form
#   (`access/categories.py`, `assessments.selfassessment`): as one document it is health data;
# - the rehabilitation planner's statement is a health professional's statement, like the psychologist's;
# - the assessment of a work period (rehabilitative work activity, a workshop) is written in the social
#   services' activation work (SPEC §5.1: social services, KUTY), so social data;
# - the statement for benefits (the employment authority's labour-policy statement), the work-trial
#   agreement and the pay-subsidy application are the employment authority's own services (seed 001:
#   "Työllisyyspalvelut … myöntää työkokeilun, tekee lausunnot etuuksia varten", pay subsidy): employment.
TYPE_CATEGORIES: dict[str, DataCategory] = {
    DocumentType.MEDICAL_STATEMENT_A: DataCategory.HEALTH,
    DocumentType.MEDICAL_STATEMENT_B: DataCategory.HEALTH,
    DocumentType.MEDICAL_STATEMENT_C: DataCategory.HEALTH,
    DocumentType.WORK_ABILITY_ASSESSMENT: DataCategory.HEALTH,
    DocumentType.REHABILITATION_FEEDBACK: DataCategory.HEALTH,
    DocumentType.PSYCHOLOGIST_STATEMENT: DataCategory.HEALTH,
    DocumentType.OCCUPATIONAL_THERAPIST_STATEMENT: DataCategory.HEALTH,
    DocumentType.SOCIAL_WORKER_STATEMENT: DataCategory.SOCIAL,
    DocumentType.SCHOOL_CERTIFICATE: DataCategory.EMPLOYMENT,
    DocumentType.WORK_CERTIFICATE: DataCategory.EMPLOYMENT,
    DocumentType.EARLIER_SERVICE: DataCategory.EMPLOYMENT,
    DocumentType.CLIENT_SELF_ASSESSMENT: DataCategory.HEALTH,
    DocumentType.REHABILITATION_PLANNER_STATEMENT: DataCategory.HEALTH,
    DocumentType.WORK_PERIOD_ASSESSMENT: DataCategory.SOCIAL,
    DocumentType.BENEFIT_STATEMENT: DataCategory.EMPLOYMENT,
    DocumentType.WORK_TRIAL_AGREEMENT: DataCategory.EMPLOYMENT,
    DocumentType.PAY_SUBSIDY_APPLICATION: DataCategory.EMPLOYMENT,
}
# The medical statement a statement request asks for, by its letter.
STATEMENT_TYPES = {
    "A": DocumentType.MEDICAL_STATEMENT_A,
    "B": DocumentType.MEDICAL_STATEMENT_B,
    "C": DocumentType.MEDICAL_STATEMENT_C,
}


class Document(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="documents", verbose_name=_("asiakas")
    )
    document_type = models.CharField(_("asiakirjan tyyppi"), max_length=40, choices=DocumentType.choices)
    category = models.CharField(_("tietoryhmä"), max_length=20, choices=DataCategory.choices, editable=False)
    dated_on = models.DateField(_("päivätty"))
    author_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("laatijan organisaatio"),
    )
    author_organisation_name = models.CharField(_("laatijan organisaatio (muu)"), max_length=200, blank=True)
    summary = models.TextField(_("tiivistelmä"), max_length=LONG_TEXT)
    # A professional records a document; the client sends one herself from her to-do list in Oma
    # Yhteispolku (no professional recorded it): one or the other, kept by a check constraint.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kirjaaja"),
    )
    sent_by_client = models.BooleanField(_("asiakkaan itse toimittama"), default=False)
    # The recording organisation; for a document the client sent, the organisation she delivered it to.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaava organisaatio")
    )
    version = models.PositiveIntegerField(_("versio"), default=1)
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)
    updated_at = models.DateTimeField(_("muutettu"), auto_now=True)

    class Meta:
        ordering = ["client", "-dated_on", "-id"]
        verbose_name = _("asiakirja")
        verbose_name_plural = _("asiakirjat")
        indexes = [models.Index(fields=["client", "category", "document_type"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(document_type__in=[t.value for t in DocumentType]), name="document_type_known"
            ),
            models.CheckConstraint(
                condition=Q(author_organisation__isnull=False) | ~Q(author_organisation_name=""),
                name="document_author_organisation_given",
            ),
            models.CheckConstraint(
                condition=Q(recorded_by__isnull=False, sent_by_client=False)
                | Q(recorded_by__isnull=True, sent_by_client=True),
                name="document_recorded_by_professional_or_client",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_document_type_display()} {self.dated_on:%Y-%m-%d}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.category = TYPE_CATEGORIES[self.document_type]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def author_name(self) -> str:
        return self.author_organisation.name if self.author_organisation else self.author_organisation_name


class Attachment(models.Model):
    """A file of a document, kept under the private files directory with a random name (never served by
    the web server); read only through the access-checked download view."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("asiakirja")
    )
    stored_name = models.CharField(max_length=64, unique=True, editable=False)
    original_name = models.CharField(_("tiedoston nimi"), max_length=200)
    content_type = models.CharField(_("tiedostotyyppi"), max_length=50)
    size = models.PositiveIntegerField(_("koko (tavua)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lisääjä"),
    )
    uploaded_by_client = models.BooleanField(_("asiakkaan itse lisäämä"), default=False)
    created_at = models.DateTimeField(_("lisätty"), auto_now_add=True)

    class Meta:
        ordering = ["document", "created_at", "id"]
        verbose_name = _("liite")
        verbose_name_plural = _("liitteet")
        constraints = [
            models.CheckConstraint(
                condition=Q(uploaded_by__isnull=False, uploaded_by_client=False)
                | Q(uploaded_by__isnull=True, uploaded_by_client=True),
                name="attachment_uploaded_by_professional_or_client",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class StatementRequestStatus(models.TextChoices):
    DRAFT = "draft", _("luonnos")
    SENT = "sent", _("lähetetty")
    RECEIVED = "received", _("lausunto saatu")


class StatementRequest(models.Model):
    """A request for a medical statement and its cover letter to the health-centre doctor (seed 002:
    "saate terveysaseman lääkärille, miksi lausunto Kelaa varten tarvitaan").

    Written by the team in the joint work, so the plan category; its text is journal-like, hidden from
    coordinators and managers (`access.policy.PLAN_TEXT_OBJECT_TYPES`). The letter is generated from the
    case and then edited; `revision` guards against a lost update.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="statement_requests", verbose_name=_("asiakas")
    )
    relationship = models.ForeignKey(
        ClientRelationship,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_requests",
        verbose_name=_("asiakkuus"),
    )
    statement_type = models.CharField(
        _("pyydetty lausunto"),
        max_length=1,
        choices=[("A", _("A-lausunto")), ("B", _("B-lausunto")), ("C", _("C-lausunto"))],
        default="B",
    )
    addressed_to = models.CharField(_("vastaanottaja"), max_length=200)
    applied_for = models.CharField(_("mitä haetaan"), max_length=300)
    reason = models.TextField(_("miksi lausunto tarvitaan"), max_length=LONG_TEXT)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("yhteyshenkilö")
    )
    contact_details = models.CharField(_("yhteystiedot"), max_length=200, blank=True)
    letter = models.TextField(_("saatekirje"), max_length=LONG_TEXT)
    status = models.CharField(
        _("tila"), max_length=20, choices=StatementRequestStatus.choices, default=StatementRequestStatus.DRAFT
    )
    sent_on = models.DateField(_("lähetetty"), null=True, blank=True)
    received_on = models.DateField(_("lausunto saatu"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaava organisaatio")
    )
    revision = models.PositiveIntegerField(_("versio"), default=1)
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)
    updated_at = models.DateTimeField(_("muutettu"), auto_now=True)

    class Meta:
        ordering = ["client", "-created_at", "-id"]
        verbose_name = _("lausuntopyyntö")
        verbose_name_plural = _("lausuntopyynnöt")
        constraints = [
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | Q(sent_on__isnull=False),
                name="statement_request_received_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_statement_type_display()} {self.created_at:%Y-%m-%d}"
