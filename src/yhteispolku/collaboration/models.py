"""Network work around a client (issue #6, SPEC §3 step 7): consultations and their follow-up, the
work-ability support escalation (seed 003), cooperation with Kela (seed 004) and the client's to-do list
(seed 001 "Asiakkaan vastuulla on toimittaa").

Everything here belongs to a client relationship and is the team's joint work (the plan category,
SPEC §5.1), except what Kela answers about benefits and rehabilitation, which is Kela's category. A
consultation may also be anonymous: no relationship, no client, no personal data.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yhteispolku.clients.models import Consent
from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT, SHORT_TEXT
from yhteispolku.documents.models import Document, DocumentType
from yhteispolku.organisations.models import Organisation


class ConsultationKind(models.TextChoices):
    NETWORK_MEETING = "network_meeting", _("verkostopalaveri (”Rukkanen”)")
    KELA = "kela", _("Kela-konsultaatio")
    WORK_ABILITY_COORDINATOR = "work_ability_coordinator", _("työkykykoordinaattorin konsultaatio")
    E_CONSULTATION = "e_consultation", _("eKonsultaatio")


class MeetingMode(models.TextChoices):
    REMOTE = "remote", _("etänä")
    IN_PERSON = "in_person", _("paikan päällä")


class AgreedHow(models.TextChoices):
    """How the consultation was agreed with the client beforehand (R-CONS-1)."""

    IN_PERSON = "in_person", _("tapaamisessa")
    PHONE = "phone", _("puhelimessa")
    WRITTEN = "written", _("kirjallisesti")
    PORTAL = "portal", _("asiointipalvelussa")


class Consultation(models.Model):
    """A consultation of the network about one client, or an anonymous one about no client (R-CONS-1).

    Only the parties working with the client take part; the consultation is agreed with the client
    beforehand, and what came up is reviewed with the client afterwards (`reviewed_on`).
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    relationship = models.ForeignKey(
        "cases.ClientRelationship",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("asiakkuus"),
        help_text=_("Tyhjä anonyymissa konsultaatiossa: ei asiakasta eikä henkilötietoja."),
    )
    kind = models.CharField(_("konsultaation laji"), max_length=30, choices=ConsultationKind.choices)
    mode = models.CharField(_("toteutustapa"), max_length=20, choices=MeetingMode.choices)
    scheduled_at = models.DateTimeField(_("ajankohta"))
    agenda = models.TextField(_("asialista"), blank=True, max_length=NOTE_TEXT)
    notes = models.TextField(_("muistiinpanot"), blank=True, max_length=LONG_TEXT)
    decisions = models.TextField(_("päätökset ja sovitut asiat"), blank=True, max_length=LONG_TEXT)
    agreed_with_client_on = models.DateField(_("sovittu asiakkaan kanssa"), null=True, blank=True)
    agreed_how = models.CharField(
        _("miten sovittu asiakkaan kanssa"), max_length=20, choices=AgreedHow.choices, blank=True
    )
    # R-CONS-1's prior agreement is recorded by a professional (agreed in a meeting, by phone, in writing)
    # or given by the client herself in Oma Yhteispolku: one or the other, kept by a check constraint.
    agreement_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sopimisen kirjaaja"),
    )
    agreed_by_client = models.BooleanField(_("asiakas antoi suostumuksensa itse"), default=False)
    # The team asked the client in Oma Yhteispolku: until she agrees, the consultation waits (no notes,
    # follow-ups or review); if she declines, it does not take place.
    agreement_asked_at = models.DateTimeField(_("suostumusta kysytty asiakkaalta"), null=True, blank=True)
    declined_by_client_on = models.DateField(_("asiakas kieltäytyi"), null=True, blank=True)
    reviewed_on = models.DateField(_("käyty läpi asiakkaan kanssa"), null=True, blank=True)
    review_note = models.TextField(_("läpikäynnin lisätiedot"), blank=True, max_length=NOTE_TEXT)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("läpikäynnin kirjaaja"),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("järjestäjä")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("järjestävä organisaatio")
    )
    # Optimistic locking of the notes and decisions: every saved edit increments it.
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)
    updated_at = models.DateTimeField(_("muutettu"), auto_now=True)

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        verbose_name = _("konsultaatio")
        verbose_name_plural = _("konsultaatiot")
        indexes = [models.Index(fields=["relationship", "reviewed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(relationship__isnull=True)
                | (Q(agreed_with_client_on__isnull=False) & ~Q(agreed_how=""))
                | Q(agreed_with_client_on__isnull=True, agreed_how="", agreement_asked_at__isnull=False),
                name="consultation_agreed_with_client",
                violation_error_message=_(
                    "R-CONS-1: konsultaatiosta on sovittava asiakkaan kanssa etukäteen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(agreed_with_client_on__isnull=True, agreed_by_client=False)
                | Q(agreed_by_client=True, agreement_recorded_by__isnull=True, agreed_how="portal")
                | Q(agreed_by_client=False, agreement_recorded_by__isnull=False),
                name="consultation_agreement_recorded_or_given_by_client",
            ),
            models.CheckConstraint(
                condition=Q(declined_by_client_on__isnull=True)
                | Q(agreed_with_client_on__isnull=True, agreement_asked_at__isnull=False),
                name="consultation_declined_not_agreed",
            ),
            models.CheckConstraint(
                condition=Q(relationship__isnull=False) | Q(reviewed_on__isnull=True),
                name="anonymous_consultation_has_no_review",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scheduled_at:%Y-%m-%d}"

    @property
    def is_anonymous(self) -> bool:
        return self.relationship_id is None

    @property
    def day(self) -> date:
        return timezone.localtime(self.scheduled_at).date()

    @property
    def review_open(self) -> bool:
        return not self.is_anonymous and self.agreed and self.reviewed_on is None

    @property
    def agreed(self) -> bool:
        """R-CONS-1: agreed with the client beforehand (an anonymous one has no client to agree)."""
        return self.is_anonymous or self.agreed_with_client_on is not None

    @property
    def awaiting_client(self) -> bool:
        """Asked in Oma Yhteispolku, not yet answered: the consultation waits for her agreement."""
        return (
            self.agreement_asked_at is not None
            and self.agreed_with_client_on is None
            and self.declined_by_client_on is None
        )


class Participant(models.Model):
    """A professional invited to a consultation."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participants", verbose_name=_("konsultaatio")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ammattilainen")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kutsuja")
    )
    invited_at = models.DateTimeField(_("kutsuttu"), auto_now_add=True)

    class Meta:
        ordering = ["consultation", "invited_at", "id"]
        verbose_name = _("osallistuja")
        verbose_name_plural = _("osallistujat")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="participant_invited_once")
        ]

    def __str__(self) -> str:
        return str(self.user)


class FollowUpQuerySet(models.QuerySet["FollowUpAction"]):
    def open(self) -> FollowUpQuerySet:
        return self.filter(done_on__isnull=True)


class FollowUpAction(models.Model):
    """Something agreed in a consultation: who does it (a professional) and by when."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("konsultaatio")
    )
    description = models.TextField(_("jatkotoimi"), max_length=NOTE_TEXT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vastuuhenkilö")
    )
    due_on = models.DateField(_("määräpäivä"))
    done_on = models.DateField(_("tehty"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tehdyksi kirjannut"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "due_on", "id"]
        verbose_name = _("jatkotoimi")
        verbose_name_plural = _("jatkotoimet")
        indexes = [models.Index(fields=["consultation", "done_on"])]

    def __str__(self) -> str:
        return self.description[:60]


class EscalationStepKind(models.IntegerChoices):
    """The work-ability support path of the Varha model (seed 003), in its order."""

    COORDINATOR_CONSULTATION = 1, _("työkykykoordinaattorin konsultointi")
    CLIENT_CONTACT = 2, _("asiakaskontaktointi")
    TEAM_CONSULTATION = 3, _("työkyvyn tuen tiimin konsultointi")


class ReferralOnwards(models.TextChoices):
    NONE = "none", _("ei ohjausta eteenpäin")
    TYM = "tym", _("TYM-yhteispalvelu")
    SOCIAL_SERVICES = "social_services", _("sosiaalipalvelut")
    HEALTH_SERVICES = "health_services", _("sote-palvelut jatkavat seurantaa")
    KELA = "kela", _("Kelan palvelut")
    # Opens a work-ability support relationship for the client (paths' relationship opening).
    WORK_ABILITY_SUPPORT = "work_ability_support", _("työkyvyn tuen asiakkuus")
    OTHER = "other", _("muu palvelu")


class EscalationResult(models.TextChoices):
    """What came of a work-ability support step (seed 003): where the client went, or that it cleared."""

    VOCATIONAL_REHABILITATION = "vocational_rehabilitation", _("ohjattu ammatilliseen kuntoutukseen")
    OCCUPATIONAL_HEALTH = "occupational_health", _("ohjattu työterveyshuoltoon")
    PENSION_ASSESSMENT = "pension_assessment", _("ohjattu eläkeselvittelyyn")
    HEALTH_SERVICES = "health_services", _("sote-palvelut jatkavat seurantaa")
    SITUATION_CLEAR = "situation_clear", _("tilanne selkiytyi")
    OTHER = "other", _("muu tulos")


class EscalationStep(models.Model):
    """One step of the work-ability support escalation, recorded in order (seed 003, Varha).

    A step is either taken (date and outcome) or skipped with a recorded reason.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    relationship = models.ForeignKey(
        "cases.ClientRelationship",
        on_delete=models.PROTECT,
        related_name="escalation_steps",
        verbose_name=_("asiakkuus"),
    )
    step = models.PositiveSmallIntegerField(_("vaihe"), choices=EscalationStepKind.choices)
    on = models.DateField(_("päivä"))
    skipped = models.BooleanField(_("ohitettu"), default=False)
    skip_reason = models.TextField(_("ohittamisen syy"), blank=True, max_length=NOTE_TEXT)
    outcome = models.TextField(_("tulos"), blank=True, max_length=NOTE_TEXT)
    referral_onwards = models.CharField(
        _("ohjaus eteenpäin"), max_length=30, choices=ReferralOnwards.choices, default=ReferralOnwards.NONE
    )
    referral_details = models.CharField(_("ohjauksen tarkennus"), max_length=300, blank=True)
    # What happened (empty on steps recorded before the result was asked, and on skipped steps).
    result = models.CharField(
        _("mitä tapahtui"), max_length=30, choices=EscalationResult.choices, blank=True, default=""
    )
    result_on = models.DateField(_("tuloksen päivä"), null=True, blank=True)
    # The work-ability support relationship the referral onwards opened (or found open).
    opened_relationship = models.ForeignKey(
        "cases.ClientRelationship",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avattu työkyvyn tuen asiakkuus"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)

    class Meta:
        ordering = ["relationship", "step"]
        verbose_name = _("työkyvyn tuen vaihe")
        verbose_name_plural = _("työkyvyn tuen vaiheet")
        constraints = [
            models.UniqueConstraint(fields=["relationship", "step"], name="escalation_step_once"),
            models.CheckConstraint(
                condition=(Q(skipped=True) & ~Q(skip_reason="")) | (Q(skipped=False) & ~Q(outcome="")),
                name="escalation_step_outcome_or_skip_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step}. {self.get_step_display()}"


class KelaRequestKind(models.TextChoices):
    """Kela–TYM cooperation (seed 004)."""

    BENEFIT_MAPPING = "benefit_mapping", _("pyyntö Kelan palveluasiantuntijalle kartoittaa etuustiedot")
    REHABILITATION_ASSESSMENT = (
        "rehabilitation_assessment",
        _("siirto Kelan TYM-työkykyneuvojalle kuntoutustarvearvioon"),
    )
    TYPPI_NOTICE = "typpi_notice", _("Typpi-tiedote: kysymys asiakkaan kuntoutusmahdollisuuksista")


class KelaRequestStatus(models.TextChoices):
    SENT = "sent", _("lähetetty")
    ANSWERED = "answered", _("vastattu")
    CLOSED = "closed", _("suljettu")


class KelaRequest(models.Model):
    """A request to Kela and Kela's answer (seed 004).

    The request is the team's joint work (plan category); the answer holds benefit and rehabilitation
    information and is Kela's category (DataCategory.KELA): Kela writes it, others read it with consent.
    A rehabilitation-need assessment is answered with the work-ability advisor's summary: the current
    situation and the proposed rehabilitation path.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    relationship = models.ForeignKey(
        "cases.ClientRelationship",
        on_delete=models.PROTECT,
        related_name="kela_requests",
        verbose_name=_("asiakkuus"),
    )
    kind = models.CharField(_("pyynnön laji"), max_length=30, choices=KelaRequestKind.choices)
    question = models.TextField(_("pyyntö tai kysymys"), max_length=LONG_TEXT)
    sent_on = models.DateField(_("lähetetty"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("lähettäjä")
    )
    status = models.CharField(
        _("tila"), max_length=20, choices=KelaRequestStatus.choices, default=KelaRequestStatus.SENT
    )
    answered_on = models.DateField(_("vastattu"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastaaja"),
    )
    answer = models.TextField(_("Kelan vastaus"), blank=True, max_length=LONG_TEXT)
    current_situation = models.TextField(_("nykytilanne"), blank=True, max_length=LONG_TEXT)
    rehabilitation_path = models.TextField(_("ehdotus kuntoutuspoluksi"), blank=True, max_length=LONG_TEXT)
    closed_on = models.DateField(_("suljettu"), null=True, blank=True)
    # Optimistic locking: answering and closing check the status they were started on.
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("Kela-yhteistyön pyyntö")
        verbose_name_plural = _("Kela-yhteistyön pyynnöt")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="sent") | Q(answered_on__isnull=False) | Q(status="closed"),
                name="kela_request_answered_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_on:%Y-%m-%d}"


class TodoKind(models.TextChoices):
    """What the client delivers (seed 001, "Asiakkaan vastuulla on toimittaa")."""

    MEDICAL_STATEMENT = "medical_statement", _("lääkärinlausunto")
    APPLICATION = "application", _("hakemus")
    INFORMATION_REQUEST_ANSWER = "information_request_answer", _("vastaus lisätietopyyntöön")
    CERTIFICATE = "certificate", _("todistus (koulu- tai työtodistus)")
    CHANGE_IN_SITUATION = "change_in_situation", _("tieto muuttuneesta tilanteesta")
    OTHER = "other", _("muu")


class TodoStatus(models.TextChoices):
    OPEN = "open", _("avoin")
    DONE = "done", _("toimitettu")
    CANCELLED = "cancelled", _("peruttu")


class ClientTodo(models.Model):
    """Something the client must deliver, to whom and by when."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    relationship = models.ForeignKey(
        "cases.ClientRelationship",
        on_delete=models.PROTECT,
        related_name="client_todos",
        verbose_name=_("asiakkuus"),
    )
    kind = models.CharField(_("laji"), max_length=40, choices=TodoKind.choices)
    description = models.CharField(_("kuvaus"), max_length=300)
    deliver_to = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("kenelle toimitetaan")
    )
    due_on = models.DateField(_("määräpäivä"))
    # The document the to-do asks for (a medical statement, a certificate): the client may send it from
    # Oma Yhteispolku, and it is recorded in the documents app in this type's data category. Empty: the
    # to-do asks for no document (an application, a piece of information).
    requested_document_type = models.CharField(
        _("pyydetty asiakirja"), max_length=40, choices=DocumentType.choices, blank=True
    )
    status = models.CharField(_("tila"), max_length=20, choices=TodoStatus.choices, default=TodoStatus.OPEN)
    closed_on = models.DateField(_("toimitettu tai peruttu"), null=True, blank=True)
    # The document she sent for it herself (Oma Yhteispolku); the to-do was delivered by it.
    document = models.OneToOneField(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="client_todo",
        verbose_name=_("toimitettu asiakirja"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    created_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)

    class Meta:
        ordering = ["relationship", "due_on", "id"]
        verbose_name = _("asiakkaan toimitettava asia")
        verbose_name_plural = _("asiakkaan toimitettavat asiat")
        indexes = [models.Index(fields=["relationship", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | (~Q(status="open") & Q(closed_on__isnull=False)),
                name="client_todo_closed_on_when_closed",
            ),
            models.CheckConstraint(
                condition=Q(document__isnull=True) | Q(status="done"),
                name="client_todo_document_delivers_it",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    def is_overdue(self, today: date) -> bool:
        return self.status == TodoStatus.OPEN and self.due_on < today


# --- the client's network outside the authorities, and consultation guests (issue 14) -----------------


class NetworkContactKind(models.TextChoices):
    FAMILY = "family", _("perheenjäsen tai omainen")
    SUPPORT_PERSON = "support_person", _("asiakkaan tukihenkilö")
    PENSION_PROVIDER = "pension_provider", _("työeläkelaitos")
    THIRD_SECTOR = "third_sector", _("kolmannen sektorin toimija")
    EMPLOYER = "employer", _("työnantaja")
    OTHER = "other", _("muu")


class NetworkContactQuerySet(models.QuerySet["NetworkContact"]):
    def current(self, today: date) -> NetworkContactQuerySet:
        """Contacts not ended by `today`: the client's consent to them stands."""
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))


class NetworkContact(models.Model):
    """A person or party of the client's network outside the authorities (a relative, her support person,
    an earnings-related pension provider, a third-sector organisation, an employer), recorded with the
    purpose of the contact and the client's consent to it. Part of her basic data (SPEC §5.1).

    Never deleted: ending it (`ended_on`) ends the consent to contact it, and it can no longer be invited.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="network_contacts", verbose_name=_("asiakas")
    )
    kind = models.CharField(_("yhteystahon laji"), max_length=30, choices=NetworkContactKind.choices)
    name = models.CharField(_("nimi"), max_length=SHORT_TEXT)
    organisation = models.CharField(_("organisaatio"), max_length=SHORT_TEXT, blank=True)
    phone = models.CharField(_("puhelin"), max_length=40, blank=True)
    email = models.EmailField(_("sähköposti"), max_length=SHORT_TEXT, blank=True)
    purpose = models.TextField(_("yhteydenpidon tarkoitus"), max_length=NOTE_TEXT)
    consent_given_on = models.DateField(_("asiakkaan suostumus annettu"))
    consent_how = models.CharField(
        _("miten suostumus annettiin"), max_length=20, choices=Consent.GivenHow.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kirjaaja")
    )
    recorded_at = models.DateTimeField(_("kirjattu"), auto_now_add=True)
    updated_at = models.DateTimeField(_("muutettu"), auto_now=True)
    ended_on = models.DateField(_("päättynyt"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("päättäjä"),
    )
    # Optimistic locking: an edit or an ending started on an older revision is refused.
    revision = models.PositiveIntegerField(default=0)

    objects = NetworkContactQuerySet.as_manager()

    class Meta:
        ordering = ["client", "name", "id"]
        verbose_name = _("verkoston yhteystaho")
        verbose_name_plural = _("verkoston yhteystahot")
        indexes = [models.Index(fields=["client", "ended_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="network_contact_phone_or_email"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("consent_given_on")),
                name="network_contact_ends_after_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    def is_current(self, today: date) -> bool:
        return self.ended_on is None or self.ended_on > today


class GuestInvitationQuerySet(models.QuerySet["GuestInvitation"]):
    def current(self, today: date) -> GuestInvitationQuerySet:
        """Invitations that still give their guest the consultation: not revoked, not expired, and the
        network contact not ended."""
        return self.filter(revoked_at__isnull=True, expires_on__gte=today).filter(
            Q(contact__ended_on__isnull=True) | Q(contact__ended_on__gt=today)
        )


class GuestInvitation(models.Model):
    """A network contact invited to one consultation as its guest (issue 14).

    The guest signs in with two things sent by two channels: the single-use link (its random token is
    kept only as a SHA-256 hash) and a short one-time code the organiser reads to them by phone (kept as
    a password hash). The invitation lasts until `expires_on` (the consultation's day plus
    CONSULTATION_GUEST_DAYS) unless the organiser revokes it.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="guest_invitations",
        verbose_name=_("konsultaatio"),
    )
    contact = models.ForeignKey(
        NetworkContact, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("yhteystaho")
    )
    guest = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="guest_invitation",
        verbose_name=_("vieras"),
    )
    shared_with_guest = models.TextField(_("vieraalle jaettava tieto"), blank=True, max_length=NOTE_TEXT)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    code_hash = models.CharField(max_length=200, editable=False)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    signed_in_at = models.DateTimeField(_("vieras kirjautui"), null=True, blank=True)
    expires_on = models.DateField(_("voimassa asti"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kutsuja")
    )
    invited_at = models.DateTimeField(_("kutsuttu"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("peruttu"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("perujaja"),
    )

    objects = GuestInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "invited_at", "id"]
        verbose_name = _("vieraan kutsu")
        verbose_name_plural = _("vieraiden kutsut")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "contact"],
                condition=Q(revoked_at__isnull=True),
                name="guest_invited_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact.name}: {self.consultation}"

    def is_current(self, today: date) -> bool:
        return self.revoked_at is None and self.expires_on >= today and self.contact.is_current(today)


class GuestContribution(models.Model):
    """A consultation guest's own statement or comment to the consultation: the organiser and the team
    read it on the consultation page."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invitation = models.ForeignKey(
        GuestInvitation, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("kutsu")
    )
    text = models.TextField(_("kannanotto tai kommentti"), max_length=NOTE_TEXT)
    written_at = models.DateTimeField(_("kirjoitettu"), auto_now_add=True)

    class Meta:
        ordering = ["invitation", "written_at", "id"]
        verbose_name = _("vieraan kannanotto")
        verbose_name_plural = _("vieraiden kannanotot")

    def __str__(self) -> str:
        return self.text[:60]
