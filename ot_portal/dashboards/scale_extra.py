"""Scale data for the meetings and clo apps, added by seed_scale once those apps are merged.

Each part checks that the models it needs exist and skips itself otherwise, so seed_scale runs
at every stage of the integration.
"""

from __future__ import annotations


def seed_domain_extras(*, org, rng, schools, staff, cases, years, counts, today, model_or_none) -> list[str]:
    """Returns a line per part that was added or skipped."""
    done: list[str] = []
    if model_or_none("meetings", "Meeting") is None:
        done.append("meetings: app not merged yet, skipped")
    if model_or_none("clo", "Request") is None and model_or_none("clo", "CloRequest") is None:
        done.append("CLO requests: app not merged yet, skipped")
    return done
