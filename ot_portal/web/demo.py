"""The order in which domain apps add their demo data on top of the organisation."""

from clo import demo as clo_demo

APP_SEEDERS: list = [clo_demo.seed]
