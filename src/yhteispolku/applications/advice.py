"""Advice on Kela cooperation (R-KELA-1) and Kela vocational rehabilitation (R-KELA-2).

Advice only: it names the rule and its version and the facts it used, and the professional records the
decision. The facts come from what the actor may see; health documents the actor may not see are said to
be unknown, not guessed. A pending application's B statement is judged on the day the application was
submitted (the statement sent with it had to be fresh then); without one, on the day the advice is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yhteispolku.applications import rules
from yhteispolku.documents.rules import Freshness, b_statement_freshness

INDICATOR_LABELS = {
    "health_limitations": gettext_lazy(
        "asiakas tuo esille terveydentilan rajoitteita tai tarvitsee erityistä tukea"
    ),
    "everyday_capacity_weakened": gettext_lazy("arjen työ- ja toimintakyky on heikentynyt"),
    "long_incapacity_or_benefit_rejected": gettext_lazy(
        "pidempiä työkyvyttömyysjaksoja, tai sairauspäiväraha-, eläke- tai kuntoutusetuus hylätty"
    ),
    "b_statement_exists": gettext_lazy("asiakkaasta on B-lausuntoja"),
    "repeated_breaks": gettext_lazy("työsuhteet, palvelut tai koulutukset ovat katkenneet toistuvasti"),
    "learning_difficulties": gettext_lazy(
        "oppimisvaikeuksia, erityisopetus tai yksilöllistetty opintosuunnitelma"
    ),
    "plan_not_progressing": gettext_lazy("työllistymissuunnitelma ei etene"),
    "work_ability_assessment_considered": gettext_lazy("työkyvyn arviota harkitaan"),
    "long_term_illness": gettext_lazy("pitkäaikaissairaus, johon kuntoutuksella voidaan vaikuttaa"),
}
CRITERION_LABELS = {
    "illness_weakens_capacity": gettext_lazy(
        "todettu sairaus, vika tai vamma heikentää olennaisesti työ- tai opiskelukykyä lähivuosina"
    ),
    "young_hard_to_employ": gettext_lazy(
        "työikäinen nuori, jonka on sairauden takia vaikea työllistyä tai saada opintoja päätökseen"
    ),
    "young_at_risk_of_exclusion": gettext_lazy("syrjäytymisvaarassa oleva osatyökykyinen nuori"),
    "partially_able_adult": gettext_lazy("työikäinen osatyökykyinen aikuinen"),
    "educated_cannot_work_in_field": gettext_lazy(
        "koulutettu työnhakija, joka ei sairauden takia voi tehdä työtään eikä ole "
        "työeläkekuntoutuksen piirissä"
    ),
    "uneducated_illness_hinders": gettext_lazy(
        "kouluttamaton työnhakija, jonka sairaus haittaa työllistymistä tai ammattialan löytymistä"
    ),
    "pension_provider_rejected": gettext_lazy(
        "työeläkelaitos on hylännyt ammatillisen kuntoutuksen hakemuksen"
    ),
}


def finnish_date(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def label(code: str) -> str:
    return str(INDICATOR_LABELS.get(code) or CRITERION_LABELS.get(code) or code)


@dataclass(frozen=True)
class Fact:
    name: str
    value: str


@dataclass(frozen=True)
class Advice:
    rule_id: str
    rule_version: str
    recommended: bool
    headline: str
    notes: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    suggest_statement_request: bool = False

    @property
    def reference(self) -> str:
        return f"{self.rule_id} v{self.rule_version}" if self.rule_version else self.rule_id


def cooperation_advice(
    *,
    today: date,
    indicators: list[str],
    check_recorded_on: date | None,
    health_visible: bool,
    b_statement: Freshness | None,
    rehabilitation_submitted_on: Sequence[date],
    kela_visible: bool,
) -> Advice:
    """R-KELA-1: should rehabilitation cooperation with Kela start? Seed 002's list, and in particular a
    Kela rehabilitation application needs a fresh B statement (at most 12 months old).

    `b_statement` is the newest statement's freshness today; `rehabilitation_submitted_on` the submission
    days of the pending vocational-rehabilitation applications, on each of which the statement's age is
    judged (the rule version in force that day)."""
    rehabilitation_pending = len(rehabilitation_submitted_on)
    _codes, version = rules.checklist(rules.COOPERATION_RULE, "indicators", today)
    facts = [
        Fact(
            _("Kirjatut perusteet"),
            ", ".join(label(code) for code in indicators) if check_recorded_on else _("ei kirjattu"),
        )
    ]
    notes: list[str] = []
    if not health_visible:
        facts.append(Fact(_("B-lausunto"), _("ei tarkistettavissa: terveystiedot eivät näy sinulle")))
    elif b_statement is None:
        facts.append(Fact(_("B-lausunto"), _("ei kirjattu")))
    else:
        state = _("tuore") if b_statement.fresh else _("vanhentunut")
        facts.append(
            Fact(
                _("B-lausunto"),
                _("päivätty %(day)s, %(state)s (%(rule)s: enintään %(months)s kk)")
                % {
                    "day": finnish_date(b_statement.dated_on),
                    "state": state,
                    "rule": b_statement.reference,
                    "months": b_statement.max_age_months,
                },
            )
        )
        if rehabilitation_submitted_on:
            facts.append(
                Fact(
                    _("B-lausunto hakemuksen jättöpäivänä"),
                    ", ".join(
                        f"{finnish_date(day)}: {_('tuore') if fresh else _('vanhentunut')}"
                        for day, fresh in _fresh_on(b_statement, rehabilitation_submitted_on)
                    ),
                )
            )
    if kela_visible:
        facts.append(
            Fact(_("Vireillä olevat Kelan ammatillisen kuntoutuksen hakemukset"), str(rehabilitation_pending))
        )
    else:
        facts.append(
            Fact(_("Vireillä olevat Kelan ammatillisen kuntoutuksen hakemukset"), _("eivät näy sinulle"))
        )
    fresh_b = b_statement is not None and b_statement.fresh
    missing_fresh_b = health_visible and not all(
        fresh for _day, fresh in _fresh_on(b_statement, rehabilitation_submitted_on)
    )
    if missing_fresh_b:
        notes.append(
            _(
                "R-KELA-1: Kelan kuntoutusta haetaan ilman tuoretta B-lausuntoa. Pyydä B-lausunto ja "
                "lähetä lääkärille saatekirje."
            )
        )
    recommended = bool(indicators) or b_statement is not None or rehabilitation_pending > 0
    headline = (
        _("Kuntoutusasiakasyhteistyön aloittamista Kelan kanssa suositellaan.")
        if recommended
        else _("Kirjatuista tiedoista ei löydy perusteita kuntoutusasiakasyhteistyölle Kelan kanssa.")
    )
    return Advice(
        rule_id=rules.COOPERATION_RULE,
        rule_version=version,
        recommended=recommended,
        headline=headline,
        notes=notes,
        facts=facts,
        suggest_statement_request=missing_fresh_b or (recommended and health_visible and not fresh_b),
    )


def _fresh_on(b_statement: Freshness | None, days: Sequence[date]) -> list[tuple[date, bool]]:
    """Whether the B statement was fresh on each submission day (none at all: not fresh)."""
    return [
        (day, b_statement is not None and b_statement_freshness(b_statement.dated_on, day).fresh)
        for day in sorted(days)
    ]


def vocational_advice(*, today: date, criteria: list[str], check_recorded_on: date | None) -> Advice:
    """R-KELA-2: may Kela's vocational rehabilitation apply? Any one recorded criterion is enough to
    advise applying; Kela decides."""
    _codes, version = rules.checklist(rules.VOCATIONAL_RULE, "criteria", today)
    facts = [
        Fact(
            _("Kirjatut edellytykset"),
            ", ".join(label(code) for code in criteria) if check_recorded_on else _("ei kirjattu"),
        )
    ]
    if check_recorded_on:
        facts.append(
            Fact(
                _("Tarkistuslista kirjattu"),
                f"{check_recorded_on.day}.{check_recorded_on.month}.{check_recorded_on.year}",
            )
        )
    recommended = bool(criteria)
    headline = (
        _("Kelan ammatillinen kuntoutus voi tulla kyseeseen: vähintään yksi edellytys on kirjattu.")
        if recommended
        else _("Kelan ammatillisen kuntoutuksen edellytyksiä ei ole kirjattu.")
    )
    return Advice(
        rule_id=rules.VOCATIONAL_RULE,
        rule_version=version,
        recommended=recommended,
        headline=headline,
        facts=facts,
    )
