"""R-LOG-1 as dates: when the answer to an access-log request is due, and how far it may be extended."""

from __future__ import annotations

from datetime import date

from yhteispolku.rules.engine import DueDate, add_months, due, next_working_day, parameter

RULE_ID = "R-LOG-1"


def answer_due(received_on: date) -> DueDate:
    """One month from receipt (the version in force on receipt), moved off a weekend or holiday."""
    return due(RULE_ID, "answer_months", received_on)


def extended_due(received_on: date) -> DueDate:
    """The answer month plus the extension (two months), from receipt, moved to a working day."""
    answer = parameter(RULE_ID, "answer_months", received_on)
    extension = parameter(RULE_ID, "extension_months", received_on)
    unadjusted = add_months(received_on, int(answer.value) + int(extension.value))
    return DueDate(
        on=next_working_day(unadjusted), unadjusted=unadjusted, rule_id=RULE_ID, version=extension.version
    )
