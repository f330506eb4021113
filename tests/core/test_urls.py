"""url_for builds the same paths as reverse(), from a per-process template."""

import uuid

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from yhteispolku.core.urls import url_for


def test_uuid_arguments_give_the_reverse_path() -> None:
    code, other = uuid.uuid4(), uuid.uuid4()
    assert url_for("cases:detail", code=code) == reverse("cases:detail", kwargs={"code": code})
    assert url_for("cases:detail", code=str(other)) == reverse("cases:detail", kwargs={"code": other})
    both = {"relationship_code": code, "consultation_code": other}
    assert url_for("collaboration:consultation", **both) == reverse("collaboration:consultation", kwargs=both)


def test_integer_arguments_give_the_reverse_path() -> None:
    assert url_for("privacy:request", pk=42) == reverse("privacy:request", kwargs={"pk": 42})
    code = uuid.uuid4()
    assert url_for("plans:version", relationship_code=code, number=3) == reverse(
        "plans:version", kwargs={"relationship_code": code, "number": 3}
    )


def test_a_text_value_for_an_integer_pattern_goes_through_reverse() -> None:
    assert url_for("privacy:request", pk="7") == reverse("privacy:request", kwargs={"pk": 7})


def test_a_value_the_pattern_refuses_is_refused_as_by_reverse() -> None:
    with pytest.raises(NoReverseMatch):
        url_for("privacy:request", pk="not-a-number")  # type: ignore[arg-type]


def test_the_script_prefix_is_kept() -> None:
    code = uuid.uuid4()
    set_script_prefix("/yhteispolku/")
    try:
        path = url_for("cases:detail", code=code)
        assert path == reverse("cases:detail", kwargs={"code": code})
        assert path.startswith("/yhteispolku/")
    finally:
        set_script_prefix("/")


def test_text_that_is_not_a_uuid_goes_through_reverse() -> None:
    with pytest.raises(NoReverseMatch):
        url_for("cases:detail", code="../../hallinta")
