# The portal's two date styles (ot_portal/core/formats.py): prose "1 dec. 2026", tables "01-12-2026".
# Only the display formats; input formats stay Django's own for the language.
DATE_FORMAT = "j N Y"
DATETIME_FORMAT = "j N Y H:i"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
