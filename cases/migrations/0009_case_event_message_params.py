"""Timeline events store a message code and its params instead of a translated sentence
(issue 12, item 5): an English session used to write English lines that Dutch users then read.

Existing rows are parsed back from their text, in English and in Dutch, into the same message and
params the services write now (cases/casefile/timeline.py and each app's timeline_texts.py). A row
whose text matches none of them keeps it as `params["text"]` under the message "legacy" and is
shown as it is. The texts and labels below are frozen copies of the catalogue entries of this
date, so the migration does not depend on the catalogues or on the app code; the next migration
drops the old `summary` column.
"""

import re
from datetime import datetime

from django.db import migrations, models

CASE_STATUS = {
    "Registered": "registered",
    "Aangemeld": "registered",
    "Active": "active",
    "Actief": "active",
    "Escalated to CLO": "escalated",
    "Opgeschaald naar de CLO": "escalated",
    "Closed": "closed",
    "Afgesloten": "closed",
}
CARE_LEVEL = {
    "Group discussion": "group",
    "Groepsbespreking": "group",
    "Pupil discussion": "pupil",
    "Leerlingbespreking": "pupil",
    "Support team (OT)": "ot",
    "Ondersteuningsteam (OT)": "ot",
    "CLO": "clo",
}
NOTE_KIND = {
    "Contact with parents": "parent_contact",
    "Contact met ouders": "parent_contact",
    "Advice from an OT member": "advice",
    "Advies van een OT-lid": "advice",
    "Consultation": "consultation",
    "Consultatie": "consultation",
    "Other": "other",
    "Anders": "other",
}
INTERVENTION_LEVEL = {
    "Extra support in class": "in_class",
    "Extra ondersteuning in de klas": "in_class",
    "Support for staff": "staff_support",
    "Ondersteuning van de leerkracht": "staff_support",
    "Needs-based diagnostics": "diagnostics",
    "Handelingsgerichte diagnostiek": "diagnostics",
    "Support for parents": "parent_support",
    "Ondersteuning van ouders": "parent_support",
    "Youth care": "youth_care",
    "Jeugdhulp": "youth_care",
}
ACTION_STATUS = {"open": "open", "done": "done", "afgerond": "done", "cancelled": "cancelled", "vervallen": "cancelled"}
ESCALATION = {
    "Prepare a CLO request": "clo_request",
    "CLO-aanvraag voorbereiden": "clo_request",
    "Refer to youth care": "youth_care",
    "Verwijzen naar jeugdhulp": "youth_care",
    "Safe Home report (Veilig Thuis)": "safety",
    "Melding bij Veilig Thuis": "safety",
    "Other": "other",
    "Anders": "other",
}
REQUEST_KIND = {
    "TLV special primary school (SBO)": "tlv_sbo",
    "TLV speciaal basisonderwijs (SBO)": "tlv_sbo",
    "TLV special school (SO)": "tlv_so",
    "TLV speciaal onderwijs (SO)": "tlv_so",
    "Arrangement": "arrangement",
    "Extension or re-assessment of a TLV": "extension",
    "Verlenging of herindicatie van een TLV": "extension",
}
DECISION_OUTCOME = {
    "Granted": "granted",
    "Toegekend": "granted",
    "Granted with another category or period": "granted_other",
    "Toegekend met een andere categorie of looptijd": "granted_other",
    "Rejected": "rejected",
    "Afgewezen": "rejected",
}
OBJECTION_OUTCOME = {
    "Pending": "pending",
    "In behandeling": "pending",
    "Objection upheld: decision revised": "upheld",
    "Bezwaar gegrond: besluit herzien": "upheld",
    "Partly upheld: decision revised": "partly_upheld",
    "Bezwaar deels gegrond: besluit herzien": "partly_upheld",
    "Objection unfounded: decision stands": "rejected",
    "Bezwaar ongegrond: besluit blijft in stand": "rejected",
    "Inadmissible": "inadmissible",
    "Niet-ontvankelijk": "inadmissible",
    "Withdrawn": "withdrawn",
    "Ingetrokken": "withdrawn",
}
CONSENT_ITEM = {
    "discussion by name": "named",
    "bespreking met naam": "named",
    "Orthopedagogue": "orthopedagogue",
    "Orthopedagoog": "orthopedagogue",
    "Youth nurse": "youth_nurse",
    "Jeugdverpleegkundige": "youth_nurse",
    "School social worker": "school_social_worker",
    "Schoolmaatschappelijk werker": "school_social_worker",
    "Social-team worker": "social_team",
    "Medewerker sociaal team": "social_team",
    "Visiting specialist": "visiting_specialist",
    "Ambulant begeleider": "visiting_specialist",
    "Care provider": "care_provider",
    "Hulpverlener": "care_provider",
}


