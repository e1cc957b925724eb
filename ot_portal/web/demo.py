"""The order in which domain apps add their demo data on top of the organisation."""

from cases import demo as cases_demo

APP_SEEDERS: list = [cases_demo.seed]
