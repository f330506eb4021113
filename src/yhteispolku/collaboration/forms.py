"""Forms of network work: they only parse input; the services decide what is allowed (R-CONS-1 etc.)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yhteispolku.access.relations import MANAGER_ROLES
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.collaboration.errors import NotWorkingWithClient
from yhteispolku.collaboration.models import (
    AgreedHow,
    Consultation,
    ConsultationKind,
    EscalationResult,
    EscalationStepKind,
    KelaRequestKind,
    MeetingMode,
    ReferralOnwards,
    TodoKind,
    TodoStatus,
)
from yhteispolku.collaboration.services import OWNER_NOT_ON_TEAM, eligible_parties, follow_up_owners
from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT
from yhteispolku.documents.models import DocumentType
from yhteispolku.organisations.models import Organisation

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ProfessionalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        parts = [
            part
            for part in (obj.role.name if obj.role else "", obj.organisation.name if obj.organisation else "")
            if part
        ]
        return f"{obj} ({', '.join(parts)})" if parts else str(obj)


class ProfessionalsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return ProfessionalChoiceField.label_from_instance(self, obj)  # type: ignore[arg-type]


def professionals(user_ids: set[int] | None = None, organisation_ids: set[int] | None = None) -> Any:
    """Active professionals who can work with clients, narrowed to the parties R-CONS-1 allows when
    given (the case team's users and the organisations the consent covers); the service checks again."""
    queryset = (
        User.objects.filter(is_active=True, role__isnull=False)
        .exclude(role__sector__in=("steering", "provider", "administration"))
        .select_related("role", "organisation")
        .order_by("last_name", "first_name", "pk")
    )
    if user_ids is None and organisation_ids is None:
        return queryset
    # The same parties as collaboration.services.consultable: the team, or client work in a consented
    # organisation (not its coordinators and managers).
    return queryset.filter(
        Q(pk__in=user_ids or ())
        | (Q(organisation_id__in=organisation_ids or ()) & ~Q(role_id__in=MANAGER_ROLES))
    )


def _parties_of(relationship: ClientRelationship | None) -> Any:
    if relationship is None:
        return professionals()
    team, organisations = eligible_parties(relationship)
    return professionals(team, organisations)


NOT_A_PARTY = {
    "invalid_choice": NotWorkingWithClient.default_message,
    "invalid_pk_value": NotWorkingWithClient.default_message,
}


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Konsultaation laji"), choices=ConsultationKind.choices)
    mode = forms.ChoiceField(label=_("Toteutustapa"), choices=MeetingMode.choices)
    scheduled_at = forms.DateTimeField(
        label=_("Ajankohta"),
        widget=DATETIME_INPUT,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        error_messages={"required": _("Anna konsultaation ajankohta.")},
    )
    agenda = forms.CharField(
        max_length=NOTE_TEXT, label=_("Asialista"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    agreed_with_client_on = forms.DateField(
        label=_("Sovittu asiakkaan kanssa"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("R-CONS-1: konsultaatiosta sovitaan asiakkaan kanssa etukäteen."),
    )
    agreed_how = forms.ChoiceField(
        label=_("Miten sovittu"), required=False, choices=[("", "—"), *AgreedHow.choices]
    )
    ask_client = forms.BooleanField(
        label=_("Kysy asiakkaan suostumusta Oma Yhteispolussa"),
        required=False,
        help_text=_(
            "Asiakas näkee, ketä konsultoidaan, mitä varten ja milloin, ja vastaa itse. Konsultaatio "
            "etenee vasta, kun asiakas on suostunut. Jätä silloin sopimispäivä ja -tapa tyhjiksi."
        ),
    )
    participants = ProfessionalsField(
        label=_("Kutsuttavat ammattilaiset"),
        required=False,
        queryset=User.objects.none(),
        error_messages=NOT_A_PARTY,
        help_text=_(
            "Vain asiakkaan kanssa työskentelevät: tiimin jäsenet tai organisaatiot, jotka asiakkaan "
            "suostumus kattaa."
        ),
    )

    def __init__(self, *args: Any, relationship: ClientRelationship | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = _parties_of(relationship)
        if relationship is None:
            del self.fields["agreed_with_client_on"]
            del self.fields["agreed_how"]
            del self.fields["ask_client"]
            field.help_text = _("Anonyymissa konsultaatiossa ei käsitellä asiakkaan henkilötietoja.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("ask_client"):
            # The page prefills today as the agreement day; asking her instead leaves it unrecorded.
            cleaned["agreed_with_client_on"] = None
            cleaned["agreed_how"] = ""
        return cleaned


class NotesForm(forms.Form):
    agenda = forms.CharField(
        max_length=NOTE_TEXT, label=_("Asialista"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    notes = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Muistiinpanot"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    decisions = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Päätökset ja sovitut asiat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class InviteForm(forms.Form):
    user = ProfessionalChoiceField(
        label=_("Kutsuttava ammattilainen"),
        queryset=User.objects.none(),
        error_messages={"required": _("Valitse kutsuttava ammattilainen."), **NOT_A_PARTY},
    )

    def __init__(self, *args: Any, relationship: ClientRelationship | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _parties_of(relationship)


class FollowUpForm(forms.Form):
    description = forms.CharField(
        max_length=NOTE_TEXT,
        label=_("Jatkotoimi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Kirjoita, mitä on sovittu tehtäväksi.")},
    )
    owner = ProfessionalChoiceField(
        label=_("Vastuuhenkilö"),
        required=False,
        queryset=User.objects.none(),
        error_messages={"invalid_choice": OWNER_NOT_ON_TEAM},
    )
    due_on = forms.DateField(
        label=_("Määräpäivä"),
        widget=DATE_INPUT,
        error_messages={"required": _("Anna jatkotoimen määräpäivä.")},
    )

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = professionals(follow_up_owners(consultation))


class DoneForm(forms.Form):
    done_on = forms.DateField(
        label=_("Tehty"), widget=DATE_INPUT, error_messages={"required": _("Anna päivä, jolloin tehtiin.")}
    )


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label=_("Käyty läpi asiakkaan kanssa"),
        widget=DATE_INPUT,
        error_messages={"required": _("Anna päivä, jolloin asiat käytiin läpi asiakkaan kanssa.")},
    )
    note = forms.CharField(
        max_length=NOTE_TEXT, label=_("Lisätiedot"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EscalationStepForm(forms.Form):
    step = forms.TypedChoiceField(label=_("Vaihe"), choices=EscalationStepKind.choices, coerce=int)
    on = forms.DateField(
        label=_("Päivä"), widget=DATE_INPUT, error_messages={"required": _("Anna vaiheen päivä.")}
    )
    skipped = forms.BooleanField(label=_("Vaihe ohitetaan"), required=False)
    skip_reason = forms.CharField(
        max_length=NOTE_TEXT,
        label=_("Ohittamisen syy"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    outcome = forms.CharField(
        max_length=NOTE_TEXT, label=_("Tulos"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    result = forms.ChoiceField(
        label=_("Mitä tapahtui"),
        choices=[("", _("ei vielä tulosta")), *EscalationResult.choices],
        required=False,
        help_text=_(
            "Esimerkiksi ohjaus ammatilliseen kuntoutukseen, työterveyshuoltoon tai eläkeselvittelyyn."
        ),
    )
    result_on = forms.DateField(
        label=_("Tuloksen päivä"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Jos jätät tyhjäksi, käytetään vaiheen päivää."),
    )
    referral_onwards = forms.ChoiceField(
        label=_("Ohjaus eteenpäin"),
        choices=ReferralOnwards.choices,
        help_text=_(
            "Työkyvyn tuen asiakkuus avataan yksikkösi asiakkuudeksi, ellei asiakkaalla ole sitä jo."
        ),
    )
    referral_details = forms.CharField(label=_("Ohjauksen tarkennus"), required=False, max_length=300)


class KelaRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Pyynnön laji"), choices=KelaRequestKind.choices)
    question = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Pyyntö tai kysymys"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Kirjoita pyyntö tai kysymys Kelalle.")},
    )
    sent_on = forms.DateField(
        label=_("Lähetetty"), widget=DATE_INPUT, error_messages={"required": _("Anna lähetyspäivä.")}
    )


class KelaAnswerForm(forms.Form):
    answered_on = forms.DateField(
        label=_("Vastattu"), widget=DATE_INPUT, error_messages={"required": _("Anna vastauspäivä.")}
    )
    answer = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Kelan vastaus"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Kirjoita Kelan vastaus.")},
    )
    current_situation = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Nykytilanne"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kuntoutustarvearvion kooste: pakollinen työkykyneuvojan vastauksessa."),
    )
    rehabilitation_path = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Ehdotus kuntoutuspoluksi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class KelaCloseForm(forms.Form):
    closed_on = forms.DateField(
        label=_("Suljettu"), widget=DATE_INPUT, error_messages={"required": _("Anna sulkemispäivä.")}
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class TodoForm(forms.Form):
    kind = forms.ChoiceField(label=_("Mitä asiakas toimittaa"), choices=TodoKind.choices)
    description = forms.CharField(
        label=_("Kuvaus"), max_length=300, error_messages={"required": _("Kuvaa, mitä asiakas toimittaa.")}
    )
    deliver_to = forms.ModelChoiceField(
        label=_("Kenelle"),
        queryset=Organisation.objects.filter(kind__in=Organisation.AUTHORITY_KINDS),
        error_messages={"required": _("Valitse, kenelle asiakas toimittaa asian.")},
    )
    due_on = forms.DateField(
        label=_("Määräpäivä"), widget=DATE_INPUT, error_messages={"required": _("Anna määräpäivä.")}
    )
    requested_document_type = forms.ChoiceField(
        label=_("Pyydetty asiakirja (vapaaehtoinen)"),
        choices=[("", _("ei asiakirjaa")), *DocumentType.choices],
        required=False,
        help_text=_("Asiakas voi lähettää pyydetyn asiakirjan Oma Yhteispolussa tehtävälistaltaan."),
    )


class TodoCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Tila"),
        choices=[
            (TodoStatus.DONE.value, TodoStatus.DONE.label),
            (TodoStatus.CANCELLED.value, TodoStatus.CANCELLED.label),
        ],
    )
    on = forms.DateField(label=_("Päivä"), widget=DATE_INPUT, error_messages={"required": _("Anna päivä.")})
