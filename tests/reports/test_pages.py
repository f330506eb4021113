"""The situational picture: who sees it, bad input on the form, no personal data anywhere, the
downloads carry exactly the figures on the page."""

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from openpyxl import load_workbook

from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.models import Client, JournalEntry
from yhteispolku.organisations.models import Organisation
from yhteispolku.reports.selectors import REPORTS

pytestmark = pytest.mark.django_db


def test_the_steering_group_sees_every_report_with_a_chart_a_table_and_the_time_of_the_figures(
    steering: User, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(steering)
    home = http.get(reverse("web:home")).content.decode()
    assert reverse("reports:index") in home
    index = http.get(reverse("reports:index")).content.decode()
    assert "Tilanne " in index
    assert " klo " in index
    for slug in REPORTS:
        page = http.get(reverse("reports:report", kwargs={"slug": slug}))
        assert page.status_code == 200, slug
        text = page.content.decode()
        assert "<svg" in text
        assert "<table" in text
        assert "Tilanne " in text


def test_small_cells_show_less_than_five(
    steering: User, verified_client: Callable[[User], HttpClient]
) -> None:
    text = verified_client(steering).get(reverse("reports:report", kwargs={"slug": "avoimet-asiakkuudet"}))
    assert "&lt;5" in text.content.decode()


def _personal_strings(clients: dict[str, Client]) -> list[str]:
    strings: list[str] = []
    for client in Client.objects.all():
        strings += [client.first_names, client.last_name, str(client.code)]
        if client.calling_name:
            strings.append(client.calling_name)
        identity_code = getattr(client, "identity_code", "")
        if identity_code:
            strings.append(str(identity_code))
    strings += [entry.text[:40] for entry in JournalEntry.objects.all() if len(entry.text) > 10]
    return [value for value in strings if value]


def test_no_report_chart_or_download_carries_a_name_a_code_or_free_text(
    demo_statistics: dict[str, Client], steering: User, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(steering)
    personal = _personal_strings(demo_statistics)
    assert personal
    pages = [http.get(reverse("reports:index")).content.decode()]
    for slug in REPORTS:
        pages.append(http.get(reverse("reports:report", kwargs={"slug": slug})).content.decode())
        pages.append(
            http.get(reverse("reports:export", kwargs={"slug": slug, "fmt": "csv"})).content.decode()
        )
        workbook = load_workbook(
            io.BytesIO(http.get(reverse("reports:export", kwargs={"slug": slug, "fmt": "xlsx"})).content)
        )
        pages.append(
            " ".join(str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row)
        )
    for page in pages:
        for value in personal:
            assert value not in page


def test_the_csv_has_exactly_the_figures_of_the_table(
    steering: User, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(steering)
    for slug in ("avoimet-asiakkuudet", "lahetteet"):
        page = http.get(reverse("reports:report", kwargs={"slug": slug}))
        rows = list(
            csv.reader(
                io.StringIO(
                    http.get(reverse("reports:export", kwargs={"slug": slug, "fmt": "csv"})).content.decode(
                        "utf-8-sig"
                    )
                ),
                delimiter=";",
            )
        )
        body = page.context["body"]
        assert rows[1] == page.context["header"]
        assert rows[2:] == body
        workbook = load_workbook(
            io.BytesIO(http.get(reverse("reports:export", kwargs={"slug": slug, "fmt": "xlsx"})).content)
        )
        sheet = [[str(cell) for cell in row] for row in workbook.active.iter_rows(values_only=True)]
        assert sheet[2:] == body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2025-06", "end": "2025-01"}, "Loppukuukausi ei voi olla ennen alkukuukautta."),
        ({"start": "2025-01", "end": "2099-01"}, "Kuukausi ei voi olla tulevaisuudessa."),
        ({"start": "tammikuu"}, "Anna kuukausi muodossa vvvv-kk"),
        ({"organisation": "999999"}, "Tuntematon organisaatio."),
        ({"unit": "x"}, "Tuntematon yksikkö."),
        ({"employment_area": "999999"}, "Tuntematon työllisyysalue."),
        ({"wellbeing_county": "keusote"}, "Tuntematon hyvinvointialue."),
        ({"municipality": "XYZ"}, "Tuntematon kunta."),
    ],
)
def test_bad_input_is_a_message_on_the_form(
    query: dict[str, str],
    message: str,
    steering_without_data: User,
    verified_client: Callable[[User], HttpClient],
) -> None:
    http = verified_client(steering_without_data)
    for name in ("reports:report", "reports:export"):
        kwargs = {"slug": "lahetteet"} if name == "reports:report" else {"slug": "lahetteet", "fmt": "csv"}
        response = http.get(reverse(name, kwargs=kwargs), query)
        assert response.status_code == 400
        assert message in response.content.decode()


def test_a_dimension_outside_the_viewers_area_is_refused_and_logged(
    steering_without_data: User, verified_client: Callable[[User], HttpClient]
) -> None:
    steering = steering_without_data
    http = verified_client(steering)
    url = reverse("reports:report", kwargs={"slug": "lahetteet"})
    other = Organisation.objects.get(slug="keusote")
    # Satakunta's area: its employment area, wellbeing county and municipalities are offered.
    satakunta = Organisation.objects.get(slug="satakunta-employment-area")
    page = http.get(url, {"employment_area": satakunta.pk, "municipality": "609"})
    assert page.status_code == 200
    for query in ({"organisation": other.pk}, {"wellbeing_county": other.pk}, {"municipality": "091"}):
        response = http.get(url, query)
        assert response.status_code == 403
        assert "eivät kuulu tilannekuvaasi" in response.content.decode()
    refusals = AccessEvent.objects.filter(actor=steering, allowed=False, object_type="reports.report")
    assert list(refusals.values_list("reason", "object_id")) == [
        ("outside_scope", f"organisation:{other.pk}"),
        ("outside_scope", f"wellbeing_county:{other.pk}"),
        ("outside_scope", "municipality:091"),
    ]


@pytest.mark.parametrize(
    ("role", "organisation", "unit"),
    [
        ("employment_expert", "satakunta-employment-area", "satakunta-ea-tym"),
        ("social_worker", "satakunta-wellbeing-county", "satakunta-wc-social"),
        ("administrator", "satakunta-employment-area", "satakunta-ea-administration"),
    ],
)
def test_other_roles_are_refused_and_never_offered_the_link(
    role: str,
    organisation: str,
    unit: str,
    make_professional: Callable[..., User],
    verified_client: Callable[[User], HttpClient],
) -> None:
    http = verified_client(make_professional(role, organisation, unit))
    assert reverse("reports:index") not in http.get(reverse("web:home")).content.decode()
    assert http.get(reverse("reports:index")).status_code == 403
    assert http.get(reverse("reports:report", kwargs={"slug": "lahetteet"})).status_code == 403
    assert http.get(reverse("reports:export", kwargs={"slug": "lahetteet", "fmt": "csv"})).status_code == 403
    refusals = AccessEvent.objects.filter(
        allowed=False, object_type="reports.report", reason="not_a_reports_role"
    )
    assert refusals.count() == 3


def test_a_coordinator_sees_their_units_figures_only(
    demo_statistics: dict[str, Client], verified_client: Callable[[User], HttpClient]
) -> None:
    coordinator = User.objects.get(username="tym-koordinaattori")
    http = verified_client(coordinator)
    assert reverse("reports:index") in http.get(reverse("web:home")).content.decode()
    page = http.get(reverse("reports:report", kwargs={"slug": "avoimet-asiakkuudet"}))
    assert page.status_code == 200
    # Only the TYM unit's relationships: no integration or work-ability track figures.
    header = page.context["header"]
    integration = header.index("kotoutuminen")
    assert all(row[integration] == "0" for row in page.context["body"])


def test_outcomes_after_closure_by_status_filtered_by_path_and_closure_reason(
    steering: User, verified_client: Callable[[User], HttpClient]
) -> None:
    from yhteispolku.cases.models import OutcomeFollowUp

    recorded = OutcomeFollowUp.objects.exclude(status="").select_related("relationship__closure").first()
    assert recorded is not None, "the demo records Mikael's 3-month follow-up"
    http = verified_client(steering)
    url = reverse("reports:report", kwargs={"slug": "tilanne-paattymisen-jalkeen"})
    start = recorded.recorded_on.strftime("%Y-%m")
    page = http.get(url, {"start": start, "end": start})
    assert page.status_code == 200
    header, body = page.context["header"], page.context["body"]
    column = header.index(str(recorded.get_status_display()))
    assert body[0][column] == "<5"
    reason = recorded.relationship.closure.reason
    same = http.get(
        url, {"start": start, "end": start, "closure_reason": reason, "track": recorded.relationship.track}
    )
    assert same.context["body"][0][column] == "<5"
    other_reason = next(value for value in ("employed", "other") if value != reason)
    other = http.get(url, {"start": start, "end": start, "closure_reason": other_reason})
    assert other.context["body"][0][column] == "0"
