"""`yhteispolku deadlines` prints the due items with the rule behind each; `yhteispolku remind` records
each reminder once however often it runs."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.worklist.conftest import Unit_
from yhteispolku.cases.models import Phase
from yhteispolku.worklist.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(tym: Unit_):
    maija = tym.case(first_names="Maija")
    tym.plan(maija, made_on=date(2026, 8, 26), next_review_on=date(2026, 11, 26))
    mikael = tym.case(first_names="Mikael", phase=Phase.MAPPING, started_on=date(2026, 8, 19))
    ahmed = tym.case(first_names="Ahmed", team=(tym.other_expert,))
    tym.plan(ahmed, made_on=date(2026, 11, 1), next_review_on=date(2026, 12, 15))
    aino = tym.referral()
    return maija, mikael, ahmed, aino


def run(*args: str) -> list[list[str]]:
    out = StringIO()
    call_command(*args, stdout=out)
    return [line.split("\t") for line in out.getvalue().splitlines()]


def test_deadlines_prints_everyones_items_with_the_rule(tym: Unit_, cases) -> None:
    maija, mikael, ahmed, aino = cases
    header, *lines = run("deadlines", "--date", "2026-11-23")
    assert header == ["due_on", "group", "kind", "rule", "client", "responsible", "what"]
    assert [line[:5] for line in lines] == [
        ["2026-11-19", "overdue", "mapping_target", "R-TYM-2 v2025.1", str(mikael.client.code)],
        ["2026-11-20", "overdue", "referral_pending", "-", str(aino.client.code)],
        ["2026-11-26", "this_week", "plan_review", "R-TYM-2 v2025.1", str(maija.client.code)],
        ["2026-12-15", "next_30_days", "plan_review", "R-TYM-4 v2015.1", str(ahmed.client.code)],
    ]
    assert all("Meikäläinen" not in "\t".join(line) for line in lines)  # codes, not names


def test_deadlines_for_one_professional(tym: Unit_, cases) -> None:
    _header, *lines = run("deadlines", "--date", "2026-11-23", "--user", tym.other_expert.username)
    assert [(line[2], line[3]) for line in lines] == [("plan_review", "R-TYM-4 v2015.1")]
    with pytest.raises(CommandError, match="nobody"):
        run("deadlines", "--user", "nobody")


def test_remind_records_each_reminder_once(tym: Unit_, cases) -> None:
    maija, mikael, _ahmed, aino = cases
    first = StringIO()
    call_command("remind", "--date", "2026-11-23", stdout=first)
    reminders = set(
        Reminder.objects.values_list("kind", "relationship_id", "recipient_id", "due_on", "rule_id")
    )
    # Within a week or overdue: Mikael's mapping and Maija's review to both of the pair, Aino's referral to
    # the receiving TYM team's people; Ahmed's review (15.12.) is further away.
    pair = (tym.employment_expert.pk, tym.social_worker.pk)
    team_unit = {tym.employment_expert.pk, tym.coordinator.pk, tym.intake_expert.pk}
    assert reminders == {
        *(("mapping_target", mikael.pk, user, date(2026, 11, 19), "R-TYM-2") for user in pair),
        *(("plan_review", maija.pk, user, date(2026, 11, 26), "R-TYM-2") for user in pair),
        *(("referral_pending", aino.pk, user, date(2026, 11, 20), "") for user in team_unit),
    }
    assert first.getvalue().startswith(f"{len(reminders)} new reminders")
    again = StringIO()
    call_command("remind", "--date", "2026-11-23", stdout=again)
    assert again.getvalue().startswith("0 new reminders")
    assert Reminder.objects.count() == len(reminders)
    # A later day brings Ahmed's review into the week: only that is new.
    call_command("remind", "--date", "2026-12-08", stdout=StringIO())
    assert Reminder.objects.count() == len(reminders) + 1
