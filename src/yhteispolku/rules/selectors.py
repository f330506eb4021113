"""The rules in force and their history, for the rules page. Rules are law and policy, not personal data:
nothing here is audited. Two queries whatever the number of rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from yhteispolku.rules.models import Rule, RuleVersion


@dataclass
class RuleHistory:
    rule: Rule
    in_force: RuleVersion | None
    earlier: list[RuleVersion] = field(default_factory=list)
    later: list[RuleVersion] = field(default_factory=list)


def rules_overview(*, today: date) -> list[RuleHistory]:
    rows = []
    for rule in Rule.objects.prefetch_related("versions").order_by("region", "rule_id"):
        history = RuleHistory(rule=rule, in_force=None)
        for version in sorted(rule.versions.all(), key=lambda v: v.effective_from):
            if version.effective_from > today:
                history.later.append(version)
            elif version.effective_to is not None and version.effective_to < today:
                history.earlier.append(version)
            else:
                history.in_force = version
        rows.append(history)
    return rows
