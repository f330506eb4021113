from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yhteispolku.accounts.models import User
from yhteispolku.applications.advice import label
from yhteispolku.applications.models import Application, Benefit, Decision, KelaInterview
from yhteispolku.clients.models import Client
from yhteispolku.core.text import NOTE_TEXT

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HelperChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.role.name})" if obj.role else str(obj)


def _team_of(client: Client) -> Any:
    return (
        User.objects.filter(team_memberships__relationship__client=client)
        .select_related("role")
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


class ContinuedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(name)s, jätetty %(submitted)s, päätös %(decided)s (%(decision)s)") % {
            "name": obj.name,
            "submitted": f"{obj.submitted_on:%-d.%-m.%Y}",
            "decided": f"{obj.decided_on:%-d.%-m.%Y}",
            "decision": obj.get_decision_display(),
        }


class ApplicationForm(forms.Form):
    benefit = forms.ChoiceField(label=_("Haettava etuus tai palvelu"), choices=Benefit.choices)
    details = forms.CharField(
        label=_("Tarkennus"), max_length=300, required=False, help_text=_("Pakollinen, kun etuus on ”muu”.")
    )
    submitted_on = forms.DateField(
        label=_("Jätetty"), widget=DATE_INPUT, error_messages={"required": _("Anna hakemuksen jättöpäivä.")}
    )
    helped_by = HelperChoiceField(
        label=_("Hakemisessa auttoi"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Hakemisessa auttaneen on oltava asiakkaan tiimin jäsen.")},
    )
    continues = ContinuedChoiceField(
        label=_("Jatkohakemus hakemukselle"),
        queryset=Application.objects.none(),
        required=False,
        help_text=_("Valitse aiempi päätetty hakemus, jos tämä on saman etuuden jatkohakemus."),
        error_messages={"invalid_choice": _("Valitse asiakkaan aiempi päätetty hakemus.")},
    )

    def __init__(
        self, *args: Any, client: Client, allowed_benefits: list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        helper = self.fields["helped_by"]
        assert isinstance(helper, forms.ModelChoiceField)
        helper.queryset = _team_of(client)
        continued = self.fields["continues"]
        assert isinstance(continued, forms.ModelChoiceField)
        decided = (
            Application.objects.filter(client=client).exclude(decision="").order_by("-decided_on", "-id")
        )
        continued.queryset = (
            decided if allowed_benefits is None else decided.filter(benefit__in=allowed_benefits)
        )
        if allowed_benefits is not None:
            benefit = self.fields["benefit"]
            assert isinstance(benefit, forms.ChoiceField)
            benefit.choices = [(value, text) for value, text in Benefit.choices if value in allowed_benefits]


class ApplicationUpdateForm(forms.Form):
    details = forms.CharField(label=_("Tarkennus"), max_length=300, required=False)
    submitted_on = forms.DateField(label=_("Jätetty"), widget=DATE_INPUT)
    helped_by = HelperChoiceField(label=_("Hakemisessa auttoi"), queryset=User.objects.none(), required=False)
    placement_found_on = forms.DateField(
        label=_("Työkokeilupaikka löytyi"),
        widget=DATE_INPUT,
        required=False,
        help_text=_("Myönnetyssä Kelan työkokeilussa paikka on löydettävä kuukauden kuluessa (R-KELA-3)."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        helper = self.fields["helped_by"]
        assert isinstance(helper, forms.ModelChoiceField)
        helper.queryset = _team_of(client)


class KelaInterviewForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Aika"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": _("Anna haastattelun aika."),
            "invalid": _("Anna aika muodossa pp.kk.vvvv hh.mm."),
        },
    )
    mode = forms.ChoiceField(label=_("Tapa"), choices=KelaInterview.Mode.choices)
    interviewer = HelperChoiceField(
        label=_("Haastattelija"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Valitse haastattelija."),
            "invalid_choice": _("Haastattelijan on oltava Kelan ammattilainen."),
        },
    )
    place = forms.CharField(
        label=_("Paikka tai yhteystieto"),
        max_length=200,
        required=False,
        help_text=_("Esimerkiksi toimipisteen osoite tai puhelinnumero, josta soitetaan."),
    )

    def __init__(self, *args: Any, organisation_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        interviewer = self.fields["interviewer"]
        assert isinstance(interviewer, forms.ModelChoiceField)
        # The booking organisation's own professionals (Kela's, as only Kela books).
        interviewer.queryset = (
            User.objects.filter(organisation_id=organisation_id or 0, is_active=True)
            .select_related("role")
            .order_by("last_name", "first_name", "pk")
        )


class CoachMeetingForm(forms.Form):
    met_on = forms.DateField(
        label=_("Tapaamispäivä"), widget=DATE_INPUT, error_messages={"required": _("Anna tapaamispäivä.")}
    )
    note = forms.CharField(label=_("Lisätieto"), max_length=300, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Päätös"), choices=Decision.choices)
    decided_on = forms.DateField(
        label=_("Päätöksen päivämäärä"),
        widget=DATE_INPUT,
        error_messages={"required": _("Anna päätöksen päivämäärä.")},
    )
    decision_received_on = forms.DateField(
        label=_("Päätös saatu tiedoksi"),
        widget=DATE_INPUT,
        required=False,
        help_text=_(
            "Jätä tyhjäksi, jos ei tiedossa: kirje katsotaan saaduksi seitsemäntenä päivänä (R-APPEAL-1)."
        ),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


class InformationRequestForm(forms.Form):
    requested_on = forms.DateField(label=_("Pyydetty"), widget=DATE_INPUT)
    due_on = forms.DateField(label=_("Vastattava viimeistään"), widget=DATE_INPUT)
    description = forms.CharField(
        max_length=NOTE_TEXT,
        label=_("Mitä pyydetään"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Kirjoita, mitä pyydetään.")},
    )


class AnswerForm(forms.Form):
    answered_on = forms.DateField(
        label=_("Vastattu"), widget=DATE_INPUT, error_messages={"required": _("Anna vastauspäivä.")}
    )


class KelaCheckForm(forms.Form):
    checked_on = forms.DateField(label=_("Arvioitu"), widget=DATE_INPUT)
    indicators = forms.MultipleChoiceField(
        label=_("Kuntoutusasiakasyhteistyön perusteet (R-KELA-1)"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    criteria = forms.MultipleChoiceField(
        label=_("Kelan ammatillisen kuntoutuksen edellytykset (R-KELA-2)"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        max_length=NOTE_TEXT, label=_("Lisätiedot"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, indicators: list[str], criteria: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, codes in (("indicators", indicators), ("criteria", criteria)):
            field = self.fields[name]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = [(code, label(code)) for code in codes]


class JointReviewForm(forms.Form):
    """Kela's joint review with the TYM team (R-KELA-5): the meeting, then per joint client a short note
    or "no need for Kela" (fields `note_<n>` and `no_need_<n>`, the n-th client of `clients`)."""

    held_on = forms.DateField(
        label=_("Pidetty"),
        widget=DATE_INPUT,
        error_messages={"required": _("Anna läpikäynnin päivämäärä."), "invalid": _("Anna päivämäärä.")},
    )
    participants = forms.CharField(
        label=_("Osallistujat"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE_TEXT,
        help_text=_("Nimet ja tehtävät, esimerkiksi Kelan TYM-työkykyneuvoja ja tiimin ammattilaiset."),
        error_messages={"required": _("Kirjaa läpikäynnin osallistujat.")},
    )
    next_steps = forms.CharField(
        label=_("Jatkosuunnitelma"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_TEXT,
        required=False,
        help_text=_("Sovitut jatkotoimet, esimerkiksi suunnitelmien päivitystarpeet."),
    )

    def __init__(self, *args: Any, clients: list[Client], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clients = clients
        for index, client in enumerate(clients):
            self.fields[f"note_{index}"] = forms.CharField(
                label=_("%(name)s: tilanne ja jatko") % {"name": client.full_name},
                max_length=300,
                required=False,
            )
            self.fields[f"no_need_{index}"] = forms.BooleanField(
                label=_("%(name)s: ei tarvetta Kelan palveluille") % {"name": client.full_name},
                required=False,
            )

    @property
    def meeting_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("held_on", "participants", "next_steps")]

    @property
    def client_rows(self) -> list[tuple[Client, forms.BoundField, forms.BoundField]]:
        return [
            (client, self[f"note_{index}"], self[f"no_need_{index}"])
            for index, client in enumerate(self.clients)
        ]

    def entries(self, data: dict[str, Any]) -> list[tuple[str, str, bool]]:
        return [
            (str(client.code), data.get(f"note_{index}", ""), bool(data.get(f"no_need_{index}")))
            for index, client in enumerate(self.clients)
        ]
