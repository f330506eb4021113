from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from yhteispolku.clients.models import Client
from yhteispolku.reports.refresh import full_rebuild
from yhteispolku.web.demo_data import DEMO_PASSWORD, PROFESSIONALS, load_demo


class Command(BaseCommand):
    help = "Load the fictional demo data (idempotent). Refused outside demo mode."

    def handle(self, *args: object, **options: object) -> None:
        if not (settings.DEMO_MODE or settings.TESTING or settings.DEBUG):
            raise CommandError("The demo data is loaded only in demo mode (YHTEISPOLKU_DEMO=1).")
        load_demo()
        # The situational picture's figures, consistent with the demo clients just loaded.
        full_rebuild()
        # Every app's demo adds its clients (paths: KUTY, integration), so the count is of what is stored.
        clients = Client.objects.filter(is_demo=True).count()
        self.stdout.write(f"Demo data loaded: {len(PROFESSIONALS)} professionals, {clients} clients.")
        self.stdout.write(f"Every demo login has the password {DEMO_PASSWORD}; see README.md.")
