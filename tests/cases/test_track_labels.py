"""Each track speaks its own words (issue #11, SPEC §2): TYM's phases and worker pair only on TYM, the
mapping's 3-month target (R-TYM-2) only on the TYM mapping."""

import pytest

from tests.access.conftest import join_team, new_client, open_relationship
from yhteispolku.accounts.models import User
from yhteispolku.assessments.selectors import mapping_summary
from yhteispolku.cases.models import ClientRelationship, Phase, TeamRole, Track
from yhteispolku.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def on_track(user: User, track: str, phase: str = Phase.WORK) -> ClientRelationship:
    client = new_client(Organisation.objects.get(slug="satakunta-employment-area"))
    relationship = open_relationship(client, user.unit, phase=phase)  # type: ignore[arg-type]
    ClientRelationship.objects.filter(pk=relationship.pk).update(track=track)
    relationship.refresh_from_db()
    return relationship


@pytest.mark.parametrize(
    ("track", "phase", "label"),
    [
        (Track.TYM, Phase.WORK, "TYM-työskentely"),
        (Track.TYM, Phase.MAPPING, "monialainen kartoitus"),
        (Track.EMPLOYMENT_SERVICES, Phase.WORK, "palvelu käynnissä"),
        (Track.EMPLOYMENT_SERVICES, Phase.MAPPING, "alkuhaastattelu"),
        (Track.WORK_ABILITY_SUPPORT, Phase.MAPPING, "palvelutarpeen arviointi"),
        (Track.INTEGRATION, Phase.MAPPING, "alkukartoitus"),
        (Track.KUTY, Phase.WORK, "kuntouttava työtoiminta käynnissä"),
        (Track.YOUTH_ONE_STOP, Phase.WORK, "ohjaus käynnissä"),
        (Track.SOCIAL_REHABILITATION, Phase.CLOSED, "päättynyt"),
    ],
)
def test_the_phase_is_named_in_the_tracks_words(
    employment_expert: User, track: str, phase: str, label: str
) -> None:
    assert on_track(employment_expert, track, phase).phase_label == label


def test_the_worker_pair_is_tyms_elsewhere_the_place_is_the_responsible_worker(
    employment_expert: User,
) -> None:
    tym = join_team(
        on_track(employment_expert, Track.TYM), employment_expert, TeamRole.WORKER_PAIR_EMPLOYMENT
    )
    services = join_team(
        on_track(employment_expert, Track.EMPLOYMENT_SERVICES),
        employment_expert,
        TeamRole.WORKER_PAIR_EMPLOYMENT,
    )

    assert tym.team_role_label == "työparin työllisyysasiantuntija"
    assert services.team_role_label == "vastuutyöntekijä (työllisyyspalvelut)"


def test_the_mapping_target_applies_to_the_tym_mapping_only(social_worker: User) -> None:
    social_rehabilitation = on_track(social_worker, Track.SOCIAL_REHABILITATION, Phase.MAPPING)
    join_team(social_rehabilitation, social_worker)
    tym = on_track(social_worker, Track.TYM, Phase.MAPPING)
    join_team(tym, social_worker)

    assert mapping_summary(actor=social_worker, relationship=social_rehabilitation).target_on is None
    assert mapping_summary(actor=social_worker, relationship=tym).target_on is not None
