"""The policy table in ot_portal.core.access is the only place that knows what a role may do: changing a row there
changes who votes, who gets mail and who may hold regie, and no other code names a role."""

import ast
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from cases.casefile.selectors import regie_candidates
from clo import selectors as clo_selectors
from clo import services as clo_services
from clo.models import RequestStatus, Vote
from ot_portal.core.access import COMMITTEE_PERMISSIONS, ROLE_PERMISSIONS, Perm
from ot_portal.core.models import CommitteeRole, PartnershipRoleKind, Role
from tests.factories.clo import make_request

ROOT = Path(__file__).resolve().parents[2]


def test_who_votes_is_the_policy_table(world, monkeypatch):
    chair, advisor = CommitteeRole.CHAIR, CommitteeRole.ADVISOR
    monkeypatch.setitem(COMMITTEE_PERMISSIONS, advisor, COMMITTEE_PERMISSIONS[advisor] | {Perm.CLO_VOTE})
    monkeypatch.setitem(COMMITTEE_PERMISSIONS, chair, COMMITTEE_PERMISSIONS[chair] - {Perm.CLO_VOTE})
    r = make_request(world, status=RequestStatus.PLANNED)

    clo_services.vote_cast(actor=world.users["clo_advisor"], meeting=r.meeting, request=r, choice="in_favour")
    with pytest.raises(PermissionDenied):
        clo_services.vote_cast(actor=world.users["clo_chair"], meeting=r.meeting, request=r, choice="against")

    assert list(Vote.objects.filter(request=r).values_list("member__role", flat=True)) == [advisor]
    badges = {m.role: m.votes for m in clo_selectors.committee_members(partnership=world.partnership)}
    assert badges[advisor] is True and badges[chair] is False and badges[CommitteeRole.SECRETARY] is True


def test_the_clo_mails_the_roles_the_policy_table_names(
    world, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.DIRECTOR, ROLE_PERMISSIONS[Role.DIRECTOR] - {Perm.REQUEST_NOTICES})
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.TEACHER, ROLE_PERMISSIONS[Role.TEACHER] | {Perm.REQUEST_NOTICES})
    r = make_request(world)
    with django_capture_on_commit_callbacks(execute=True):
        clo_services.request_transition(
            actor=world.users["clo_secretary"], request=r, to_status=RequestStatus.INCOMPLETE, missing_items=["OPP"]
        )
    assert set(mailoutbox[0].to) == {"ib_a@example.nl", "teacher_a@example.nl", "teacher_a_other@example.nl"}


def test_who_may_hold_regie_is_the_policy_table(world, monkeypatch):
    before = set(regie_candidates(case=world.case_a))
    assert world.users["ib_a"] in before and world.users["teacher_a"] not in before
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.TEACHER, ROLE_PERMISSIONS[Role.TEACHER] | {Perm.CASE_REGIE})
    after = set(regie_candidates(case=world.case_a))
    assert after - before == {world.users["teacher_a"], world.users["teacher_a_other"]}


# --- No role names outside the table ------------------------------------------------------------------------------

ROLE_ENUMS = {"Role", "CommitteeRole", "PartnershipRoleKind"}
ROLE_VALUES = {str(v) for enum in (Role, CommitteeRole, PartnershipRoleKind) for v in enum.values}
#: Files that may name roles, and why. Demo, seed and scale data name the roles they create.
ALLOWED = {
    "ot_portal/core/access.py": "the policy table itself",
    "ot_portal/core/models.py": "defines the roles; an expert seat needs a discipline (data validation)",
    "ot_portal/core/staff_import.py": "maps the CSV's role names to roles",
    "cases/consent/models.py": "labels of the disciplines a consent covers",
    "cases/participation/texts.py": "what the parent pages explain per discipline (texts, like consent's labels)",
    "cases/casefile/regie.py": "regie falls back to the IB, else the director (the IB runs the cases)",
}
DATA_FILES = re.compile(r"(^|/)(demo\.py|seed_\w+\.py|scale\w*\.py|bench\.py)$|^ot_portal/demo/|/migrations/")


def _project_files(suffix: str):
    for package in ("ot_portal", "cases", "meetings", "clo"):
        for path in sorted((ROOT / package).rglob(f"*{suffix}")):
            relative = path.relative_to(ROOT).as_posix()
            if relative not in ALLOWED and not DATA_FILES.search(relative):
                yield relative, path.read_text()


def _role_branches(source: str):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ROLE_ENUMS:
            yield node.lineno, f"{node.value.id}.{node.attr}"
        elif isinstance(node, ast.keyword) and node.arg and "role" in node.arg.split("__"):
            for const in ast.walk(node.value):
                if isinstance(const, ast.Constant) and const.value in ROLE_VALUES:
                    yield node.value.lineno, f"{node.arg}={const.value!r}"
        elif isinstance(node, ast.Compare):
            for const in ast.walk(node):
                if isinstance(const, ast.Constant) and const.value in ROLE_VALUES:
                    yield node.lineno, f"comparison with {const.value!r}"


def test_no_python_outside_the_policy_table_names_a_role():
    found = [
        f"{name}:{line}: {what}" for name, source in _project_files(".py") for line, what in _role_branches(source)
    ]
    assert not found, "Ask ot_portal.core.access for a permission instead:\n" + "\n".join(found)


#: Template lines that may compare a role, and why (display only, never a decision).
TEMPLATE_ALLOWED = {
    ("ot_portal/web/templates/web/home.html", 'c.role == "expert"'): "shows an expert seat's discipline",
}
TEMPLATE_ROLE_TEST = re.compile(r"""\w+\.role\s*(?:==|!=|\bin\b)\s*["']?\w*["']?""")


def test_no_template_decides_on_a_role():
    found = []
    for name, source in _project_files(".html"):
        for match in TEMPLATE_ROLE_TEST.finditer(source):
            if (name, match.group(0)) not in TEMPLATE_ALLOWED:
                found.append(f"{name}: {match.group(0)}")
    assert not found, "Pass the template a permission (or an annotation such as `votes`) instead:\n" + "\n".join(found)
