"""`{{ form|bootstrap_form }}` writes the markup crispy-bootstrap5's `{{ form|crispy }}` writes (the
case page's forms moved from one to the other for speed; tests and assistive technology read ids,
labels, required markers, aria-describedby and error ids)."""

import re

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template

from cases.casefile.forms import AttachmentForm, CareLevelForm, CaseNoteForm, InterventionForm

CRISPY = Template("{% load crispy_forms_tags %}{{ form|crispy }}")
OURS = Template("{% load portal_forms %}{{ form|bootstrap_form }}")


def _normalised(html: str) -> str:
    return re.sub(r"\s*(<|>)\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


FORMS = {
    "note, empty": lambda: CaseNoteForm(),
    "note, errors, a checked box, help text": lambda: CaseNoteForm({"note-kind": "zz", "note-author_only": "on"}),
    "intervention, empty": lambda: InterventionForm(),
    "intervention, errors": lambda: InterventionForm({"intervention-starts_on": "2026-13-01"}),
    "care level": lambda: CareLevelForm(initial={"care_level": "ot"}),
    "attachment, empty": lambda: AttachmentForm(),
    "attachment, missing file": lambda: AttachmentForm({}, {}),
    "attachment, refused file": lambda: AttachmentForm(
        {"attachment-description": "x"}, {"attachment-file": SimpleUploadedFile("a.exe", b"MZ")}
    ),
}


@pytest.mark.parametrize("make", FORMS.values(), ids=FORMS.keys())
def test_same_markup_as_crispy(make):
    crispy_form, our_form = make(), make()
    expected = _normalised(CRISPY.render(Context({"form": crispy_form})))
    assert _normalised(OURS.render(Context({"form": our_form}))) == expected


def test_errors_are_linked_and_described():
    html = OURS.render(Context({"form": CaseNoteForm({"note-kind": "consultation"})}))
    assert "data-error-summary" in html
    assert 'href="#id_note-text"' in html
    assert 'aria-describedby="id_note-text_error"' in html
    assert 'id="id_note-text_error" class="invalid-feedback"' in html
    assert 'class="form-label requiredField">Notitie<span class="asteriskField">*</span>' in _normalised(html)


def test_radio_buttons_are_left_to_crispy():
    class Choice(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)

    expected = _normalised(CRISPY.render(Context({"form": Choice()})))
    assert _normalised(OURS.render(Context({"form": Choice()}))) == expected
    assert 'type="radio"' in expected
