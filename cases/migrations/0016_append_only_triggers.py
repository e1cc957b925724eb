"""ADR 0002: PostgreSQL refuses UPDATE and DELETE on the case timeline and the status histories
(no-op on SQLite: pgtrigger installs triggers on PostgreSQL only). Kept in its own migration so that
data migrations that rewrite these rows run before it.
Users are deactivated, never deleted: the user reference of these rows PROTECTs instead of SET_NULL
(nulling it would be an UPDATE the trigger refuses)."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('cases', '0015_pupil_search_text'),
    ]

    operations = [
        migrations.AlterField(
            model_name='caseevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='growthdocumentchange',
            name='changed_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='caseevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='65b17c5dc231aae95e4a5d286bcd92a634f3ebd3', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_320b9', table='cases_caseevent', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='caseleadchange',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='a4fb8fd6b292806199c00015cd613c363baf2ae8', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_0ce4f', table='cases_caseleadchange', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='casestatuschange',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='9041a1ddf14bde057a616698165d3436fec6198e', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_a78f6', table='cases_casestatuschange', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='growthdocumentchange',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='4640d162f92107f1de92231ac3ab4e39d935e7a5', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_0e9d7', table='cases_growthdocumentchange', when='BEFORE')),
        ),
    ]