class NoMatch(Exception):
    pass


def text(value):
    return value


def day(value):
    try:
        return datetime.strptime(value, "%d-%m-%Y").date().isoformat()
    except ValueError:
        raise NoMatch from None


def number(value):
    if not value.isdigit():
        raise NoMatch
    return int(value)


def label(mapping):
    def parse(value):
        if value not in mapping:
            raise NoMatch
        return mapping[value]

    return parse


def consent_items(value):
    return [label(CONSENT_ITEM)(part) for part in value.split(", ")]


# (message, constant params, templates in English and Dutch, how each placeholder parses back)
CASE_MESSAGES = [
    ("status_changed", {}, ["Status: %(old)s → %(new)s"], {"old": label(CASE_STATUS), "new": label(CASE_STATUS)}),
    (
        "closed_as_duplicate",
        {},
        [
            "Closed as a duplicate case (one open case per pupil); the one of %(date)s stays open.",
            "Gesloten als dubbele casus (één open casus per leerling); die van %(date)s blijft open.",
        ],
        {"date": day},
    ),
    (
        "care_level_changed",
        {},
        ["Care level: %(old)s → %(new)s", "Zorgniveau: %(old)s → %(new)s"],
        {"old": label(CARE_LEVEL), "new": label(CARE_LEVEL)},
    ),
    (
        "earlier_care_level",
        {},
        ["Earlier care level: %(level)s on %(day)s", "Eerder zorgniveau: %(level)s op %(day)s"],
        {"level": label(CARE_LEVEL), "day": day},
    ),
    ("regie_handed_over", {}, ["Regie handed over to %(name)s", "Regie overgedragen aan %(name)s"], {"name": text}),
    (
        "regie_moved",
        {},
        [
            "Regie moved to %(new)s: %(previous)s no longer has access to this case",
            "Regie overgegaan naar %(new)s: %(previous)s heeft geen toegang meer tot deze casus",
        ],
        {"new": text, "previous": text},
    ),
    ("note_added", {}, ["Consultation: %(kind)s", "Consultatie: %(kind)s"], {"kind": label(NOTE_KIND)}),
    (
        "intervention_started",
        {},
        ["Intervention started: %(level)s", "Interventie gestart: %(level)s"],
        {"level": label(INTERVENTION_LEVEL)},
    ),
    (
        "intervention_evaluated",
        {},
        ["Intervention evaluated: %(level)s", "Interventie geëvalueerd: %(level)s"],
        {"level": label(INTERVENTION_LEVEL)},
    ),
    (
        "evaluation_planned",
        {},
        ["Next evaluation planned on %(date)s", "Volgende evaluatie gepland op %(date)s"],
        {"date": day},
    ),
    ("document_added", {}, ["Document added", "Document toegevoegd"], {}),
    ("intake_registered", {}, ["Registered for the OT (intake)", "Aangemeld bij het OT (zorgformulier)"], {}),
    ("growth_document_updated", {}, ["Growth document updated", "Groeidocument bijgewerkt"], {}),
    (
        "action_agreed",
        {},
        ["Action agreed for %(owner)s, due %(due)s", "Actie afgesproken voor %(owner)s, uiterlijk %(due)s"],
        {"owner": text, "due": day},
    ),
    ("action_status", {}, ["Action %(status)s", "Actie %(status)s"], {"status": label(ACTION_STATUS)}),
    ("action_changed", {}, ["Action changed: description", "Actie gewijzigd: omschrijving"], {}),
    (
        "action_changed",
        {},
        [
            "Action changed: due date %(due)s, owner %(owner)s",
            "Actie gewijzigd: uiterlijk klaar op %(due)s, eigenaar %(owner)s",
        ],
        {"due": day, "owner": text},
    ),
    (
        "action_changed",
        {},
        ["Action changed: due date %(due)s", "Actie gewijzigd: uiterlijk klaar op %(due)s"],
        {"due": day},
    ),
    ("action_changed", {}, ["Action changed: owner %(owner)s", "Actie gewijzigd: eigenaar %(owner)s"], {"owner": text}),
    (
        "action_escalated",
        {},
        [
            "Overdue action escalated to the case lead and the IB",
            "Te late actie geëscaleerd naar de regiehouder en de IB",
        ],
        {},
    ),
    (
        "actions_handed_over",
        {},
        [
            "Open actions handed over from %(leaving)s to %(successor)s",
            "Openstaande acties overgedragen van %(leaving)s aan %(successor)s",
        ],
        {"leaving": text, "successor": text},
    ),
    (
        "consent_changed",
        {},
        [
            "Consent changed (version %(version)s): no longer: %(lost)s",
            "Toestemming gewijzigd (versie %(version)s): niet meer: %(lost)s",
        ],
        {"version": number, "lost": consent_items},
    ),
    (
        "consent_changed",
        {"lost": []},
        ["Consent changed (version %(version)s)", "Toestemming gewijzigd (versie %(version)s)"],
        {"version": number},
    ),
    (
        "agenda_added",
        {"anonymous": True},
        [
            "On the agenda of the OT meeting of %(date)s (anonymously)",
            "Op de agenda van het OT-overleg van %(date)s (anoniem)",
        ],
        {"date": day},
    ),
    (
        "agenda_added",
        {"anonymous": False},
        ["On the agenda of the OT meeting of %(date)s", "Op de agenda van het OT-overleg van %(date)s"],
        {"date": day},
    ),
    (
        "agenda_removed",
        {"anonymous": True, "reason": ""},
        [
            "Removed from the agenda of the OT meeting of %(date)s (anonymously)",
            "Van de agenda gehaald van het OT-overleg van %(date)s (anoniem)",
        ],
        {"date": day},
    ),
    (
        "agenda_removed",
        {"anonymous": False},
        [
            "Removed from the agenda of the OT meeting of %(date)s. Reason: %(reason)s",
            "Van de agenda gehaald van het OT-overleg van %(date)s. Reden: %(reason)s",
        ],
        {"date": day, "reason": text},
    ),
    (
        "agenda_removed",
        {"anonymous": False, "reason": ""},
        ["Removed from the agenda of the OT meeting of %(date)s", "Van de agenda gehaald van het OT-overleg van %(date)s"],
        {"date": day},
    ),
    (
        "minutes_recorded",
        {},
        ["Minutes of the OT meeting of %(date)s recorded", "Verslag van het OT-overleg van %(date)s vastgelegd"],
        {"date": day},
    ),
    (
        "minutes_updated",
        {},
        ["Minutes of the OT meeting of %(date)s updated", "Verslag van het OT-overleg van %(date)s bijgewerkt"],
        {"date": day},
    ),
    (
        "minutes_corrected",
        {},
        ["Correction added to the minutes of %(date)s", "Correctie toegevoegd aan het verslag van %(date)s"],
        {"date": day},
    ),
    (
        "escalation_agreed",
        {},
        ["Escalation agreed in the OT: %(what)s", "Opschaling afgesproken in het OT: %(what)s"],
        {"what": label(ESCALATION)},
    ),
]

