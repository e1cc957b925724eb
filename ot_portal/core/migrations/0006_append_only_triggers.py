"""ADR 0002: PostgreSQL refuses UPDATE and DELETE on the access log (no-op on SQLite: pgtrigger
installs triggers on PostgreSQL only). Kept in its own migration so that data migrations that
rewrite access-log rows run before it.
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
        ('core', '0005_access_log_retention'),
        ('cases', '0011_backfill_accesslog_pupil_key'),
        ('meetings', '0003_backfill_accesslog_pupil_key'),
        ('clo', '0003_backfill_accesslog_pupil_key'),
    ]

    operations = [
        migrations.AlterField(
            model_name='accesslog',
            name='user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='accesslog',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='6a670c1f658f889c1e3d4d3dd870d242efb7e92c', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_159da', table='core_accesslog', when='BEFORE')),
        ),
    ]
