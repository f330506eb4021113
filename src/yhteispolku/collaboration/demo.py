"""Maija's network work for the demo data (seed 002), written directly like the rest of the demo loader:
idempotent, without audit entries, since no one reads or writes here but the loader.

Her two Kela consultations — the one of the mapping that found a B medical statement is needed, and the
later one with Kela and the nurse, a week before the load day, that reviews the feedback of her vocational
rehabilitation assessment (AKSE, granted earlier) and agrees on applying for education as Kela vocational
rehabilitation — with the agreement, notes, decisions and follow-ups; the Kela requests (the benefit
mapping of the mapping, the rehabilitation assessment before AKSE was applied for); and what Maija herself
delivers.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.clients.models import Consent
from yhteispolku.collaboration.models import (
    AgreedHow,
    ClientTodo,
    Consultation,
    ConsultationKind,
    EscalationResult,
    EscalationStep,
    EscalationStepKind,
    FollowUpAction,
    GuestContribution,
    GuestInvitation,
    KelaRequest,
    KelaRequestKind,
    KelaRequestStatus,
    MeetingMode,
    NetworkContact,
    NetworkContactKind,
    Participant,
    ReferralOnwards,
    TodoKind,
    TodoStatus,
)
from yhteispolku.documents.models import DocumentType
from yhteispolku.organisations.models import Organisation


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _consultation(
    relationship: ClientRelationship,
    organiser: User,
    scheduled_on: date,
    participants: list[User],
    follow_ups: list[tuple[str, User, date, date | None]],
    agenda: str,
    **fields: object,
) -> Consultation:
    assert organiser.organisation is not None
    # Keyed by the agenda, not the day: loading again on a later day finds the same consultation.
    consultation, _created = Consultation.objects.get_or_create(
        relationship=relationship,
        kind=ConsultationKind.KELA,
        agenda=agenda,
        defaults={
            "scheduled_at": _at(scheduled_on),
            "organiser": organiser,
            "organisation": organiser.organisation,
            # The demo's agreements were made with Maija in person or by phone: the organiser recorded them.
            "agreement_recorded_by": organiser,
            **fields,
        },
    )
    for user in participants:
        Participant.objects.get_or_create(
            consultation=consultation, user=user, defaults={"invited_by": organiser}
        )
    for description, owner, due_on, done_on in follow_ups:
        FollowUpAction.objects.get_or_create(
            consultation=consultation,
            description=description,
            defaults={
                "owner": owner,
                "due_on": due_on,
                "done_on": done_on,
                "done_by": owner if done_on else None,
                "recorded_by": organiser,
            },
        )
    return consultation


def load_maija_collaboration(
    *,
    relationship: ClientRelationship,
    social_worker: User,
    employment_expert: User,
    nurse: User,
    kela_advisor: User,
    kela_expert: User,
    started_on: date,
    today: date,
) -> None:
    """Seed 002: the Kela consultation of the mapping, the later one, the Kela requests, the to-do list."""
    mapping_day = started_on + timedelta(days=45)
    _consultation(
        relationship,
        social_worker,
        mapping_day,
        [kela_advisor, nurse, employment_expert],
        [
            (
                "Saate terveysaseman lääkärille: miksi B-lausunto Kelaa varten tarvitaan.",
                social_worker,
                mapping_day + timedelta(days=14),
                mapping_day + timedelta(days=7),  # the statement request is sent that day (documents)
            ),
            (
                "Aika terveysaseman lääkärille B-lausuntoa varten.",
                nurse,
                mapping_day + timedelta(days=21),
                mapping_day + timedelta(days=16),
            ),
        ],
        mode=MeetingMode.REMOTE,
        agenda="Maijan tietoihin perehtyminen yhdessä (Kela ja sotepe); aiemmista palveluista saatu tieto.",
        notes=(
            "Katsottiin yhteen aiemmat kuntoutukset, lääkärinlausunnot ja palaute työllistymistä edistävistä "
            "palveluista. Toiminnanohjauksen haasteet vaikuttavat työllistymiseen."
        ),
        decisions=(
            "Todetaan lääkärinlausunnon tarve: B-lausunto (SV 7) Kelan ammatillista kuntoutusta varten. "
            "Sosiaalityöntekijä kirjoittaa saatteen terveysaseman lääkärille."
        ),
        agreed_with_client_on=mapping_day - timedelta(days=10),
        agreed_how=AgreedHow.IN_PERSON,
        reviewed_on=mapping_day + timedelta(days=5),
        review_note="Käyty Maijan kanssa läpi tapaamisessa; Maija varaa ajan lääkärille.",
        reviewed_by=social_worker,
    )
    later_day = today - timedelta(days=7)
    _consultation(
        relationship,
        social_worker,
        later_day,
        [kela_advisor, nurse],
        [
            (
                "Koulutus Kelan ammatillisena kuntoutuksena: Kelan lisäselvitykset ja opiskelupaikan "
                "varmistaminen yhdessä Maijan kanssa.",
                kela_advisor,
                today + timedelta(days=14),
                None,
            ),
            (
                "Tiedonvaihto kuntouttavan työtoiminnan ohjaajan kanssa.",
                social_worker,
                today + timedelta(days=7),
                None,
            ),
        ],
        mode=MeetingMode.IN_PERSON,
        agenda="Konsultaatio uudelleen Kelan ja terveydenhoitajan kanssa: ammatillinen kuntoutus.",
        notes=(
            "Ammatillisen kuntoutusselvityksen (AKSE) kuntoutuspalaute ja kuntouttavasta työtoiminnasta "
            "saatu lisätieto Maijan työ- ja toimintakyvystä: hyötyy selkeistä, vaiheistetuista ohjeista ja "
            "rauhallisesta työympäristöstä."
        ),
        decisions=(
            "Maija jatkaa kuntoutusselvityksessä muotoutuneen suunnitelman mukaan: haetaan koulutusta "
            "Kelan ammatillisena kuntoutuksena; TYM-työkykyneuvoja ohjaa hakemisen."
        ),
        agreed_with_client_on=later_day - timedelta(days=7),
        agreed_how=AgreedHow.PHONE,
    )
    for kind, question, sent_on, answered_on, answerer, answer, situation, path in (
        (
            KelaRequestKind.BENEFIT_MAPPING,
            "Pyydämme kartoittamaan Maijan etuustiedot TYM-kartoitusta varten.",
            started_on + timedelta(days=10),
            started_on + timedelta(days=17),
            kela_expert,
            "Työmarkkinatuki. Ei vireillä olevia hakemuksia eikä aiempia Kelan kuntoutuspäätöksiä.",
            "",
            "",
        ),
        (
            KelaRequestKind.REHABILITATION_ASSESSMENT,
            "Siirto kuntoutustarvearvioon: B-lausunto saatu, kuntouttava työtoiminta ei yksin riitä.",
            today - timedelta(days=80),
            today - timedelta(days=73),
            kela_advisor,
            "Kooste nykytilanteesta ja tulevaisuudesta tehty; ohjataan hakemaan ammatillista "
            "kuntoutusselvitystä (AKSE).",
            "Osatyökykyinen, toiminnanohjauksen haasteet; kuntouttava työtoiminta käynnissä, B-lausunto.",
            "Ammatillinen kuntoutusselvitys ja sen jälkeen koulutus ammatillisena kuntoutuksena.",
        ),
    ):
        KelaRequest.objects.get_or_create(
            relationship=relationship,
            kind=kind,
            defaults={
                "question": question,
                "sent_on": sent_on,
                "sent_by": social_worker,
                "status": KelaRequestStatus.ANSWERED,
                "answered_on": answered_on,
                "answered_by": answerer,
                "answer": answer,
                "current_situation": situation,
                "rehabilitation_path": path,
            },
        )
    kela = Organisation.objects.get(slug="kela")
    employment_area = employment_expert.organisation
    assert employment_area is not None
    for todo_kind, description, deliver_to, due_on, closed_on, document_type in (
        (
            TodoKind.MEDICAL_STATEMENT,
            "B-lausunto (SV 7) Kelan ammatillista kuntoutusta varten",
            kela,
            mapping_day + timedelta(days=60),
            mapping_day + timedelta(days=30),  # the day the statement was received (documents)
            DocumentType.MEDICAL_STATEMENT_B,
        ),
        (
            TodoKind.APPLICATION,
            "Koulutuksen hakemuksen liite Kelalle: opiskelupaikan vahvistus",
            kela,
            today + timedelta(days=21),
            None,
            "",
        ),
        (
            TodoKind.CERTIFICATE,
            # Maija may send it from her to-do list in Oma Yhteispolku.
            "Ammatillisen tutkinnon todistus työhönvalmentajalle",
            employment_area,
            today - timedelta(days=3),
            None,
            DocumentType.SCHOOL_CERTIFICATE,
        ),
    ):
        ClientTodo.objects.get_or_create(
            relationship=relationship,
            description=description,
            defaults={
                "kind": todo_kind,
                "deliver_to": deliver_to,
                "due_on": due_on,
                "status": TodoStatus.DONE if closed_on else TodoStatus.OPEN,
                "closed_on": closed_on,
                "requested_document_type": document_type,
                "recorded_by": social_worker,
            },
        )


def load_work_ability_escalation(
    *, relationship: ClientRelationship, professional: User, today: date
) -> list[EscalationStep]:
    """Work-ability support reached from a track other than TYM (seed 003, Varha): Mikael's employment
    services. The work-ability coordinator was consulted and the client contacted; he was referred to
    Kela's vocational rehabilitation investigation. Running it again changes nothing."""
    steps = [
        (
            EscalationStepKind.COORDINATOR_CONSULTATION,
            today - timedelta(days=21),
            "Koordinaattori suositti asiakaskontaktia: selkävaiva rajoittaa varastotyötä.",
            "",
            None,
        ),
        (
            EscalationStepKind.CLIENT_CONTACT,
            today - timedelta(days=14),
            "Tavattu yhdessä: Kelan ammatillisen kuntoutuksen selvitys on paras seuraava askel.",
            EscalationResult.VOCATIONAL_REHABILITATION,
            today - timedelta(days=10),
        ),
    ]
    return _escalation(relationship, professional, steps)


