"""The persona world every permission test runs against.

School A has every school role; school B (other board and district) has its own IB and director.
External professionals at school A exist with and without a case grant; one IB's membership has
ended. The CLO and partnership roles sit in the same partnership. Domain apps add their objects
through the builders in tests/matrix/<app>.py.
"""

from __future__ import annotations

from types import SimpleNamespace

from ot_portal.core.models import CommitteeRole, PartnershipRoleKind, Role
from tests.factories import core as f

#: persona name -> (school key or None, role); committee and partnership personas follow.
SCHOOL_PERSONAS = {
    "director_a": ("a", Role.DIRECTOR),
    "ib_a": ("a", Role.IB),
    "teacher_a": ("a", Role.TEACHER),  # teaches the group of pupil A
    "teacher_a_other": ("a", Role.TEACHER),  # teaches another group
    "orthopedagogue_a": ("a", Role.ORTHOPEDAGOGUE),  # granted case A by consent
    "youth_nurse_a": ("a", Role.YOUTH_NURSE),  # no grant
    "social_worker_a": ("a", Role.SCHOOL_SOCIAL_WORKER),  # no grant
    "social_team_a": ("a", Role.SOCIAL_TEAM),  # granted case A by consent
    "social_team_a_nogrant": ("a", Role.SOCIAL_TEAM),
    "visiting_specialist_a": ("a", Role.VISITING_SPECIALIST),
    "care_provider_a": ("a", Role.CARE_PROVIDER),
    "ib_a_ended": ("a", Role.IB),  # membership ended yesterday
    "ib_b": ("b", Role.IB),
    "director_b": ("b", Role.DIRECTOR),
}
COMMITTEE_PERSONAS = {
    "clo_chair": CommitteeRole.CHAIR,
    "clo_secretary": CommitteeRole.SECRETARY,
    "clo_orthopedagogue": CommitteeRole.ORTHOPEDAGOGUE,
    "clo_advisor": CommitteeRole.ADVISOR,
    "clo_expert": CommitteeRole.EXPERT,
}
PARTNERSHIP_PERSONAS = {
    "swv_staff": PartnershipRoleKind.STAFF,
    "functional_admin": PartnershipRoleKind.FUNCTIONAL_ADMIN,
}
PERSONAS = [*SCHOOL_PERSONAS, *COMMITTEE_PERSONAS, *PARTNERSHIP_PERSONAS, "anonymous"]
#: Parents who came in through an invitation's link and code (no account): a session scoped to one
#: guardian and one pupil (pupil A's guardian, pupil B's guardian). To staff pages they are anonymous.
PARTICIPANT_PERSONAS = ["guardian_a", "guardian_b"]

SCHOOL_STAFF_A = ["director_a", "ib_a", "teacher_a", "teacher_a_other"]
EXTERNALS_A = [
    "orthopedagogue_a",
    "youth_nurse_a",
    "social_worker_a",
    "social_team_a",
    "social_team_a_nogrant",
    "visiting_specialist_a",
    "care_provider_a",
]
COMMITTEE = list(COMMITTEE_PERSONAS)
PARTNERSHIP = list(PARTNERSHIP_PERSONAS)


def build_world() -> SimpleNamespace:
    partnership = f.PartnershipFactory(name="SWV Test", code="PO 99-01")
    primary = f.DisciplineFactory(partnership=partnership, code="orthopedagoog", name="Orthopedagoog", is_primary=True)
    second = f.DisciplineFactory(partnership=partnership, code="kinderpsychiater", name="Kinderpsychiater")
    school_a = f.SchoolFactory(name="School A", board__partnership=partnership)
    school_b = f.SchoolFactory(name="School B", board__partnership=partnership)
    year = f.SchoolYearFactory()
    group_a = f.SchoolGroupFactory(school=school_a, school_year=year, name="5a")
    group_a_other = f.SchoolGroupFactory(school=school_a, school_year=year, name="7b")
    group_b = f.SchoolGroupFactory(school=school_b, school_year=year, name="5a")
    w = SimpleNamespace(
        partnership=partnership,
        disciplines=SimpleNamespace(primary=primary, second=second),
        school_a=school_a,
        school_b=school_b,
        school_year=year,
        group_a=group_a,
        group_a_other=group_a_other,
        group_b=group_b,
        users={},
        memberships={},
    )
    schools = {"a": school_a, "b": school_b}
    for name, (key, role) in SCHOOL_PERSONAS.items():
        user = f.UserFactory(email=f"{name}@example.nl", full_name=name.replace("_", " ").title())
        membership = f.MembershipFactory(user=user, school=schools[key], role=role, ended=name.endswith("_ended"))
        if name == "teacher_a":
            membership.groups.add(group_a)
        elif name == "teacher_a_other":
            membership.groups.add(group_a_other)
        w.users[name] = user
        w.memberships[name] = membership
    for name, role in COMMITTEE_PERSONAS.items():
        user = f.UserFactory(email=f"{name}@example.nl", full_name=name.replace("_", " ").title())
        discipline = (
            second if role == CommitteeRole.EXPERT else (primary if role == CommitteeRole.ORTHOPEDAGOGUE else None)
        )
        f.CommitteeMembershipFactory(user=user, partnership=partnership, role=role, discipline=discipline)
        w.users[name] = user
    for name, role in PARTNERSHIP_PERSONAS.items():
        user = f.UserFactory(email=f"{name}@example.nl", full_name=name.replace("_", " ").title())
        f.PartnershipRoleFactory(user=user, partnership=partnership, role=role)
        if role == PartnershipRoleKind.FUNCTIONAL_ADMIN:
            from ot_portal.demo.organisation import _admin_group

            user.is_staff = True
            user.save()
            user.groups.add(_admin_group())
        w.users[name] = user
    return w