# The CLO wrote "<kind of request> (<reference>): <step>".
CLO_STEPS = [
    ("started", ["request started", "aanvraag gestart"], {}),
    ("ready", ["prepared, awaiting the director's confirmation", "voorbereid, wacht op bevestiging door de directeur"], {}),
    ("draft", ["sent back to the IB", "teruggestuurd naar de IB'er"], {}),
    ("submitted", ["submitted to the CLO", "ingediend bij de CLO"], {}),
    ("resubmitted", ["completed and resubmitted", "aangevuld en opnieuw ingediend"], {}),
    (
        "incomplete",
        [
            "incomplete: the CLO asked the school for missing parts (term suspended)",
            "onvolledig: de CLO vraagt de school om ontbrekende onderdelen (termijn opgeschort)",
        ],
        {},
    ),
    ("accepted", ["accepted by the CLO secretary", "in behandeling genomen door de secretaris van de CLO"], {}),
    ("planned", ["planned in a CLO meeting", "gepland in een CLO-vergadering"], {}),
    ("decided", ["decided", "besloten"], {}),
    ("withdrawn", ["withdrawn", "ingetrokken"], {}),
    (
        "expert_asked",
        ["expert asked for advice (%(discipline)s)", "deskundige om advies gevraagd (%(discipline)s)"],
        {"discipline": text},
    ),
    (
        "advice_given",
        ["expert advice given (%(discipline)s)", "deskundigenadvies gegeven (%(discipline)s)"],
        {"discipline": text},
    ),
    (
        "decision",
        ["decision %(number)s: %(outcome)s", "besluit %(number)s: %(outcome)s"],
        {"number": text, "outcome": label(DECISION_OUTCOME)},
    ),
    (
        "objection_received",
        ["objection received against %(number)s", "bezwaar ontvangen tegen %(number)s"],
        {"number": text},
    ),
    (
        "objection_decided",
        ["decision on objection: %(outcome)s", "beslissing op bezwaar: %(outcome)s"],
        {"outcome": label(OBJECTION_OUTCOME)},
    ),
]


