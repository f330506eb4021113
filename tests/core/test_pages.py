"""The shared step of the form pages: open, input to correct, a domain refusal with its status, saved."""

from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from yhteispolku.cases.errors import PhaseChanged
from yhteispolku.core.pages import run_form
from yhteispolku.plans.errors import InvalidPlanData


class NoteForm(forms.Form):
    text = forms.CharField()


def test_opening_the_page_is_200_and_saves_nothing() -> None:
    saved: list[dict[str, Any]] = []
    assert run_form(RequestFactory().get("/"), NoteForm(), saved.append) == 200
    assert saved == []


def test_input_to_correct_is_400_and_saves_nothing() -> None:
    saved: list[dict[str, Any]] = []
    form = NoteForm({})
    assert run_form(RequestFactory().post("/"), form, saved.append) == 400
    assert saved == []
    assert form.has_error("text")


def test_a_valid_form_is_saved_with_its_cleaned_data() -> None:
    saved: list[dict[str, Any]] = []
    assert run_form(RequestFactory().post("/"), NoteForm({"text": "Hei"}), saved.append) is None
    assert saved == [{"text": "Hei"}]


@pytest.mark.parametrize("error", [PhaseChanged(), InvalidPlanData({"text": "Liian lyhyt."})])
def test_a_domain_refusal_answers_with_its_status_on_the_form(error: ValidationError) -> None:
    def refuse(_data: dict[str, Any]) -> None:
        raise error

    form = NoteForm({"text": "Hei"})
    assert run_form(RequestFactory().post("/"), form, refuse) == error.status  # type: ignore[attr-defined]
    assert form.errors


def test_an_error_without_a_status_is_not_the_pages_to_explain() -> None:
    def fail(_data: dict[str, Any]) -> None:
        raise ValidationError("sisäinen")

    with pytest.raises(ValidationError):
        run_form(RequestFactory().post("/"), NoteForm({"text": "Hei"}), fail)
