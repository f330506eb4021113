"""The shared form-field include ties help and error texts to the input for screen readers."""

import re

from django import forms
from django.template.loader import render_to_string


class ExampleForm(forms.Form):
    code = forms.CharField(label="Koodi", help_text="Kuusi numeroa", max_length=6)

    def clean_code(self) -> str:
        raise forms.ValidationError(["Ensimmäinen virhe.", "Toinen virhe."])


def render(form: forms.Form) -> str:
    return render_to_string("web/includes/field.html", {"field": form["code"]})


def ids_in(html: str) -> list[str]:
    return re.findall(r' id="([^"]+)"', html)


def test_every_id_the_input_points_to_exists_exactly_once():
    form = ExampleForm({"code": "x"})
    form.is_valid()

    html = render(form)

    described_by = re.search(r'aria-describedby="([^"]+)"', html).group(1).split()
    assert described_by == ["id_code_helptext", "id_code_error"]
    ids = ids_in(html)
    assert all(ids.count(target) == 1 for target in described_by)
    assert 'aria-invalid="true"' in html
    assert "Ensimmäinen virhe." in html
    assert "Toinen virhe." in html


def test_a_field_without_errors_points_only_to_its_help_text():
    html = render(ExampleForm())

    assert 'aria-describedby="id_code_helptext"' in html
    assert "id_code_helptext" in ids_in(html)
    assert "aria-invalid" not in html
