"""Completeness checklist (volledigheidscheck) per request kind, computed from the request's data.

Which checks apply is configurable per partnership (CompletenessRequirement rows); without rows
for a kind the defaults below apply. Consent for attached reports is a legal rule and always checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from clo.models import Request, RequestKind, ThirdPartyReport


@dataclass(frozen=True)
class Check:
    code: str
    label: StrOrPromise
    test: Callable[..., bool]


@dataclass(frozen=True)
class CheckResult:
    code: str
    label: str
    ok: bool


def _filled(field: str) -> Callable[..., bool]:
    return lambda request, uncovered_reports: bool((getattr(request, field) or "").strip())


CHECKS: dict[str, Check] = {
    c.code: c
    for c in [
        Check("support_needs", _("Support needs described"), _filled("support_needs")),
        Check("opp", _("Development perspective (OPP) present"), _filled("development_perspective")),
        Check("interventions", _("Interventions and their results described"), _filled("interventions")),
        Check(
            "interventions_evaluated",
            _("Interventions evaluated"),
            lambda request, uncovered_reports: request.interventions_evaluated,
        ),
        Check("basic_support", _("Basic support given described"), _filled("basic_support")),
        Check("extra_support", _("Extra support given described"), _filled("extra_support")),
        Check(
            "parents_view",
            _("Parents' view present, with whether they agree"),
            lambda request, uncovered_reports: bool(request.parents_view.strip()) and request.parents_agree is not None,
        ),
        Check(
            "reports_consent",
            _("Consent covers every attached third-party report"),
            lambda request, uncovered_reports: not uncovered_reports,
        ),
    ]
}

ALWAYS = ("reports_consent",)

_TLV = (
    "support_needs",
    "opp",
    "interventions",
    "interventions_evaluated",
    "basic_support",
    "extra_support",
    "parents_view",
)
DEFAULT_CHECKS: dict[str, tuple[str, ...]] = {
    RequestKind.TLV_SBO: _TLV,
    RequestKind.TLV_SO: _TLV,
    RequestKind.ARRANGEMENT: ("support_needs", "interventions", "basic_support", "parents_view"),
    RequestKind.EXTENSION: ("support_needs", "opp", "interventions_evaluated", "parents_view"),
}


def checks_for(kind: str, configured: Iterable[str] | None = None) -> list[Check]:
    """The checks for a kind: the partnership's configuration when it has one, else the defaults."""
    codes = list(configured) if configured else list(DEFAULT_CHECKS.get(kind, ()))
    codes += [code for code in ALWAYS if code not in codes]
    return [CHECKS[code] for code in codes if code in CHECKS]


def evaluate(request: Request, *, checks: list[Check], uncovered_reports: list[ThirdPartyReport]) -> list[CheckResult]:
    return [CheckResult(c.code, str(c.label), bool(c.test(request, uncovered_reports))) for c in checks]
