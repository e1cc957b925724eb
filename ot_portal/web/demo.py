"""The order in which domain apps add their demo data on top of the organisation."""

APP_SEEDERS: list = []
