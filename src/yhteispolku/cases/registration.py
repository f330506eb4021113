"""The track a newly registered client starts on: the registering unit's own (SPEC §2).

TYM is never opened here: a client enters TYM only through a referral the TYM team accepts (R-TYM-1).
The employment authority registers a jobseeker in employment services; a wellbeing county's social or
health professional, and Kela's, start from the recognised need for work-ability support (SPEC §2:
"need recognised in social/health services"). Registered with the clients app at start-up.
"""

from __future__ import annotations

from datetime import date

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Phase, PhaseTransition, TeamMember, TeamRole, Track
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import Organisation, Unit

REGISTRATION_TRACKS: dict[str, str] = {
    Organisation.Kind.EMPLOYMENT_AUTHORITY: Track.EMPLOYMENT_SERVICES,
    Organisation.Kind.WELLBEING_COUNTY: Track.WORK_ABILITY_SUPPORT,
    Organisation.Kind.KELA: Track.WORK_ABILITY_SUPPORT,
}
TEAM_ROLE_BY_SECTOR = {
    "employment": TeamRole.WORKER_PAIR_EMPLOYMENT,
    "social": TeamRole.WORKER_PAIR_SOCIAL,
}


def registration_track(organisation: Organisation | None) -> str | None:
    """The track a client registered by this organisation starts on; None when it registers nobody."""
    return REGISTRATION_TRACKS.get(organisation.kind) if organisation is not None else None


class OwnTrackOpener:
    def opens_for(self, actor: User) -> bool:
        return registration_track(actor.organisation) is not None

    def open(self, *, actor: User, client: Client, today: date) -> None:
        """Work on the unit's own track starts at once with the registering professional on its team, as
        when a track is opened from the client's page (paths.services.relationship_open): the mapping
        phase belongs to TYM."""
        track = registration_track(actor.organisation)
        assert track is not None  # opens_for() was asked first
        open_track(actor=actor, client=client, track=track, today=today)


def open_track(
    *, actor: User, client: Client, track: str, today: date, unit: Unit | None = None
) -> ClientRelationship:
    """A relationship on `track` at the actor's unit (or `unit`, where the actor routes the client to),
    working from today, with the actor on its team (the worker-pair place of their sector; outside TYM it
    reads as the responsible worker)."""
    # A professional always has both (a database constraint); the asserts tell the type checker.
    assert actor.organisation is not None
    assert actor.unit is not None
    unit = unit or actor.unit
    relationship = ClientRelationship.objects.create(
        client=client,
        track=track,
        responsible_organisation=unit.organisation,
        responsible_unit=unit,
        phase=Phase.WORK,
        started_on=today,
    )
    PhaseTransition.objects.create(relationship=relationship, from_phase="", to_phase=Phase.WORK, actor=actor)
    TeamMember.objects.create(
        relationship=relationship,
        user=actor,
        team_role=TEAM_ROLE_BY_SECTOR.get(actor.sector or "", TeamRole.MEMBER),
        joined_on=today,
    )
    return relationship


OWN_TRACK_OPENER = OwnTrackOpener()
