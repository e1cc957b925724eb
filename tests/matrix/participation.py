"""Matrix entries of the parent pages (namespace "parents") and the IB's invitations.

Two participant personas come in through link and code: guardian_a (a guardian with authority of
pupil A) and guardian_b (of pupil B at school B). A participant session is anonymous to every
staff page; staff sessions never reach a parent page (404)."""

from cases import models as m
from cases.consent import rules
from cases.participation import services
from tests.factories.cases import GuardianFactory
from tests.matrix import Entry, each
from tests.world import PARTICIPANT_PERSONAS


def build(w):
    for item in (rules.NAMED, *w.consent_a.disciplines):
        assert item in w.consent_a.asked_items
    # As the factory's consent assumes: pupil A's guardian agreed to every item.
    m.ConsentGuardian.objects.create(
        consent=w.consent_a,
        guardian=w.guardian_a,
        agreed=True,
        answers=dict.fromkeys(w.consent_a.asked_items, rules.YES),
    )
    w.guardian_b = GuardianFactory(pupil=w.pupil_b)
    link = "http://testserver/ouders/uitnodiging/{}/".format
    w.invitation_a = services.invitation_create(
        actor=w.users["ib_a"], pupil=w.pupil_a, guardian=w.guardian_a, asked_items=[rules.NAMED], link_for=link
    ).invitation
    w.invitation_b = services.invitation_create(
        actor=w.users["ib_b"], pupil=w.pupil_b, guardian=w.guardian_b, asked_items=[rules.NAMED], link_for=link
    ).invitation
    w.participant_invitations = {"guardian_a": w.invitation_a, "guardian_b": w.invitation_b}


def pupil_kwargs(w):
    return {"uuid": w.pupil_a.uuid}


def answered_kwargs(w):
    return {"uuid": w.pupil_a.uuid, "request_uuid": w.access_answered_a.uuid}


#: A parent page: only the session of pupil A's guardian; pupil B's guardian 404 (another pupil's
#: UUID), staff 404 (no parent pages in a staff session), without a session the "sign in again" page.
PARENT_PAGE = {"guardian_a": 200, "guardian_b": 404, "anonymous": 403}
STAFF_SEE_PUPIL_A = ["director_a", "teacher_a"]


def _everyone(status: int) -> dict[str, int]:
    """Open to everyone (the link, the sign-in page and its forms show nothing of a child); the
    staff personas get it through `default`."""
    return {"anonymous": status, **dict.fromkeys(PARTICIPANT_PERSONAS, status)}


ENTRIES = {
    "parents:invitation_open": Entry(
        expect=_everyone(302), default=302, kwargs=lambda w: {"token": "not-a-real-token"}, logs_access=False
    ),
    "parents:sign_in": Entry(expect=_everyone(200), default=200, logs_access=False),
    "parents:request_code": Entry(expect=_everyone(302), default=302, method="POST", logs_access=False),
    "parents:sign_out": Entry(expect=_everyone(302), default=302, method="POST", logs_access=False),
    "parents:home": Entry(expect=PARENT_PAGE, kwargs=pupil_kwargs),
    "parents:consent": Entry(expect=PARENT_PAGE, kwargs=pupil_kwargs),
    "parents:consent_withdraw": Entry(
        expect=PARENT_PAGE, kwargs=lambda w: {"uuid": w.pupil_a.uuid, "item": "social_team"}
    ),
    "parents:growth_document": Entry(expect=PARENT_PAGE, kwargs=pupil_kwargs),
    "parents:growth_document_pdf": Entry(expect=PARENT_PAGE, kwargs=pupil_kwargs),
    "parents:view": Entry(expect=PARENT_PAGE, kwargs=pupil_kwargs),
    "parents:opp": Entry(expect=PARENT_PAGE, kwargs=pupil_kwargs),
    "parents:meetings": Entry(expect=PARENT_PAGE, kwargs=pupil_kwargs),
    # Right of access: the inzage page, filing a request (pupil A's guardian already has an open
    # one, so it is refused with a message: a redirect either way), and the answer's downloads of
    # the answered request guardian A filed; staff sessions 404 there as on every parent page.
    "parents:access": Entry(expect=PARENT_PAGE, kwargs=pupil_kwargs),
    "parents:access_request": Entry(
        expect={**PARENT_PAGE, "guardian_a": 302}, kwargs=pupil_kwargs, method="POST", logs_access=False
    ),
    "parents:access_pdf": Entry(expect=PARENT_PAGE, kwargs=answered_kwargs),
    "parents:access_zip": Entry(expect=PARENT_PAGE, kwargs=answered_kwargs),
    "cases:invitations": Entry(expect={**each(STAFF_SEE_PUPIL_A, 403), "ib_a": 200}, kwargs=pupil_kwargs),
    "cases:opp_paper": Entry(expect={**each(STAFF_SEE_PUPIL_A, 403), "ib_a": 400}, kwargs=pupil_kwargs, method="POST"),
    "cases:invitation_revoke": Entry(
        expect={**each(STAFF_SEE_PUPIL_A, 403), "ib_a": 302},
        kwargs=lambda w: {"uuid": w.invitation_a.uuid},
        method="POST",
    ),
    "cases:invitation_code": Entry(
        expect={**each(STAFF_SEE_PUPIL_A, 403), "ib_a": 200},
        kwargs=lambda w: {"uuid": w.invitation_a.uuid},
        method="POST",
    ),
}