def pattern(template):
    escaped = re.escape(template)
    return re.compile("^" + re.sub(r"%\\\(([a-z_]+)\\\)s", r"(?P<\1>.+?)", escaped) + "$", re.DOTALL)


def compile_all(rows):
    return [(name, constant, [pattern(t) for t in templates], parsers) for name, constant, templates, parsers in rows]


COMPILED_CASE = compile_all(CASE_MESSAGES)
COMPILED_CLO_STEPS = compile_all([(step, {}, templates, parsers) for step, templates, parsers in CLO_STEPS])


def match(rows, summary):
    for name, constant, patterns, parsers in rows:
        for regex in patterns:
            found = regex.match(summary)
            if not found:
                continue
            try:
                params = {key: parsers[key](value) for key, value in found.groupdict().items()}
            except NoMatch:
                continue
            return name, {**constant, **params}
    return None


def parse_clo(summary):
    # A kind of request may itself hold brackets ("TLV special school (SO)"): try each label.
    for kind_label, kind in REQUEST_KIND.items():
        if not summary.startswith(kind_label + " ("):
            continue
        reference, separator, rest = summary[len(kind_label) + 2 :].partition("): ")
        step = match(COMPILED_CLO_STEPS, rest) if separator else None
        if step:
            return "clo_request", {"request_kind": kind, "reference": reference, "step": step[0], **step[1]}
    return None


def parse(summary, source_app):
    """(message, params) for a stored sentence, or the legacy fallback."""
    if source_app == "clo" and (found := parse_clo(summary)):
        return found
    return match(COMPILED_CASE, summary) or ("legacy", {"text": summary})


def to_message_and_params(apps, schema_editor):
    CaseEvent = apps.get_model("cases", "CaseEvent")
    db = schema_editor.connection.alias
    batch = []
    for event in CaseEvent.objects.using(db).only("pk", "summary", "source_app").iterator(chunk_size=2000):
        event.message, event.params = parse(event.summary, event.source_app)
        batch.append(event)
        if len(batch) >= 2000:
            CaseEvent.objects.using(db).bulk_update(batch, ["message", "params"])
            batch = []
    if batch:
        CaseEvent.objects.using(db).bulk_update(batch, ["message", "params"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_one_open_case_per_pupil")]

    operations = [
        migrations.AddField(
            model_name="caseevent",
            name="message",
            field=models.CharField(default="legacy", max_length=40),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="caseevent",
            name="params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(to_message_and_params, migrations.RunPython.noop),
    ]
