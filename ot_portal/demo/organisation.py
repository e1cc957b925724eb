"""Demo organisation: one partnership, two boards, two districts, four schools, the demo accounts.

Idempotent: every object is looked up by a natural key first. The domain apps' demo data goes on
top through `ot_portal.demo.cases/meetings/clo.seed(org)`, in the order of `seeders.APP_SEEDERS`.
Refuses (and creates nothing) unless the settings allow demo data; see `ot_portal.demo.guard`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from ot_portal.core.models import (
    Board,
    CommitteeMembership,
    CommitteeRole,
    District,
    ExpertDiscipline,
    Partnership,
    PartnershipRole,
    PartnershipRoleKind,
    PartnershipSettings,
    Role,
    School,
    SchoolGroup,
    SchoolMembership,
    SchoolYear,
    SupportTeamRole,
    TeamPosition,
    User,
)
from ot_portal.demo.guard import ensure_demo_data_allowed

DEMO_PASSWORD = "OTportaal-demo-2026"

DISCIPLINES = [
    ("orthopedagoog", "Orthopedagoog", True),
    ("gz-psycholoog", "GZ-psycholoog", True),
    ("kinderpsycholoog", "Kinderpsycholoog", True),
    ("pedagoog", "Pedagoog", False),
    ("kinderpsychiater", "Kinder- en jeugdpsychiater", False),
    ("maatschappelijk-werker", "Maatschappelijk werker", False),
    ("arts", "Arts (jeugdarts)", False),
    ("revalidatiearts", "Revalidatiearts", False),
]

# (key, name, brin, board key, district key)
SCHOOLS = [
    ("zonnebloem", "De Zonnebloem", "12AB", "liemers", "zevenaar"),
    ("kompas", "Het Kompas", "34CD", "rijn", "duiven"),
    ("regenboog", "De Regenboog", "56EF", "liemers", "zevenaar"),
    ("klimop", "De Klimop", "78GH", "rijn", "duiven"),
]

# (email, full name, organisation, [(school key, role, groups)])
SCHOOL_ACCOUNTS = [
    ("directeur@zonnebloem.demo", "Anja de Vries", "", [("zonnebloem", Role.DIRECTOR, [])]),
    ("ib@zonnebloem.demo", "Ilse Bakker", "", [("zonnebloem", Role.IB, [])]),
    ("leerkracht@zonnebloem.demo", "Tom Jansen", "", [("zonnebloem", Role.TEACHER, ["5a"])]),
    (
        "jeugdverpleegkundige@zonnebloem.demo",
        "Fatima El Amrani",
        "GGD Gelderland-Midden",
        [("zonnebloem", Role.YOUTH_NURSE, [])],
    ),
    (
        "smw@zonnebloem.demo",
        "Sander Willems",
        "Stichting Welzijn Liemers",
        [("zonnebloem", Role.SCHOOL_SOCIAL_WORKER, [])],
    ),
    ("sociaalteam@zonnebloem.demo", "Kim Hendriks", "Sociaal Team Zevenaar", [("zonnebloem", Role.SOCIAL_TEAM, [])]),
    ("directeur@kompas.demo", "Peter Smit", "", [("kompas", Role.DIRECTOR, [])]),
    ("ib@kompas.demo", "Mirjam Visser", "", [("kompas", Role.IB, [])]),
    (
        "orthopedagoog@swv.demo",
        "Lotte Mulder",
        "SWV De Liemers",
        [
            ("zonnebloem", Role.ORTHOPEDAGOGUE, []),
            ("kompas", Role.ORTHOPEDAGOGUE, []),
            ("regenboog", Role.ORTHOPEDAGOGUE, []),
        ],
    ),
]

# (email, full name, committee role, discipline code)
COMMITTEE_ACCOUNTS = [
    ("voorzitter@clo.demo", "Hans van Dijk", CommitteeRole.CHAIR, None),
    ("secretaris@clo.demo", "Sophie de Boer", CommitteeRole.SECRETARY, None),
    ("orthopedagoog@clo.demo", "Eva Meijer", CommitteeRole.ORTHOPEDAGOGUE, "orthopedagoog"),
    ("adviseur@clo.demo", "Joost Brouwer", CommitteeRole.ADVISOR, None),
    ("deskundige@clo.demo", "Dr. Noor Yilmaz", CommitteeRole.EXPERT, "kinderpsychiater"),
]

PARTNERSHIP_ACCOUNTS = [
    ("beleid@swv.demo", "Rob Kramer", PartnershipRoleKind.STAFF),
    ("beheer@swv.demo", "Karin Bos", PartnershipRoleKind.FUNCTIONAL_ADMIN),
]

CORE_TEAM = {
    # The Liemers note: location leader, IB, teacher, parents, social team; on call: care
    # provider, orthopedagogue, visiting specialist. The Lelystad leaflet adds youth nurse and SMW.
    "zevenaar": {
        Role.DIRECTOR: TeamPosition.CORE,
        Role.IB: TeamPosition.CORE,
        Role.TEACHER: TeamPosition.CORE,
        Role.SOCIAL_TEAM: TeamPosition.CORE,
        Role.YOUTH_NURSE: TeamPosition.CORE,
        Role.SCHOOL_SOCIAL_WORKER: TeamPosition.CORE,
        Role.ORTHOPEDAGOGUE: TeamPosition.ON_CALL,
        Role.CARE_PROVIDER: TeamPosition.ON_CALL,
        Role.VISITING_SPECIALIST: TeamPosition.ON_CALL,
    },
    "duiven": {
        Role.DIRECTOR: TeamPosition.CORE,
        Role.IB: TeamPosition.CORE,
        Role.TEACHER: TeamPosition.CORE,
        Role.ORTHOPEDAGOGUE: TeamPosition.CORE,
        Role.SOCIAL_TEAM: TeamPosition.ON_CALL,
        Role.CARE_PROVIDER: TeamPosition.ON_CALL,
        Role.VISITING_SPECIALIST: TeamPosition.ON_CALL,
    },
}

ADMIN_GROUP = "Functioneel beheer"


@dataclass
class DemoOrg:
    partnership: Partnership
    school_year: SchoolYear
    schools: dict[str, School] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    groups: dict[tuple[str, str], SchoolGroup] = field(default_factory=dict)
    today: date = field(default_factory=timezone.localdate)


def _user(email: str, full_name: str, organisation: str = "") -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "organisation": organisation}
    )
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _admin_group() -> Group:
    group, _ = Group.objects.get_or_create(name=ADMIN_GROUP)
    perms = (
        Permission.objects.filter(content_type__app_label="core")
        .exclude(
            content_type__model="accesslog", codename__in=["add_accesslog", "change_accesslog", "delete_accesslog"]
        )
        .exclude(codename="delete_user")
    )  # users are deactivated, never deleted (ADR 0002)
    group.permissions.set(perms)
    return group


@transaction.atomic
def seed_organisation() -> DemoOrg:
    ensure_demo_data_allowed()
    partnership, _ = Partnership.objects.get_or_create(
        code="PO 25-05", defaults={"name": "Samenwerkingsverband De Liemers PO"}
    )
    PartnershipSettings.objects.get_or_create(partnership=partnership)
    disciplines = {}
    for code, name, primary in DISCIPLINES:
        disciplines[code], _ = ExpertDiscipline.objects.get_or_create(
            partnership=partnership, code=code, defaults={"name": name, "is_primary": primary}
        )
    boards = {
        "liemers": Board.objects.get_or_create(
            partnership=partnership, name="Stichting Liemers Primair", defaults={"board_number": "41234"}
        )[0],
        "rijn": Board.objects.get_or_create(
            partnership=partnership, name="Stichting Rijn en IJssel Onderwijs", defaults={"board_number": "42567"}
        )[0],
    }
    districts = {
        "zevenaar": District.objects.get_or_create(
            partnership=partnership, name="Zevenaar", defaults={"municipality": "Zevenaar"}
        )[0],
        "duiven": District.objects.get_or_create(
            partnership=partnership, name="Duiven", defaults={"municipality": "Duiven"}
        )[0],
    }
    school_year = SchoolYear.for_date()
    org = DemoOrg(partnership=partnership, school_year=school_year)
    for key, name, brin, board, district in SCHOOLS:
        school, _ = School.objects.get_or_create(
            brin=brin,
            location_number="00",
            defaults={"name": name, "board": boards[board], "district": districts[district]},
        )
        org.schools[key] = school
        for role, position in CORE_TEAM[district].items():
            SupportTeamRole.objects.get_or_create(school=school, role=role, defaults={"position": position})
        for grade in range(1, 9):
            for suffix in ("a", "b") if grade in (5, 7) else ("",):
                group_name = f"{grade}{suffix}"
                org.groups[(key, group_name)], _ = SchoolGroup.objects.get_or_create(
                    school=school, school_year=school_year, name=group_name
                )
    start = school_year.starts_on
    for email, full_name, organisation, roles in SCHOOL_ACCOUNTS:
        user = _user(email, full_name, organisation)
        org.users[email] = user
        for school_key, role, groups in roles:
            membership, _ = SchoolMembership.objects.get_or_create(
                user=user, school=org.schools[school_key], role=role, defaults={"valid_from": start}
            )
            if groups:
                membership.groups.add(*[org.groups[(school_key, g)] for g in groups])
    for email, full_name, role, discipline in COMMITTEE_ACCOUNTS:
        user = _user(email, full_name, "SWV De Liemers")
        org.users[email] = user
        CommitteeMembership.objects.get_or_create(
            user=user,
            partnership=partnership,
            role=role,
            defaults={"valid_from": start, "discipline": disciplines.get(discipline) if discipline else None},
        )
    for email, full_name, role in PARTNERSHIP_ACCOUNTS:
        user = _user(email, full_name, "SWV De Liemers")
        org.users[email] = user
        PartnershipRole.objects.get_or_create(
            user=user, partnership=partnership, role=role, defaults={"valid_from": start}
        )
    admin = org.users["beheer@swv.demo"]
    if not admin.is_staff:
        admin.is_staff = True
        admin.save(update_fields=["is_staff"])
    admin.groups.add(_admin_group())
    return org
