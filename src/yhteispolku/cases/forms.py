"""Forms of the case pages. They only parse input; the services decide (SPEC §3, §4)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from yhteispolku.access.categories import tag_fields
from yhteispolku.access.relations import CLIENT_WORK_SECTORS
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import (
    ClosureReason,
    OutcomeSource,
    OutcomeStatus,
    Phase,
    Referral,
    TeamRole,
    Track,
)
from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT
from yhteispolku.organisations.models import Organisation, Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 4})


def _label(name: str) -> StrOrPromise:
    field = Referral._meta.get_field(name)
    assert isinstance(field, models.Field)
    return capfirst(field.verbose_name)


class ReferralForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Vastaanottava TYM-tiimi"),
        queryset=Unit.objects.filter(kind=Unit.Kind.TYM_TEAM).select_related("organisation"),
        error_messages={"required": _("Valitse TYM-tiimi, jolle lähete tehdään.")},
    )

    def __init__(self, *args: Any, home_municipality_id: str | None = None, **kwargs: Any) -> None:
        """With the client's home municipality, only the TYM teams of the region serving it are offered,
        and the one of them preselected; other regions' teams are offered when asked (no municipality)."""
        super().__init__(*args, **kwargs)
        self.narrowed = False
        if home_municipality_id is None:
            return
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        regional = field.queryset.filter(  # type: ignore[union-attr]
            models.Q(municipalities=home_municipality_id)
            | models.Q(organisation__municipalities=home_municipality_id)
        ).distinct()
        teams = list(regional)
        if teams:
            field.queryset = regional
            self.narrowed = True
            if len(teams) == 1:
                self.initial.setdefault("unit", teams[0].pk)

    work_capacity_limitations = forms.BooleanField(label=_label("work_capacity_limitations"), required=False)
    life_management_problems = forms.BooleanField(label=_label("life_management_problems"), required=False)
    needs_multisectoral_support = forms.BooleanField(
        label=_label("needs_multisectoral_support"), required=False
    )
    public_services_suffice = forms.BooleanField(
        label=_label("public_services_suffice"),
        required=False,
        help_text=_("Poissulkeva peruste: jos tämä pätee, lähetettä ei tehdä."),
    )
    need_not_long_or_intensive = forms.BooleanField(
        label=_label("need_not_long_or_intensive"),
        required=False,
        help_text=_("Poissulkeva peruste: jos tämä pätee, lähetettä ei tehdä."),
    )
    description = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Kuvaus tilanteesta ja lähetteen syystä"),
        widget=TEXTAREA,
        error_messages={"required": _("Kuvaa asiakkaan tilanne ja lähetteen syy.")},
    )


