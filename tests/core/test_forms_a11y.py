"""Forms that help: one Dutch blank choice everywhere, every error in one pass, an error summary
that links to each field, and errors that the field itself points at (aria-describedby)."""

import re
from datetime import timedelta

from django import forms
from django.test import override_settings
from django.utils import timezone, translation

from cases.growth.services import growth_goal_add
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
        response = client_for(world.users["ib_a"]).post(
            f"/casussen/{world.case_a.uuid}/acties/", {"action-description": ""}
        )
        if response.status_code == 302:
            response = client_for(world.users["ib_a"]).get(response["Location"])
    html = response.content.decode()
    summary = re.search(r"<div[^>]*data-error-summary[^>]*>(.*?)</div>", html, re.S)
    assert summary, "no error summary"
    targets = re.findall(r'href="#([^"]+)"', summary.group(1))
    assert "id_action-description" in targets
    for target in targets:
        assert f'id="{target}"' in html, f"summary links to #{target}, which is not on the page"
    for error_id in re.findall(r'id="([^"]+_error)"', html):
        assert f'aria-describedby="{error_id}' in html or f' {error_id}"' in html, f"nothing points at {error_id}"


def _duplicate_ids(html: str) -> list[str]:
    ids = re.findall(r'\sid="([^"]+)"', html)
    return sorted({i for i in ids if ids.count(i) > 1})


def test_forms_side_by_side_have_their_own_ids(world, client_for):
    """The case page shows the action, intervention, note and document forms at once, and the
    groeidocument one evaluation form per goal: every field id is unique, so every label names its
    own field."""
    ib = world.users["ib_a"]
    for text in ("Vlot lezen", "Rekenen tot 100"):
        growth_goal_add(actor=ib, pupil=world.case_a.pupil, goal=text)
    client = client_for(ib)
    case_html = client.get(f"/casussen/{world.case_a.uuid}/").content.decode()
    assert 'id="id_action-description"' in case_html and 'id="id_intervention-description"' in case_html
    assert _duplicate_ids(case_html) == []
    growth_html = client.get(f"/casussen/leerlingen/{world.case_a.pupil.uuid}/groeidocument/").content.decode()
    assert growth_html.count("-evaluated_on") >= 2
    assert _duplicate_ids(growth_html) == []


def test_a_prefixed_form_is_read_with_its_prefix(world, client_for):
    """The case page posts `action-description`; a post without the prefix is not silently taken."""
    client = client_for(world.users["ib_a"])
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    url = f"/casussen/{world.case_a.uuid}/acties/"
    data = {"description": "Zonder voorvoegsel", "owner": world.users["ib_a"].pk, "due_on": due}
    assert client.post(url, data).status_code == 200
    prefixed = {f"action-{k}": v for k, v in data.items()} | {"action-description": "Met voorvoegsel"}
    assert client.post(url, prefixed).status_code == 302
    assert world.case_a.actions.filter(description="Met voorvoegsel").exists()
    assert not world.case_a.actions.filter(description="Zonder voorvoegsel").exists()
