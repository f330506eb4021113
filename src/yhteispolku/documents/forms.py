from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.core.text import LONG_TEXT
from yhteispolku.documents.models import DocumentType
from yhteispolku.organisations.models import Organisation

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DocumentForm(forms.Form):
    document_type = forms.ChoiceField(label=_("Asiakirjan tyyppi"), choices=DocumentType.choices)
    dated_on = forms.DateField(
        label=_("Päivätty"), widget=DATE_INPUT, error_messages={"required": _("Anna asiakirjan päivämäärä.")}
    )
    author_organisation = forms.ModelChoiceField(
        label=_("Laatijan organisaatio"),
        queryset=Organisation.objects.order_by("name_fi"),
        required=False,
        to_field_name="slug",
    )
    author_organisation_name = forms.CharField(
        label=_("Tai laatijan organisaatio, jos se ei ole luettelossa"), max_length=200, required=False
    )
    summary = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Tiivistelmä"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Kirjoita asiakirjan tiivistelmä.")},
    )

    def __init__(self, *args: Any, allowed_types: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed_types is not None:
            field = self.fields["document_type"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [
                (value, label) for value, label in DocumentType.choices if value in allowed_types
            ]


class DocumentUpdateForm(DocumentForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tiedosto"), error_messages={"required": _("Valitse lisättävä tiedosto.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, PNG, JPEG tai tekstitiedosto, enintään %(size)s.") % {
            "size": filesizeformat(settings.ATTACHMENT_MAX_BYTES)
        }


class TeamMemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.role.name})" if obj.role else str(obj)


class StatementRequestForm(forms.Form):
    statement_type = forms.ChoiceField(
        label=_("Pyydettävä lausunto"),
        choices=[
            ("B", _("B-lausunto (SV 7)")),
            ("A", _("A-lausunto (SV 6)")),
            ("C", _("C-lausunto (EV 256)")),
        ],
    )
    addressed_to = forms.CharField(
        label=_("Vastaanottaja"), max_length=200, initial=_("Terveysaseman lääkäri")
    )
    applied_for = forms.CharField(
        label=_("Mitä haetaan"), max_length=300, initial=_("Kelan ammatillinen kuntoutus")
    )
    reason = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Miksi lausunto tarvitaan"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Kerro, miksi lausunto tarvitaan.")},
    )
    contact = TeamMemberChoiceField(
        label=_("Yhteyshenkilö"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Valitse yhteyshenkilö."),
            "invalid_choice": _("Yhteyshenkilön on oltava asiakkaan tiimin nykyinen jäsen."),
        },
    )
    contact_details = forms.CharField(label=_("Yhteystiedot"), max_length=200, required=False)

    def __init__(self, *args: Any, relationship: ClientRelationship | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        assert isinstance(field, forms.ModelChoiceField)
        if relationship is not None:
            field.queryset = (
                User.objects.filter(
                    team_memberships__relationship=relationship, team_memberships__left_on__isnull=True
                )
                .select_related("role")
                .order_by("last_name", "first_name", "pk")
            )


class StatementRequestUpdateForm(forms.Form):
    letter = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Saatekirje"),
        widget=forms.Textarea(attrs={"rows": 22}),
        error_messages={"required": _("Saatekirje ei voi olla tyhjä.")},
    )
    sent_on = forms.DateField(label=_("Lähetetty"), widget=DATE_INPUT, required=False)
    received_on = forms.DateField(label=_("Lausunto saatu"), widget=DATE_INPUT, required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput)
