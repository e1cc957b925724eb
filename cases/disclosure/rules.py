"""Pure rules of the access request (inzageverzoek), AVG art. 12(3) and 15.

- The answer is due one month after receipt; it may be extended once by at most two further
  months, with a reason given to the requester.
- A guardian asks for a pupil under 16 (the legal representative, UAVG art. 5); from 16 the
  pupil asks for themself.
"""

from __future__ import annotations

import calendar
from datetime import date

#: Age from which the pupil exercises their own rights (and a guardian no longer does).
OWN_RIGHTS_AGE = 16
#: Art. 12(3): "by two further months where necessary".
MAX_EXTENSION_MONTHS = 2


def add_months(day: date, months: int) -> date:
    """`day` plus whole months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(received_on: date) -> date:
    return add_months(received_on, 1)


def extended_due_on(due: date, months: int) -> date:
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        raise ValueError("An extension is one or two months.")
    return add_months(due, months)


def pupil_decides(age: int) -> bool:
    return age >= OWN_RIGHTS_AGE
