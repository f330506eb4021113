"""Forms of the plan pages. They only parse input; the services decide what is acceptable."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.core.text import LONG_TEXT, NOTE_TEXT
from yhteispolku.organisations.models import Organisation
from yhteispolku.plans.models import (
    AcceptanceHow,
    DeliveryHow,
    OrganiserKind,
    ParticipationStatus,
    ServiceType,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanVersionForm(forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    goals = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Tavoitteet"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Asiakkaan kanssa sovitut tavoitteet omin sanoin."),
    )
    next_review_on = forms.DateField(
        label=_("Seuraava arviointi"),
        required=False,
        widget=DATE_INPUT,
        help_text=_(
            "Jätä tyhjäksi, niin arviointipäivä lasketaan voimassa olevasta säännöstä (R-TYM-2). Valitse "
            "aikaisempi päivä, jos asiakkaan tilanne muuttuu."
        ),
    )


class DraftForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    goals = forms.CharField(
        max_length=LONG_TEXT, label=_("Tavoitteet"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    next_review_on = forms.DateField(label=_("Seuraava arviointi"), required=False, widget=DATE_INPUT)


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AgreedServiceForm(RevisionForm):
    service_type = forms.ModelChoiceField(
        label=_("Palvelu"),
        queryset=ServiceType.objects.filter(active=True),
        error_messages={"required": _("Valitse palvelu.")},
    )
    # The service type implies it (its organiser, from the case team): chosen only where several may answer.
    responsible_organisation = forms.ModelChoiceField(
        label=_("Vastuuviranomainen"),
        queryset=Organisation.objects.filter(kind__in=Organisation.AUTHORITY_KINDS),
        required=False,
        empty_label=_("Palvelun järjestäjä (päätellään palvelusta)"),
    )
    provider = forms.ModelChoiceField(
        label=_("Palveluntuottaja"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Jos palvelun tuottaa joku muu kuin vastuuviranomainen."),
    )
    responsible_professional = forms.ModelChoiceField(
        label=_("Vastuuhenkilö"), queryset=User.objects.none(), required=False
    )
    starts_on = forms.DateField(
        label=_("Alkaa"), widget=DATE_INPUT, error_messages={"required": _("Anna palvelun alkamispäivä.")}
    )
    ends_on = forms.DateField(label=_("Päättyy"), widget=DATE_INPUT, required=False)
    intensity = forms.CharField(
        label=_("Laajuus"),
        max_length=200,
        required=False,
        help_text=_("Esimerkiksi 3 päivää viikossa, 4 tuntia päivässä."),
    )
    description = forms.CharField(
        max_length=NOTE_TEXT,
        label=_("Kuvaus"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Tavoite, paikka ja annettava tuki ja ohjaus."),
    )

    def __init__(self, *args: Any, relationship: ClientRelationship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The catalogue is long: group it by organiser, in the order of SPEC §7.
        groups: dict[str, list[tuple[int, str]]] = {str(label): [] for label in OrganiserKind.labels}
        for service in ServiceType.objects.filter(active=True):
            groups[str(service.get_organiser_display())].append((service.pk, service.name))
        self.fields["service_type"].choices = [  # type: ignore[attr-defined]
            ("", "---------"),
            *((capfirst(label), items) for label, items in groups.items() if items),
        ]
        self.fields["responsible_organisation"].help_text = _responsible_help(relationship)
        # A responsible professional is someone working with the client now.
        self.fields["responsible_professional"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            team_memberships__relationship=relationship, team_memberships__left_on__isnull=True
        ).distinct()


def _responsible_help(relationship: ClientRelationship) -> str:
    """Which authority answers for a service by default, named from the case team."""
    team = {
        organisation.kind: organisation.name
        for organisation in Organisation.objects.filter(
            kind__in=Organisation.AUTHORITY_KINDS,
            users__team_memberships__relationship=relationship,
            users__team_memberships__left_on__isnull=True,
        ).distinct()
    }
    named = [
        str(_("%(organiser)s: %(organisation)s") % {"organiser": label, "organisation": team[kind]})
        for kind, label in Organisation.Kind.choices
        if kind in team
    ]
    text = str(
        _(
            "Oletuksena palvelusta vastaa sen järjestäjä asiakkaan tiimistä. Valitse vastuuviranomainen itse "
            "vain, jos palvelun voi järjestää usea viranomainen (työeläkelaitosten palvelut)."
        )
    )
    if named:
        text += " " + str(_("Asiakkaan tiimissä: %(organisations)s.") % {"organisations": "; ".join(named)})
    return text


class ClientTaskForm(RevisionForm):
    description = forms.CharField(
        max_length=NOTE_TEXT,
        label=_("Tehtävä"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Kirjoita, mitä asiakas tekee.")},
    )
    due_on = forms.DateField(label=_("Määräpäivä"), widget=DATE_INPUT, required=False)
    done = forms.BooleanField(label=_("Tehty"), required=False)


class ConfirmForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind__in=Organisation.AUTHORITY_KINDS), widget=forms.HiddenInput
    )


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(
        label=_("Antopäivä"),
        widget=DATE_INPUT,
        error_messages={"required": _("Anna päivä, jona suunnitelma annettiin asiakkaalle.")},
    )
    how = forms.ChoiceField(
        label=_("Miten suunnitelma annettiin"),
        choices=[
            (DeliveryHow.IN_PERSON.value, DeliveryHow.IN_PERSON.label),
            (DeliveryHow.POST.value, DeliveryHow.POST.label),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Valitse, miten suunnitelma annettiin asiakkaalle."),
            "invalid_choice": _("Valitse, miten suunnitelma annettiin asiakkaalle."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivered_on"].initial = timezone.localdate()


class AcceptanceForm(forms.Form):
    accepted_on = forms.DateField(
        label=_("Hyväksymispäivä"),
        widget=DATE_INPUT,
        error_messages={"required": _("Anna päivä, jona asiakas hyväksyi suunnitelman.")},
    )
    how = forms.ChoiceField(
        label=_("Miten asiakas hyväksyi suunnitelman"),
        choices=AcceptanceHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Valitse, miten asiakas hyväksyi suunnitelman.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accepted_on"].initial = timezone.localdate()


class ParticipationForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Tilanne"),
        choices=ParticipationStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Valitse osallistumisen tilanne.")},
    )
    on = forms.DateField(label=_("Päivä"), widget=DATE_INPUT, error_messages={"required": _("Anna päivä.")})
    note = forms.CharField(
        label=_("Lisätieto"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
