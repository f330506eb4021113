"""Maija before the first meeting in Oma Yhteispolku (issue 13): her pre-information form and her
self-assessment of her situation and work ability, shown to her team (the health answers only to those the
policy lets see health data), changeable until the team marks them read, never silently overwritten; and
an entry of the joint plan a professional showed her, acknowledged once. Every read and write is hers in
the log; someone else's relationship or entry is a 404 and a denied entry in that client's log."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient

from yhteispolku.accounts.models import User
from yhteispolku.assessments import deadlines as form_deadlines
from yhteispolku.assessments import services as assessment_services
from yhteispolku.assessments.models import SelfAssessment
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases import services as case_services
from yhteispolku.cases.errors import OwnFormAlreadyRead, OwnFormLocked, OwnFormStale
from yhteispolku.cases.models import ClientRelationship, PreInformation, Track
from yhteispolku.clients import services as client_services
from yhteispolku.clients.errors import EntryAlreadyAcknowledged, EntryAlreadyShown, EntryNotForClient
from yhteispolku.clients.models import Client, JournalEntry
from yhteispolku.core.categories import DataCategory
from yhteispolku.rules.deadlines import sources
from yhteispolku.web.demo_data import load_demo

pytestmark = pytest.mark.django_db

SITUATION = "Olen 27-vuotias ja asun perheeni kanssa. Haluan palkkatyöhön."
HEALTH = "Minun on vaikea aloittaa ja suunnitella asioita."
FORM = {
    "version": "0",
    "situation": SITUATION,
    "education": "Ammatillinen tutkinto",
    "work_history": "",
    "health": HEALTH,
    "wishes": "Selkeät ohjeet",
}
ASSESSMENT = {
    "version": "0",
    "work_ability": "6",
    "health": "Väsyn helposti iltapäivisin.",
    "daily_life": "Arki sujuu, kun päivässä on rytmi.",
    "strengths": "Olen tarkka.",
    "obstacles": "Toiminnanohjauksen haasteet.",
}


@pytest.fixture
def demo(db: None) -> dict[str, Client]:
    return load_demo()


@pytest.fixture
def tym(demo: dict[str, Client]) -> ClientRelationship:
    return ClientRelationship.objects.get(client=demo["maija"], track=Track.TYM)


def _as_client(client_obj: Client, settings) -> HttpClient:  # type: ignore[no-untyped-def]
    settings.DEMO_MODE = True
    browser = HttpClient()
    assert browser.post("/oma/tunnistaudu/esittely/", {"client": str(client_obj.code)}).status_code == 302
    return browser


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _mapping(verified_client: Callable[[User], HttpClient], username: str, tym: ClientRelationship) -> str:
    response = verified_client(_user(username)).get(f"/arviot/{tym.code}/")
    assert response.status_code == 200
    return response.content.decode()


def test_maija_sends_her_pre_information_form_and_the_team_reads_it(
    demo: dict[str, Client], tym: ClientRelationship, settings, verified_client
) -> None:  # type: ignore[no-untyped-def]
    maija = demo["maija"]
    browser = _as_client(maija, settings)
    home = browser.get("/oma/").content.decode()
    url = f"/oma/asiakkuudet/{tym.code}/esitiedot/"
    assert url in home
    assert "Täytä esitietolomake" in home
    assert browser.get(url).status_code == 200
    sent = browser.post(url, FORM)
    assert sent.status_code == 302
    info = PreInformation.objects.get(relationship=tym, how=PreInformation.How.PORTAL)
    assert (info.situation, info.health, info.recorded_by, info.version) == (SITUATION, HEALTH, None, 1)
    written = AccessEvent.objects.filter(
        client_code=maija.code, object_type="cases.preinformation", action="update"
    ).latest("id")
    assert (written.allowed, written.actor_role, written.actor_username) == (
        True,
        "client",
        f"client:{maija.code}",
    )
    # Her team: the worker pair sees her words but not what she says of her health; the nurse sees it.
    social = _mapping(verified_client, "sosiaalityontekija", tym)
    assert SITUATION in social
    assert HEALTH not in social
    assert "terveystieto, ei näkyvissä sinulle" in social
    assert HEALTH in _mapping(verified_client, "terveydenhoitaja", tym)
    refused = AccessEvent.objects.filter(
        client_code=maija.code, object_type="cases.preinformation", category="health", allowed=False
    )
    assert refused.filter(actor_username="sosiaalityontekija").exists()
    # The worklist shows what she sent, to the whole team, until someone marks it read.
    assert form_deadlines.client_form_items in sources()
    items = list(form_deadlines.client_form_items([tym.pk], info.filled_on))
    assert [item.kind for item in items] == ["client_form"]
    assert f"/arviot/{tym.code}/" in items[0].url
    # She changes her answers before the team has read them.
    changed = browser.post(url, {**FORM, "version": "1", "wishes": "Työkokeilu kaupan alalla"})
    assert changed.status_code == 302
    info.refresh_from_db()
    assert (info.wishes, info.version) == ("Työkokeilu kaupan alalla", 2)
    # The employment expert marks it read: it leaves the worklist and she can no longer change it.
    expert = verified_client(_user("tyollisyysasiantuntija"))
    assert expert.post(f"/arviot/{tym.code}/asiakkaan-lomakkeet/esitiedot/luettu/").status_code == 302
    info.refresh_from_db()
    assert info.read_by == _user("tyollisyysasiantuntija")
    assert list(form_deadlines.client_form_items([tym.pk], info.filled_on)) == []
    late = browser.post(url, {**FORM, "version": "2", "wishes": "Jotain muuta"})
    assert late.status_code == 409
    page = late.content.decode()
    assert "Työntekijäsi ovat jo lukeneet lomakkeesi" in page
    assert "Jotain muuta" in page  # nothing she typed is lost
    assert PreInformation.objects.get(pk=info.pk).wishes == "Työkokeilu kaupan alalla"
    assert "Tallenna muutokset" not in browser.get(url).content.decode()


def test_a_double_send_is_a_409_and_changes_nothing(
    demo: dict[str, Client], tym: ClientRelationship, settings
) -> None:  # type: ignore[no-untyped-def]
    browser = _as_client(demo["maija"], settings)
    url = f"/oma/asiakkuudet/{tym.code}/esitiedot/"
    assert browser.post(url, FORM).status_code == 302
    again = browser.post(url, {**FORM, "situation": "Toinen versio"})
    assert again.status_code == 409
    page = again.content.decode()
    assert "Lomakettasi on muutettu tai se on lähetetty toisessa ikkunassa" in page
    assert "Toinen versio" in page
    # The form now carries the stored version: sending again after checking is her own choice.
    assert 'name="version" value="1"' in page
    assert PreInformation.objects.get(relationship=tym, how="portal").situation == SITUATION


def test_missing_answers_are_explained_in_her_language_and_kept(
    demo: dict[str, Client], tym: ClientRelationship, settings
) -> None:  # type: ignore[no-untyped-def]
    browser = _as_client(demo["maija"], settings)
    missing = browser.post(f"/oma/asiakkuudet/{tym.code}/esitiedot/", {**FORM, "situation": " "})
    assert missing.status_code == 400
    assert "Kerro lyhyesti tilanteestasi omin sanoin." in missing.content.decode()
    assert "Selkeät ohjeet" in missing.content.decode()
    unrated = browser.post(f"/oma/asiakkuudet/{tym.code}/itsearvio/", {**ASSESSMENT, "work_ability": ""})
    assert unrated.status_code == 400
    assert "Valitse työkykysi arvio asteikolta 0–10." in unrated.content.decode()
    assert "Olen tarkka." in unrated.content.decode()
    swedish = browser.post(
        f"/oma/asiakkuudet/{tym.code}/itsearvio/",
        {**ASSESSMENT, "work_ability": "11"},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert swedish.status_code == 400
    assert not PreInformation.objects.filter(relationship=tym, how="portal").exists()
    assert not SelfAssessment.objects.filter(relationship=tym).exists()


def test_maija_sends_her_self_assessment_and_health_roles_see_her_rating(
    demo: dict[str, Client], tym: ClientRelationship, settings, verified_client
) -> None:  # type: ignore[no-untyped-def]
    maija = demo["maija"]
    browser = _as_client(maija, settings)
    url = f"/oma/asiakkuudet/{tym.code}/itsearvio/"
    assert browser.post(url, ASSESSMENT).status_code == 302
    own = SelfAssessment.objects.get(relationship=tym)
    assert (own.work_ability, own.version) == (6, 1)
    assert AccessEvent.objects.filter(
        client_code=maija.code, object_type="assessments.selfassessment", action="update", actor_role="client"
    ).exists()
    expert = _mapping(verified_client, "tyollisyysasiantuntija", tym)
    assert "Olen tarkka." in expert
    assert "6 / 10" not in expert
    assert "Väsyn helposti iltapäivisin." not in expert
    nurse = _mapping(verified_client, "terveydenhoitaja", tym)
    assert "6 / 10" in nurse
    assert "Väsyn helposti iltapäivisin." in nurse
    # Kela's work-ability advisor sees health data with her consent covering it.
    assert "6 / 10" in _mapping(verified_client, "kela-tyokykyneuvoja", tym)
    # A stale change (opened before another window's save) is refused; the stored answers stay.
    assert browser.post(url, {**ASSESSMENT, "version": "1", "work_ability": "7"}).status_code == 302
    stale = browser.post(url, {**ASSESSMENT, "version": "1", "work_ability": "3"})
    assert stale.status_code == 409
    assert SelfAssessment.objects.get(pk=own.pk).work_ability == 7
    # The nurse marks it read; a second mark is a conflict in the service.
    nurse_http = verified_client(_user("terveydenhoitaja"))
    assert nurse_http.post(f"/arviot/{tym.code}/asiakkaan-lomakkeet/itsearvio/luettu/").status_code == 302
    own.refresh_from_db()
    assert own.read_at is not None
    with pytest.raises(OwnFormAlreadyRead):
        assessment_services.self_assessment_mark_read(actor=_user("terveydenhoitaja"), self_assessment=own)
    assert browser.post(url, {**ASSESSMENT, "version": "2"}).status_code == 409


def test_the_services_refuse_stale_repeated_and_locked_sends(tym: ClientRelationship) -> None:
    """The services alone: a second first send, a stale version, a change after the team read it."""
    first = case_services.pre_information_save_by_client(relationship=tym, expected_version=0, situation="A")
    with pytest.raises(OwnFormStale):
        case_services.pre_information_save_by_client(relationship=tym, expected_version=0, situation="B")
    with pytest.raises(OwnFormStale):
        case_services.pre_information_save_by_client(relationship=tym, expected_version=5, situation="B")
    case_services.pre_information_mark_read(actor=_user("sosiaalityontekija"), pre_information=first)
    with pytest.raises(OwnFormLocked):
        case_services.pre_information_save_by_client(relationship=tym, expected_version=1, situation="B")
    with pytest.raises(OwnFormAlreadyRead):
        case_services.pre_information_mark_read(actor=_user("sosiaalityontekija"), pre_information=first)
    assert PreInformation.objects.get(pk=first.pk).situation == "A"
    assessment_services.self_assessment_save_by_client(relationship=tym, expected_version=0, work_ability=4)
    with pytest.raises(OwnFormStale):
        assessment_services.self_assessment_save_by_client(
            relationship=tym, expected_version=0, work_ability=5
        )
    # A relationship that is ending takes no more of her forms.
    ClientRelationship.objects.filter(pk=tym.pk).update(phase="closing")
    with pytest.raises(OwnFormLocked):
        assessment_services.self_assessment_save_by_client(
            relationship=tym, expected_version=1, work_ability=5
        )


def test_another_clients_forms_are_a_404_and_a_denied_entry(demo: dict[str, Client], settings) -> None:  # type: ignore[no-untyped-def]
    maija, mikael = demo["maija"], demo["mikael"]
    theirs = ClientRelationship.objects.filter(client=mikael).first()
    assert theirs is not None
    browser = _as_client(maija, settings)
    for path in ("esitiedot", "itsearvio"):
        assert browser.get(f"/oma/asiakkuudet/{theirs.code}/{path}/").status_code == 404
        assert browser.post(f"/oma/asiakkuudet/{theirs.code}/{path}/", FORM).status_code == 404
    denied = AccessEvent.objects.filter(
        client_code=mikael.code, allowed=False, actor_username=f"client:{maija.code}"
    )
    assert denied.filter(object_type="cases.preinformation").count() == 2
    assert denied.filter(object_type="assessments.selfassessment").count() == 2
    assert not PreInformation.objects.filter(relationship=theirs, how="portal").exists()


def test_a_shown_entry_is_acknowledged_once_and_the_team_sees_it(
    demo: dict[str, Client], settings, verified_client
) -> None:  # type: ignore[no-untyped-def]
    maija, mikael = demo["maija"], demo["mikael"]
    expert_user = _user("tyollisyysasiantuntija")
    entry = client_services.journal_entry_create(
        actor=expert_user, client=maija, category=DataCategory.PLAN, text="Arviointi: työkokeilu alkaa."
    )
    hidden = client_services.journal_entry_create(
        actor=expert_user, client=maija, category=DataCategory.PLAN, text="Tiimin sisäinen huomio."
    )
    browser = _as_client(maija, settings)
    assert "Arviointi: työkokeilu alkaa." not in browser.get("/oma/kirjaukset/").content.decode()
    # The professional shows it after the confirmation step.
    expert = verified_client(expert_user)
    show = f"/asiakkaat/{maija.code}/tiedot/plan/{entry.code}/nayta-asiakkaalle/"
    asked = expert.get(show)
    assert asked.status_code == 200
    assert "Näyttämistä ei voi perua." in asked.content.decode()
    assert JournalEntry.objects.get(pk=entry.pk).shown_to_client_at is None
    assert expert.post(show, {"confirmed": "1"}).status_code == 302
    entry.refresh_from_db()
    assert entry.shown_to_client_by == expert_user
    page = browser.get("/oma/kirjaukset/").content.decode()
    assert "Arviointi: työkokeilu alkaa." in page
    assert "Tiimin sisäinen huomio." not in page
    assert browser.post(f"/oma/kirjaukset/{hidden.code}/kuittaa/").status_code == 404
    # She acknowledges it once; the second press is a 409 that changes nothing.
    url = f"/oma/kirjaukset/{entry.code}/kuittaa/"
    assert browser.post(url).status_code == 302
    entry.refresh_from_db()
    acknowledged = entry.acknowledged_at
    assert acknowledged is not None
    written = AccessEvent.objects.get(
        client_code=maija.code,
        object_type="cases.journalentry",
        action="update",
        object_id=str(entry.code),
        actor_role="client",
    )
    assert (written.allowed, written.actor_username) == (True, f"client:{maija.code}")
    again = browser.post(url)
    assert again.status_code == 409
    assert "Olet jo kuitannut tämän kirjauksen luetuksi." in again.content.decode()
    assert JournalEntry.objects.get(pk=entry.pk).acknowledged_at == acknowledged
    # Her team sees that she acknowledged it.
    team = expert.get(f"/asiakkaat/{maija.code}/tiedot/plan/").content.decode()
    assert "Asiakas kuittasi luetuksi" in team
    # Someone else's entry: a 404, and the attempt in their log as hers.
    theirs = JournalEntry.objects.create(
        client=mikael,
        category=DataCategory.PLAN,
        text="Mikaelin arviointi.",
        author=expert_user,
        organisation=expert_user.organisation,
    )
    assert browser.post(f"/oma/kirjaukset/{theirs.code}/kuittaa/").status_code == 404
    assert AccessEvent.objects.filter(
        client_code=mikael.code,
        allowed=False,
        actor_username=f"client:{maija.code}",
        object_id=str(theirs.code),
    ).exists()


def test_only_a_plan_entry_is_shown_and_only_once(demo: dict[str, Client]) -> None:
    maija = demo["maija"]
    nurse = _user("terveydenhoitaja")
    health = client_services.journal_entry_create(
        actor=nurse, client=maija, category=DataCategory.HEALTH, text="Terveystarkastus."
    )
    with pytest.raises(EntryNotForClient):
        client_services.journal_entry_show_to_client(actor=nurse, entry=health)
    plan = client_services.journal_entry_create(
        actor=nurse, client=maija, category=DataCategory.PLAN, text="A"
    )
    client_services.journal_entry_show_to_client(actor=nurse, entry=plan)
    with pytest.raises(EntryAlreadyShown):
        client_services.journal_entry_show_to_client(actor=nurse, entry=plan)
    client_services.journal_entry_acknowledge_by_client(entry=plan)
    with pytest.raises(EntryAlreadyAcknowledged):
        client_services.journal_entry_acknowledge_by_client(entry=plan)
