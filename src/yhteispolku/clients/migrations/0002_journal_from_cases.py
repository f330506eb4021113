# The journal's model, moved from the cases app (cases/0003). State only: the table and its index keep
# their names, so no row moves.
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0001_initial"),
        ("cases", "0003_journal_moves_to_clients"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="JournalEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("category", models.CharField(choices=[("employment", "työllisyystiedot"), ("social", "sosiaalihuollon tiedot"), ("health", "terveystiedot"), ("kela", "Kelan etuus- ja kuntoutustiedot"), ("plan", "yhteinen suunnitelma")], max_length=20, verbose_name="tietoryhmä")),
                        ("text", models.TextField(verbose_name="merkintä")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="kirjattu")),
                        ("author", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="kirjaaja")),
                        ("client", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="journal", to="clients.client", verbose_name="asiakas")),
                        ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="organisations.organisation", verbose_name="kirjaava organisaatio")),
                    ],
                    options={
                        "verbose_name": "kirjaus",
                        "verbose_name_plural": "kirjaukset",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "cases_journalentry",
                        "indexes": [models.Index(fields=["client", "category", "created_at"], name="cases_journ_client__043c3d_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
