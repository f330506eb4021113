"""The service catalogue of SPEC §7, from plans/data/service_catalogue_2025-01-01.json."""

from django.db import migrations

from yhteispolku.plans.catalogue import load_catalogue, unload_catalogue


def load(apps, schema_editor):
    load_catalogue(apps.get_model("plans", "ServiceType"))


def unload(apps, schema_editor):
    unload_catalogue(apps.get_model("plans", "ServiceType"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