def load_closed_work_ability_support(
    *, relationship: ClientRelationship, coordinator: User
) -> list[EscalationStep]:
    """Pirjo's work-ability support track (closed in paths.demo_closures) went the whole Varha path from its
    start: the coordinator consulted, the client met, the work-ability team's assessment referring her to
    Kela's vocational rehabilitation investigation before the track closed as referred onwards."""
    start = relationship.started_on
    return _escalation(
        relationship,
        coordinator,
        [
            (
                EscalationStepKind.COORDINATOR_CONSULTATION,
                start,
                "Terveysaseman lääkäri konsultoi: selkä- ja olkapäävaivat, laitoshuoltajan työ ei onnistu.",
                "",
                None,
            ),
            (
                EscalationStepKind.CLIENT_CONTACT,
                start + timedelta(days=14),
                "Tavattu: Pirjo haluaa jatkaa työelämässä kevyemmissä tehtävissä.",
                "",
                None,
            ),
            (
                EscalationStepKind.TEAM_CONSULTATION,
                start + timedelta(days=60),
                "Työkykytiimi (lääkäri, fysioterapeutti, koordinaattori): ammatillinen kuntoutus on "
                "mahdollinen.",
                EscalationResult.VOCATIONAL_REHABILITATION,
                start + timedelta(days=100),
            ),
        ],
    )


