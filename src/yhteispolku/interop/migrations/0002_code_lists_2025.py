"""The national code lists in force from 1.1.2025: plan types 01–07, Kela benefits, the service classification."""

from django.db import migrations

from yhteispolku.interop.code_lists import FIRST_FILE, load_code_lists, unload_code_lists


def load(apps, schema_editor):
    load_code_lists(apps, FIRST_FILE)


def unload(apps, schema_editor):
    unload_code_lists(apps, FIRST_FILE)


class Migration(migrations.Migration):
    dependencies = [("interop", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
