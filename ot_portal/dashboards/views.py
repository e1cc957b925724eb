"""Dashboard pages, their PDF and their CSV: thin views over one builder per dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ot_portal.core import audit
from ot_portal.core.audit import ObjectType
from ot_portal.core.pdf import pdf_response, render_to_pdf
from ot_portal.core.spreadsheet import SafeCsvWriter
from ot_portal.dashboards.clo import clo_dashboard
from ot_portal.dashboards.director import director_dashboard
from ot_portal.dashboards.partnership import partnership_dashboard
from ot_portal.dashboards.worklist import ib_worklist

BUILDERS = {
    "director": director_dashboard,
    "worklist": ib_worklist,
    "clo": clo_dashboard,
    "partnership": partnership_dashboard,
}


def _build(request, kind: str):
    return BUILDERS[kind](request)


def page(kind: str):
    @require_GET
    @login_required
    def view(request):
        dash = _build(request, kind)
        audit.log_pupils_shown(request, object_type=ObjectType.dashboard(kind), pupil_keys=dash.pupil_keys())
        return render(request, "dashboards/dashboard.html", {"dash": dash})

    view.__name__ = f"{kind}_page"
    return view


def pdf(kind: str):
    @require_GET
    @login_required
    def view(request):
        dash = _build(request, kind)
        _html, data = render_to_pdf("dashboards/pdf/dashboard.html", {"dash": dash}, request=request)
        audit.log_access(request, object_type=ObjectType.dashboard(kind), action="export")
        return pdf_response(data, f"dashboard-{kind}.pdf")

    view.__name__ = f"{kind}_pdf"
    return view


def csv_export(kind: str):
    @require_GET
    @login_required
    def view(request):
        dash = _build(request, kind)
        wanted = request.GET.get("table", "")
        tables = dash.tables
        if wanted:
            table = dash.table(wanted)
            if table is None:
                raise Http404
            tables = [table]
        writer = SafeCsvWriter()
        for i, table in enumerate(tables):
            if i:
                writer.writerow([])
            writer.writerow([table.title])
            writer.writerows(table.csv_rows())
        audit.log_access(request, object_type=ObjectType.dashboard(kind), action="export")
        suffix = f"-{wanted}" if wanted else ""
        return writer.response(f"dashboard-{kind}{suffix}.csv")

    view.__name__ = f"{kind}_csv"
    return view
