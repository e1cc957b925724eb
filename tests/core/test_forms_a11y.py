"""Forms that help: one Dutch blank choice everywhere, every error in one pass, an error summary
that links to each field, and errors that the field itself points at (aria-describedby)."""

import re

from django import forms
from django.test import override_settings
from django.utils import translation

from ot_portal.core.forms import RequiredOnSubmitMixin
from ot_portal.core.models import School, SchoolMembership


def test_blank_choice_is_dutch_for_model_choice_and_choices_fields(db):
    with translation.override("nl"):
        assert str(forms.ModelChoiceField(queryset=School.objects.none()).empty_label) == "— Kies —"
        role = SchoolMembership._meta.get_field("role").formfield()
        assert [str(label) for value, label in role.choices if value == ""] == ["— Kies —"]


def test_case_page_shows_no_django_blank_choice(world, client_for):
    with override_settings(LANGUAGE_CODE="nl"):
        html = client_for(world.users["ib_a"]).get(f"/casussen/{world.case_a.uuid}/").content.decode()
    assert "— Kies —" in html
    assert "- Select an option -" not in html and "---------" not in html and "- Kies een optie -" not in html


class DraftForm(RequiredOnSubmitMixin, forms.Form):
    title = forms.CharField(max_length=5)
    reason = forms.CharField(required=False)
    areas = forms.MultipleChoiceField(choices=[("a", "A")], required=False)


def test_required_on_submit_errors_come_with_the_forms_own_errors():
    form = DraftForm(data={"title": "far too long"}, required_on_submit=["reason", "areas", "unknown"])
    assert not form.is_valid()
    assert set(form.errors) == {"title", "reason", "areas"}
    assert form.fields["reason"].widget.attrs["aria-required"] == "true"


def test_a_draft_needs_only_the_forms_own_fields():
    assert DraftForm(data={"title": "kort"}).is_valid()


def test_error_summary_links_every_error_and_fields_point_at_their_errors(world, client_for):
    with override_settings(LANGUAGE_CODE="nl"):
        response = client_for(world.users["ib_a"]).post(f"/casussen/{world.case_a.uuid}/acties/", {"description": ""})
        if response.status_code == 302:
            response = client_for(world.users["ib_a"]).get(response["Location"])
    html = response.content.decode()
    summary = re.search(r"<div[^>]*data-error-summary[^>]*>(.*?)</div>", html, re.S)
    assert summary, "no error summary"
    targets = re.findall(r'href="#([^"]+)"', summary.group(1))
    assert "id_description" in targets or any(t.endswith("description") for t in targets)
    for target in targets:
        assert f'id="{target}"' in html, f"summary links to #{target}, which is not on the page"
    for error_id in re.findall(r'id="([^"]+_error)"', html):
        assert f'aria-describedby="{error_id}' in html or f' {error_id}"' in html, f"nothing points at {error_id}"
