"""ADR 0002: PostgreSQL refuses UPDATE and DELETE on the case timeline and the status histories
(no-op on SQLite: pgtrigger installs triggers on PostgreSQL only). Kept in its own migration so that
data migrations that rewrite these rows run before it."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('clo', '0003_backfill_accesslog_pupil_key'),
    ]

    operations = [
        pgtrigger.migrations.AddTrigger(
            model_name='requeststatuschange',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='9469e783df4968903be2a955a35ddf1b7e09c2be', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_c605d', table='clo_requeststatuschange', when='BEFORE')),
        ),
    ]
