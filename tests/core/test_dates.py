"""One rule for plausible dates: year 0001 or 9999 is refused on every date field with a Dutch
message at the field, whichever form it comes from."""

from datetime import date, timedelta

import pytest
from django import forms
from django.utils import timezone, translation

from cases.casefile.forms import CaseNoteForm, InterventionEvaluationForm
from cases.growth.forms import GoalEvaluationForm, GrowthGoalForm
from cases.pupils.forms import PupilForm
from ot_portal.core.dates import EARLIEST, latest_plausible, plausible_date

IMPOSSIBLE = ["0001-01-01", "1899-12-31", "9999-12-31"]


def date_errors(form_class, field, value, **kwargs):
    # Forms shown beside others on one page carry a prefix; post under the name the page uses.
    name = form_class(**kwargs).add_prefix(field)
    form = form_class(data={name: value}, **kwargs)
    form.is_valid()
    return form.errors.get(field, [])


@pytest.mark.parametrize("value", IMPOSSIBLE)
@pytest.mark.parametrize(
    ("form_class", "field"),
    [
        (CaseNoteForm, "occurred_on"),  # consultation
        (GrowthGoalForm, "evaluate_on"),  # goal
        (GoalEvaluationForm, "evaluated_on"),  # evaluation
        (InterventionEvaluationForm, "evaluated_on"),
    ],
)
def test_impossible_dates_are_refused_at_the_field(form_class, field, value):
    assert form_class.base_fields[field], field
    with translation.override("nl"):
        errors = date_errors(form_class, field, value)
    assert errors, f"{form_class.__name__}.{field} accepted {value}"
    assert any("te ver" in e or "toekomst" in e for e in errors), errors


@pytest.mark.django_db
@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_impossible_birth_date_via_the_pupil_form(org, value):
    with translation.override("nl"):
        errors = date_errors(PupilForm, "date_of_birth", value, school=org.school_a)
    assert any("te ver" in e for e in errors), errors


def test_every_date_field_has_the_rule():
    class Any(forms.Form):
        on = forms.DateField()

    form = Any(data={"on": "9999-01-01"})
    assert not form.is_valid() and "on" in form.errors
    assert Any(data={"on": timezone.localdate().isoformat()}).is_valid()


def test_bounds():
    plausible_date(EARLIEST)
    plausible_date(latest_plausible())
    with pytest.raises(forms.ValidationError):
        plausible_date(EARLIEST - timedelta(days=1))
    with pytest.raises(forms.ValidationError):
        plausible_date(latest_plausible() + timedelta(days=1))
    assert latest_plausible(date(2028, 2, 29)) == date(2033, 2, 28)


def test_the_date_picker_carries_the_bounds():
    html = str(CaseNoteForm()["occurred_on"])
    assert f'min="{EARLIEST.isoformat()}"' in html and f'max="{latest_plausible().isoformat()}"' in html
