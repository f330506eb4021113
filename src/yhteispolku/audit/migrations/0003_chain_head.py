"""The chain head's one row, created here so that the application's database role needs no INSERT on it."""

from django.db import migrations

ZERO_HASH = "0" * 64


def create_head(apps, schema_editor):
    AccessEvent = apps.get_model("audit", "AccessEvent")
    ChainHead = apps.get_model("audit", "ChainHead")
    last = AccessEvent.objects.order_by("-id").first()
    ChainHead.objects.get_or_create(
        pk=1,
        defaults={"last_event_id": last.pk if last else None, "last_hash": last.entry_hash if last else ZERO_HASH},
    )


def remove_head(apps, schema_editor):
    apps.get_model("audit", "ChainHead").objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(create_head, remove_head)]
