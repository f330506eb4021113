# The journal is the client's record by data category, not a case's: its model moves to the clients app.
# State only: the table keeps its name (cases_journalentry), so no row moves.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_tym_journey"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="JournalEntry")],
            database_operations=[],
        ),
    ]
