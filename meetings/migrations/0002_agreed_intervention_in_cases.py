# Agreed interventions now live in cases as the case's own Intervention (cases.services.intervention_create);
# the meetings row only links it to the case item. Recreated: no production data existed yet.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_intake_notes_interventions_attachments_growthdocument"),
        ("meetings", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="AgreedIntervention"),
        migrations.CreateModel(
            name="AgreedIntervention",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="interventions", to="meetings.agendaitem"
                    ),
                ),
                (
                    "intervention",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="meeting_link", to="cases.intervention"
                    ),
                ),
            ],
            options={"ordering": ["pk"]},
        ),
    ]
