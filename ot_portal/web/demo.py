"""The order in which domain apps add their demo data on top of the organisation."""

from cases import demo as cases_demo
from clo import demo as clo_demo
from meetings import demo as meetings_demo

# meetings and clo run after the cases seeder (they find the cases demo's pupils and consents).
APP_SEEDERS: list = [cases_demo.seed, meetings_demo.seed, clo_demo.seed]
