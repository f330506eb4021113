"""Several chains instead of one (issue 15): each entry names its chain, each chain has its own head row.

The one chain there was becomes chain 0: its entries get `chain` 0 and its head row (id 1) becomes the head
of chain 0, so that the old entries verify as before and chain 0 goes on from where the old chain ended.
Heads are now created with their chain's first entry, so the head of an empty log is removed.

The column is added with plain SQL: Django's SQLite schema editor would rebuild the table for a NOT NULL
column and lose the append-only triggers of migration 0002; `ADD COLUMN` keeps them on both databases.
"""

from django.db import migrations, models

ADD_COLUMN = {
    "sqlite": 'ALTER TABLE "audit_accessevent" ADD COLUMN "chain" smallint unsigned NOT NULL DEFAULT 0 '
    'CHECK ("chain" >= 0)',
    "postgresql": 'ALTER TABLE "audit_accessevent" ADD COLUMN "chain" smallint NOT NULL DEFAULT 0 '
    'CONSTRAINT "audit_accessevent_chain_check" CHECK ("chain" >= 0)',
}


def add_column(apps, schema_editor):
    schema_editor.execute(ADD_COLUMN[schema_editor.connection.vendor], params=None)


def drop_column(apps, schema_editor):
    schema_editor.execute('ALTER TABLE "audit_accessevent" DROP COLUMN "chain"', params=None)


def move_head_to_chain_0(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    # A head is created with its chain's first entry: an empty log has none.
    ChainHead.objects.filter(pk=1, last_event_id__isnull=True).delete()
    if not ChainHead.objects.filter(pk=0).exists():
        ChainHead.objects.filter(pk=1).update(id=0)


def move_head_back(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    ChainHead.objects.exclude(pk=0).delete()
    ChainHead.objects.filter(pk=0).update(id=1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_purpose_service_delivery")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="accessevent",
                    name="chain",
                    field=models.PositiveSmallIntegerField(default=0, verbose_name="ketju"),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, drop_column)],
        ),
        migrations.AddIndex(
            model_name="accessevent",
            index=models.Index(fields=["chain", "id"], name="audit_event_chain_id"),
        ),
        migrations.RemoveConstraint(model_name="chainhead", name="audit_chainhead_single_row"),
        migrations.AlterField(
            model_name="chainhead",
            name="id",
            field=models.PositiveSmallIntegerField(primary_key=True, serialize=False),
        ),
        migrations.AlterModelOptions(
            name="chainhead",
            options={
                "verbose_name": "käyttölokin ketjun pää",
                "verbose_name_plural": "käyttölokin ketjujen päät",
            },
        ),
        migrations.RunPython(move_head_to_chain_0, move_head_back),
        migrations.CreateModel(
            name="VerifiedCheckpoint",
            fields=[
                ("id", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ("last_event_id", models.BigIntegerField(verbose_name="viimeisin tarkistettu merkintä")),
                (
                    "last_hash",
                    models.CharField(max_length=64, verbose_name="viimeisimmän tarkistetun merkinnän tiiviste"),
                ),
                ("verified_at", models.DateTimeField(verbose_name="tarkistettu")),
            ],
            options={
                "verbose_name": "käyttölokin tarkistuskohta",
                "verbose_name_plural": "käyttölokin tarkistuskohdat",
            },
        ),
    ]
