from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathsConfig(AppConfig):
    name = "yhteispolku.paths"
    verbose_name = _("Palvelupolut")

    def ready(self) -> None:
        from yhteispolku.access.relations import register_relation_source
        from yhteispolku.cases.extensions import register_track_opener
        from yhteispolku.clients.selectors import register_client_section
        from yhteispolku.paths import deadlines
        from yhteispolku.paths.selectors import client_tracks
        from yhteispolku.paths.services import relationship_open
        from yhteispolku.paths.site import KUTY_SITES
        from yhteispolku.rules.deadlines import register_source

        register_client_section("tracks", client_tracks)
        register_relation_source(KUTY_SITES)
        # The warm handover at a track's closing (cases.closing) and the referral onwards to work-ability
        # support (collaboration) open the next track through it.
        register_track_opener(relationship_open)
        for source in deadlines.SOURCES:
            register_source(source)
