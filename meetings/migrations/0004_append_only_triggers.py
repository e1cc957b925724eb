"""ADR 0002: PostgreSQL refuses UPDATE and DELETE on the case timeline and the status histories
(no-op on SQLite: pgtrigger installs triggers on PostgreSQL only). Kept in its own migration so that
data migrations that rewrite these rows run before it."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0003_backfill_accesslog_pupil_key'),
    ]

    operations = [
        pgtrigger.migrations.AddTrigger(
            model_name='meetingstatuschange',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='ecb0c985b413e669cbf9f87ff99df8a94962d72e', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_4a256', table='meetings_meetingstatuschange', when='BEFORE')),
        ),
    ]
