"""Municipalities (Statistics Finland, 2021 classification) and the real organisations of the demo regions."""

from django.db import migrations

from yhteispolku.organisations.reference_data import load_reference_data, unload_reference_data


def load(apps, schema_editor):
    load_reference_data(apps)


def unload(apps, schema_editor):
    unload_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
