"""Matrix entries and world objects of the cases app."""

from tests.factories.cases import (
    CaseFactory,
    ConsentFactory,
    EnrolmentFactory,
    GuardianFactory,
    PupilFactory,
    grant_case,
)
from tests.matrix import Entry  # noqa: F401


def build(w):
    """Pupil A (group 5a of school A) with an active case and consent covering the orthopedagogue
    and the social team, both granted; pupil B with a case at school B."""
    w.pupil_a = PupilFactory(school=w.school_a, first_name="Daan", last_name="Geheimnaam")
    EnrolmentFactory(pupil=w.pupil_a, school_year=w.school_year, group=w.group_a)
    w.guardian_a = GuardianFactory(pupil=w.pupil_a)
    w.consent_a = ConsentFactory(
        pupil=w.pupil_a, recorded_by=w.users["ib_a"], disciplines=["orthopedagogue", "social_team"]
    )
    w.case_a = CaseFactory(pupil=w.pupil_a)
    for persona in ("orthopedagogue_a", "social_team_a"):
        grant_case(case=w.case_a, user=w.users[persona], consent=w.consent_a, granted_by=w.users["ib_a"])
    w.pupil_b = PupilFactory(school=w.school_b, first_name="Sara", last_name="Andersschool")
    EnrolmentFactory(pupil=w.pupil_b, school_year=w.school_year, group=w.group_b)
    w.case_b = CaseFactory(pupil=w.pupil_b)


ENTRIES: dict = {}