class ReferralDecisionForm(forms.Form):
    ACCEPT, DECLINE = "accept", "decline"

    decision = forms.ChoiceField(
        label=_("Päätös"),
        choices=[(ACCEPT, _("Hyväksy lähete: monialainen kartoitus alkaa")), (DECLINE, _("Hylkää lähete"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Valitse, hyväksytäänkö vai hylätäänkö lähete.")},
    )
    note = forms.CharField(
        max_length=NOTE_TEXT, label=_("Lisätieto hyväksymisestä"), required=False, widget=TEXTAREA
    )
    decline_reason = forms.CharField(
        max_length=NOTE_TEXT, label=_("Hylkäämisen syy"), required=False, widget=TEXTAREA
    )
    suggested_alternative = forms.ChoiceField(
        label=_("Asiakkaalle sopivampi palvelupolku"),
        required=False,
        choices=[("", "–"), *[(value, label) for value, label in Track.choices if value != Track.TYM]],
    )

    worker_pair_employment = forms.ModelChoiceField(
        label=_("Työparin työllisyysasiantuntija"),
        required=False,
        queryset=User.objects.filter(is_active=True, role__sector="employment").select_related(
            "role", "organisation"
        ),
        help_text=_("Voit nimetä työparin jo nyt tai myöhemmin tiimisivulla (R-TYM-3)."),
    )
    worker_pair_social = forms.ModelChoiceField(
        label=_("Työparin sosiaalialan ammattilainen"),
        required=False,
        queryset=User.objects.filter(is_active=True, role__sector="social").select_related(
            "role", "organisation"
        ),
    )
    join_team = forms.BooleanField(label=_("Liityn itse asiakkaan tiimiin"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("worker_pair_employment", "worker_pair_social"):
            self.fields[name].label_from_instance = _professional_label  # type: ignore[attr-defined]

    @property
    def worker_pair(self) -> dict[str, User]:
        """The worker-pair places named on the form, by team role."""
        return {
            role: user
            for role, user in (
                (TeamRole.WORKER_PAIR_EMPLOYMENT, self.cleaned_data.get("worker_pair_employment")),
                (TeamRole.WORKER_PAIR_SOCIAL, self.cleaned_data.get("worker_pair_social")),
            )
            if user is not None
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == self.DECLINE:
            if not cleaned.get("decline_reason", "").strip():
                self.add_error("decline_reason", _("Kirjoita hylkäämisen syy."))
            if not cleaned.get("suggested_alternative"):
                self.add_error("suggested_alternative", _("Valitse asiakkaalle sopivampi palvelupolku."))
        return cleaned


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Ammattilainen"),
        queryset=User.objects.filter(is_active=True, role__sector__in=CLIENT_WORK_SECTORS).select_related(
            "role", "organisation"
        ),
        error_messages={"required": _("Valitse ammattilainen.")},
    )
    team_role = forms.ChoiceField(label=_("Tehtävä tiimissä"), choices=TeamRole.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].label_from_instance = _professional_label  # type: ignore[attr-defined]


def _professional_label(user: User) -> str:
    role = user.role.name if user.role else ""
    organisation = user.organisation.name if user.organisation else ""
    return f"{user} – {role}, {organisation}"


class PreInformationForm(forms.Form):
    filled_on = forms.DateField(label=_("Täytetty"), widget=DATE_INPUT)
    situation = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Asiakkaan oma kuvaus tilanteestaan"),
        widget=TEXTAREA,
        error_messages={"required": _("Kirjoita asiakkaan oma kuvaus tilanteestaan.")},
    )
    education = forms.CharField(max_length=NOTE_TEXT, label=_("Koulutus"), required=False, widget=TEXTAREA)
    work_history = forms.CharField(
        max_length=NOTE_TEXT, label=_("Työhistoria"), required=False, widget=TEXTAREA
    )
    health = forms.CharField(
        max_length=NOTE_TEXT, label=_("Terveydentila asiakkaan omin sanoin"), required=False, widget=TEXTAREA
    )
    wishes = forms.CharField(
        max_length=NOTE_TEXT, label=_("Asiakkaan toiveet palvelulle"), required=False, widget=TEXTAREA
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["filled_on"].initial = timezone.localdate()
        # The health field is health data (access.categories): the form says so beside its label.
        tag_fields(self, "cases.preinformation")


class PhaseForm(forms.Form):
    to_phase = forms.ChoiceField(label=_("Uusi vaihe"), choices=Phase.choices)
    # The phase the page showed: if it changed meanwhile, the request is a conflict, not a transition.
    seen_phase = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput)
    note = forms.CharField(max_length=NOTE_TEXT, label=_("Lisätieto"), required=False, widget=TEXTAREA)

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The form offers the declared next phases but accepts any phase: a jump the state machine
        # does not allow is refused by the service, with its explanation, not as a bad choice.
        self.fields["to_phase"].widget.choices = targets


class KelaRegistrationForm(forms.Form):
    registered_on = forms.DateField(label=_("Rekisteröity Kelaan"), widget=DATE_INPUT)


class ClosureForm(forms.Form):
    reason = forms.ChoiceField(label=_("Päättymisen syy"), choices=ClosureReason.choices)
    reason_details = forms.CharField(
        max_length=NOTE_TEXT, label=_("Syyn tarkennus"), required=False, widget=TEXTAREA
    )
    final_assessment = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Kirjallinen loppuarvio palvelun sisällöstä ja toteutuksesta"),
        required=False,
        widget=TEXTAREA,
    )
    feedback_score = forms.IntegerField(
        label=_("Asiakkaan arvio palvelusta (0–10)"),
        required=False,
        min_value=0,
        max_value=10,
        error_messages={
            "invalid": _("Asiakaspalautteen arvosana on kokonaisluku 0–10."),
            "min_value": _("Asiakaspalautteen arvosana on kokonaisluku 0–10."),
            "max_value": _("Asiakaspalautteen arvosana on kokonaisluku 0–10."),
        },
    )
    feedback_text = forms.CharField(
        max_length=NOTE_TEXT, label=_("Asiakkaan palaute"), required=False, widget=TEXTAREA
    )


class ContinuingServiceForm(forms.Form):
    service = forms.CharField(
        label=_("Jatkuva palvelu"),
        max_length=200,
        error_messages={"required": _("Kirjoita jatkuvan palvelun nimi.")},
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Vastaava organisaatio"), queryset=Organisation.objects.all()
    )
    contact = forms.CharField(label=_("Yhteyshenkilö tai -tieto"), required=False, max_length=200)
    notes = forms.CharField(max_length=NOTE_TEXT, label=_("Lisätiedot"), required=False, widget=TEXTAREA)


class OutcomeForm(forms.Form):
    """The client's situation at a follow-up after closure (R-OUT-1) and where it comes from."""

    status = forms.ChoiceField(
        label=_("Asiakkaan tilanne"),
        choices=OutcomeStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Valitse asiakkaan tilanne.")},
    )
    source = forms.ChoiceField(
        label=_("Tiedon lähde"),
        choices=OutcomeSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Valitse, mistä tieto on saatu.")},
    )
    recorded_on = forms.DateField(
        label=_("Tilannepäivä"),
        widget=DATE_INPUT,
        help_text=_("Päivä, jolta tilanne on tiedossa."),
        error_messages={"required": _("Anna tilannepäivä."), "invalid": _("Anna päivä muodossa pp.kk.vvvv.")},
    )


class TrackCloseForm(forms.Form):
    """The closing of a track beside TYM (`cases.closing`): the reasons and the next tracks are the
    track's own; the service refuses a reason of another track, so the field takes any value here."""

    reason = forms.CharField(label=_("Päättymisen syy"), required=False, max_length=40, widget=forms.Select)
    reason_details = forms.CharField(
        max_length=NOTE_TEXT,
        label=_("Syyn tarkennus"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Pakollinen, kun syy on ”muu syy”."),
    )
    outcome = forms.ChoiceField(
        label=_("Asiakkaan tilanne päättyessä"), choices=[("", "—"), *OutcomeStatus.choices], required=False
    )
    closed_on = forms.DateField(
        label=_("Päättymispäivä"),
        widget=DATE_INPUT,
        required=False,
        error_messages={"invalid": _("Anna päivä muodossa pp.kk.vvvv.")},
    )
    summary = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Yhteenveto"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Mitä asiakkuudessa tehtiin ja saavutettiin."),
    )
    handover_track = forms.CharField(
        label=_("Asiakas jatkaa palvelupolulla"), required=False, max_length=40, widget=forms.Select
    )
    handover_unit = forms.ModelChoiceField(
        label=_("Asiakas jatkaa yksikössä"),
        queryset=Unit.objects.select_related("organisation"),
        required=False,
        empty_label="—",
    )
    open_handover = forms.BooleanField(
        label=_("Avaa asiakkuus jatkopolulle omaan yksikköösi (saattaen vaihto)"), required=False
    )

    def __init__(
        self,
        *args: Any,
        reasons: list[tuple[str, str]] | None = None,
        tracks: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.choices = [("", "—"), *(reasons or [])]
        self.fields["handover_track"].widget.choices = [("", "—"), *(tracks or [])]