def _escalation(
    relationship: ClientRelationship,
    professional: User,
    steps: Sequence[tuple[int, date, str, str, date | None]],
) -> list[EscalationStep]:
    recorded = []
    for step, on, outcome, result, result_on in steps:
        row, _created = EscalationStep.objects.get_or_create(
            relationship=relationship,
            step=step,
            defaults={
                "on": on,
                "outcome": outcome,
                "result": result,
                "result_on": result_on,
                "referral_onwards": ReferralOnwards.KELA if result else ReferralOnwards.NONE,
                "referral_details": "Ammatillisen kuntoutuksen selvitys (AKSE)" if result else "",
                "recorded_by": professional,
            },
        )
        recorded.append(row)
    return recorded


def load_maija_network(
    *, relationship: ClientRelationship, employment_expert: User, social_worker: User, today: date
) -> None:
    """Maija's network outside the authorities (issue 14): her mother and her support person from a
    third-sector organisation, both recorded with her consent; the support person took part as a guest in
    the network meeting ("Rukkanen", seed 000) ten days before the load day and wrote her statement."""
    client = relationship.client
    contacts = {}
    for key, kind, name, organisation, phone, email, purpose, consent_days in (
        (
            "mother",
            NetworkContactKind.FAMILY,
            "Liisa Meikäläinen",
            "",
            "040 555 0101",
            "",
            "Äiti. Maija haluaa, että äidille voi kertoa tapaamisaikojen muutoksista.",
            60,
        ),
        (
            "support",
            NetworkContactKind.SUPPORT_PERSON,
            "Tuula Tukihenkilö",
            "Porin seudun mielenterveysyhdistys ry (demo)",
            "040 555 0202",
            "tuula.tukihenkilo@example.org",
            "Maijan tukihenkilö: tukee asioinnissa ja on mukana verkostopalavereissa Maijan pyynnöstä.",
            30,
        ),
    ):
        contacts[key], _created = NetworkContact.objects.get_or_create(
            client=client,
            name=name,
            defaults={
                "kind": kind,
                "organisation": organisation,
                "phone": phone,
                "email": email,
                "purpose": purpose,
                "consent_given_on": today - timedelta(days=consent_days),
                "consent_how": Consent.GivenHow.ORAL,
                "recorded_by": employment_expert,
            },
        )
    assert employment_expert.organisation is not None
    meeting_day = today - timedelta(days=10)
    agenda = "Verkostopalaveri (Rukkanen): Maijan arjen tuki opiskelun aloittamisessa."
    consultation, _created = Consultation.objects.get_or_create(
        relationship=relationship,
        kind=ConsultationKind.NETWORK_MEETING,
        agenda=agenda,
        defaults={
            "scheduled_at": _at(meeting_day),
            "mode": MeetingMode.REMOTE,
            "organiser": employment_expert,
            "organisation": employment_expert.organisation,
            "agreement_recorded_by": employment_expert,
            "agreed_with_client_on": meeting_day - timedelta(days=7),
            "agreed_how": AgreedHow.IN_PERSON,
            "decisions": (
                "Tukihenkilö auttaa Maijaa koulutuksen hakemisessa; seuraava palaveri kuukauden päästä."
            ),
        },
    )
    Participant.objects.get_or_create(
        consultation=consultation, user=social_worker, defaults={"invited_by": employment_expert}
    )
    support = contacts["support"]
    invitation = GuestInvitation.objects.filter(consultation=consultation, contact=support).first()
    if invitation is None:
        guest = User(
            username="vieras-tuula-tukihenkilo",
            first_name="Tuula",
            last_name="Tukihenkilö",
            is_consultation_guest=True,
        )
        guest.set_unusable_password()
        guest.save()
        # The link was used when she signed in: its secrets are random and kept by no one.
        invitation = GuestInvitation.objects.create(
            consultation=consultation,
            contact=support,
            guest=guest,
            shared_with_guest="Maija toivoo, että tukihenkilö kertoo, missä asioinnissa hän tarvitsee tukea.",
            token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
            code_hash=make_password(secrets.token_hex(8)),
            expires_on=meeting_day + timedelta(days=settings.CONSULTATION_GUEST_DAYS),
            invited_by=employment_expert,
            signed_in_at=_at(meeting_day - timedelta(days=1)),
        )
    contribution, created = GuestContribution.objects.get_or_create(
        invitation=invitation,
        text=(
            "Maija tarvitsee tukea erityisesti hakemusten täyttämisessä ja uusissa paikoissa asioinnissa. "
            "Voin tulla mukaan oppilaitoksen tapaamiseen."
        ),
    )
    if created:
        # Written the evening before the meeting, when she signed in (written_at is set on creation).
        GuestContribution.objects.filter(pk=contribution.pk).update(
            written_at=_at(meeting_day - timedelta(days=1)) + timedelta(hours=8)
        )
