"""Control characters in a query string are a 400 with a Dutch page; in a form field they are a
form error at the field, with what was typed kept. Never a 500."""

import pytest
from django import forms

from ot_portal.core.input import has_control_characters


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "status=%01", "q=ok&page=%7F", "%00=1"])
def test_control_characters_in_a_query_are_a_dutch_400(org, client_for, query):
    client = client_for(org.users["ib_a"])
    for path in ("/casussen/", "/casussen/leerlingen/", "/clo/", "/"):
        response = client.get(f"{path}?{query}", HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code == 400, path
        assert "kan niet worden gelezen" in response.content.decode()


@pytest.mark.django_db
def test_ordinary_search_text_still_works(org, client_for):
    response = client_for(org.users["ib_a"]).get("/casussen/?q=%C3%A9lise%20d%27Arc")
    assert response.status_code == 200


def test_every_text_form_field_refuses_control_characters_and_keeps_the_text():
    class Note(forms.Form):
        text = forms.CharField(widget=forms.Textarea)
        title = forms.CharField()

    form = Note(data={"text": "regel 1\nregel 2\tmet tab", "title": "Titel\x00met NUL"})
    assert not form.is_valid()
    assert list(form.errors) == ["title"]
    assert "control" in form.errors["title"][0] or "stuurtekens" in form.errors["title"][0]
    assert 'value="Titel' in str(form["title"])  # what was typed is shown again


def test_tab_newline_and_accents_are_not_control_characters():
    assert not has_control_characters("Zoë\tvan 't Hof\r\n")
    assert has_control_characters("a\x00") and has_control_characters("\x1b[31m") and has_control_characters("\x85")
