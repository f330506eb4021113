"""The demo clients' agreements to notices, for web/demo_data.py to call.

Written directly, like the rest of the demo data (nothing to audit). They are recorded on the day the demo
is first loaded, after everything else, so nothing already waiting is noticed at load; what a demo user
then does (a new to-do, a plan version confirmed) sends a notice through the console mail backend.
"""

from __future__ import annotations

from yhteispolku.accounts.models import User
from yhteispolku.clients.models import Client
from yhteispolku.notices.models import Channel, NoticeAgreement
from yhteispolku.notices.services import contact_of


def load_notice_agreement(*, client: Client, channel: str, recorded_by: User | None) -> None:
    """Her agreement to notices on `channel` at her contact detail: recorded by a professional, or given
    by herself in Oma Yhteispolku (`recorded_by` None). Loading again changes nothing."""
    contact = contact_of(client, channel)
    if not contact or NoticeAgreement.objects.filter(client=client, channel=channel).exists():
        return
    NoticeAgreement.objects.create(
        client=client,
        channel=channel,
        address=contact,
        given_by_client=recorded_by is None,
        recorded_by=recorded_by,
    )


__all__ = ["Channel", "load_notice_agreement"]
