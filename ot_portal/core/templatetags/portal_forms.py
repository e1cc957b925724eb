"""`{{ form|bootstrap_form }}`: a form laid out as crispy-bootstrap5's `{{ form|crispy }}` lays it
out (the same wrappers, ids, labels, required markers, classes, help texts, error ids and the
project's error summary), through one flat template instead of crispy's template per field.

The case page shows seven forms; crispy's per-field template machinery was about a quarter of the
page's time. The widget classes are added the way crispy's `crispy_field` adds them (the widget's
own class, its lowercased class name, then the Bootstrap class), so Django's widget templates render
the same attributes in the same order. A form with a widget this template does not lay out (radio
buttons, checkbox lists, multi-widgets) is handed to crispy whole."""

from __future__ import annotations

from dataclasses import dataclass

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms, template
from django.forms import BoundField
from django.template.loader import get_template
from django.utils.safestring import SafeString

register = template.Library()


@dataclass(frozen=True, slots=True)
class _Field:
    """One visible field as the template needs it."""

    bound: BoundField
    kind: str  # "hidden", "checkbox", "file" or "control"
    widget: SafeString | None  # the rendered widget (None for a file input: the template writes it)
    file: dict[str, object] | None = None  # a file input's type, name and attributes besides its class


def _add_classes(widget: forms.Widget, bootstrap: str) -> None:
    """crispy's `crispy_field`: the widget's class, plus its lowercased class name, plus `bootstrap`."""
    class_name = widget.__class__.__name__.lower()
    css = widget.attrs.get("class", "")
    if css:
        if class_name not in css:
            css += f" {class_name}"
    else:
        css = class_name
    for token in bootstrap.split():
        if token not in css.split():
            css += f" {token}"
    widget.attrs["class"] = css


def _field(bound: BoundField) -> _Field:
    widget = bound.field.widget
    if bound.is_hidden:
        return _Field(bound, "hidden", SafeString(bound))
    invalid = " is-invalid" if bound.errors else ""
    if isinstance(widget, forms.CheckboxInput):
        _add_classes(widget, "form-check-input" + invalid)
        return _Field(bound, "checkbox", SafeString(bound))
    if isinstance(widget, forms.FileInput):
        # crispy-bootstrap5's field_file.html writes the input itself from the widget's context.
        data = bound.subwidgets[0].data
        attrs = [(name, value) for name, value in data["attrs"].items() if value is not False and name != "class"]
        return _Field(bound, "file", None, {"type": data["type"], "name": data["name"], "attrs": attrs})
    _add_classes(widget, ("form-select" if isinstance(widget, forms.Select) else "form-control") + invalid)
    return _Field(bound, "control", SafeString(bound))


#: Widgets crispy-bootstrap5 lays out with templates of their own (radio_checkbox_select.html, ...).
_CRISPY_ONLY = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.MultiWidget)


@register.filter
def bootstrap_form(form: forms.BaseForm) -> SafeString:
    if any(isinstance(field.widget, _CRISPY_ONLY) for field in form.fields.values()):
        return SafeString(as_crispy_form(form))
    fields = [_field(bound) for bound in form]
    return SafeString(get_template("forms/bootstrap_form.html").render({"form": form, "fields": fields}))
