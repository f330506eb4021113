from django.db import migrations, models

# Free-text permit types recorded before the choice list, mapped by their Finnish words. A value that
# matches none is kept as it was: the edit form then asks for a type instead of clearing it silently.
_KNOWN = (
    ("tilapäinen suojelu", "temporary_protection"),
    ("suojelu", "international_protection"),
    ("pakolai", "international_protection"),
    ("pysyvä", "permanent"),
    ("jatkuva", "continuous"),
    ("tilapäinen", "temporary"),
)


def map_permit_types(apps, schema_editor):
    Client = apps.get_model("clients", "Client")
    for client in Client.objects.exclude(residence_permit_type="").only("pk", "residence_permit_type"):
        text = client.residence_permit_type.strip().lower()
        for words, value in _KNOWN:
            if words in text:
                Client.objects.filter(pk=client.pk).update(residence_permit_type=value)
                break


class Migration(migrations.Migration):
    dependencies = [("clients", "0006_journal_shown_to_client")]

    operations = [
        migrations.AddField(
            model_name="client",
            name="residence_permit_valid_from",
            field=models.DateField(blank=True, null=True, verbose_name="oleskelulupa voimassa alkaen"),
        ),
        migrations.AlterField(
            model_name="client",
            name="residence_permit_type",
            field=models.CharField(
                blank=True,
                choices=[
                    ("permanent", "pysyvä oleskelulupa (P)"),
                    ("continuous", "jatkuva oleskelulupa (A)"),
                    ("temporary", "tilapäinen oleskelulupa (B)"),
                    ("international_protection", "kansainvälinen suojelu (pakolainen)"),
                    ("temporary_protection", "tilapäinen suojelu"),
                ],
                max_length=120,
                verbose_name="oleskeluluvan tyyppi",
            ),
        ),
        migrations.RunPython(map_permit_types, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="client",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("residence_permit_valid_from__isnull", True),
                    ("residence_permit_valid_until__isnull", True),
                    ("residence_permit_valid_until__gte", models.F("residence_permit_valid_from")),
                    _connector="OR",
                ),
                name="client_residence_permit_ends_after_start",
                violation_error_message="Oleskeluluvan voimassaolo ei voi päättyä ennen alkuaan.",
            ),
        ),
    ]
