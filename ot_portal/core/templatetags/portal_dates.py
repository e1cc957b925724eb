"""Template filters for the portal's two date styles (see ot_portal/core/formats.py).

Installed as a template builtin, so every template can write `{{ day|date_prose }}` or
`{{ day|date_table }}` without loading anything."""

from django import template

from ot_portal.core import formats

register = template.Library()

register.filter("date_prose", formats.date_prose)
register.filter("date_table", formats.date_table)
register.filter("datetime_prose", formats.datetime_prose)
register.filter("datetime_table", formats.datetime_table)
register.filter("date_prose_weekday", formats.date_prose_weekday)
