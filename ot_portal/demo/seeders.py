"""The order in which the domain apps' demo data goes on top of the organisation."""

from ot_portal.demo import cases, clo, inzage, meetings

# meetings and clo run after the cases seeder (they find the cases demo's pupils and consents).
APP_SEEDERS: list = [cases.seed, meetings.seed, clo.seed, inzage.seed]
