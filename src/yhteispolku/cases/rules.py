"""R-TYM-2 as the case pages, the mapping and the worklist compute it, read from the rule data.

The mapping target and the 2-year goal are due dates of `rules/data/R-TYM-2.toml`: the version in force
on the start day gives the months, and the date moves to the next working day when it falls on a
weekend or a Finnish public holiday. Each result names the rule version behind it.
"""

from __future__ import annotations

from datetime import date

from yhteispolku.rules import engine
from yhteispolku.rules.engine import DueDate

RULE_ID = "R-TYM-2"


def mapping_target(mapping_started_on: date) -> DueDate:
    """R-TYM-2: the day by which the multi-sectoral mapping should be done."""
    return engine.due(RULE_ID, "mapping_target_months", mapping_started_on)


def tym_goal(started_on: date) -> DueDate:
    """R-TYM-2: the day by which the TYM client relationship aims to end."""
    return engine.due(RULE_ID, "goal_months", started_on)


def tym_goal_warning_from(started_on: date) -> date:
    """R-TYM-2: from this day on the case page warns that the 2-year goal is near."""
    goal = tym_goal(started_on)
    window = engine.parameter(RULE_ID, "goal_warning_months", on=started_on)
    return engine.add_months(goal.unadjusted, -int(window.value))


def months(name: str, on: date) -> int:
    """A period of R-TYM-2 in months (for the page's wording: "about 3 months")."""
    return int(engine.parameter(RULE_ID, name, on=on).value)
