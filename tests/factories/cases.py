"""Factories for pupils, consent, cases and actions."""

from datetime import date, timedelta

import factory
from django.contrib.auth.models import Permission
from django.utils import timezone

from cases import models as m
from tests.factories.core import SchoolFactory, SchoolGroupFactory, SchoolYearFactory, UserFactory


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Pupil

    school = factory.SubFactory(SchoolFactory)
    pupil_number = factory.Sequence(lambda n: f"{100000 + n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    date_of_birth = date(2016, 5, 17)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Enrolment

    pupil = factory.SubFactory(PupilFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    group = factory.SubFactory(
        SchoolGroupFactory,
        school=factory.SelfAttribute("..pupil.school"),
        school_year=factory.SelfAttribute("..school_year"),
    )


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Guardian

    pupil = factory.SubFactory(PupilFactory)
    name = factory.Faker("name", locale="nl_NL")
    relation = "moeder"
    email = factory.Sequence(lambda n: f"ouder{n}@example.nl")
    has_authority = True


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Consent

    pupil = factory.SubFactory(PupilFactory)
    given_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    method = m.ConsentMethod.SIGNED_FORM
    recorded_by = factory.SubFactory(UserFactory)
    discuss_in_ot = True
    disciplines = factory.LazyFunction(lambda: ["orthopedagogue", "social_team"])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """A current version whose asked scope is in force (as if every holder agreed); it
        supersedes the pupil's previous current version, as consent_change would."""
        from cases.consent import rules

        pupil = kwargs["pupil"]
        previous = model_class.objects.filter(pupil=pupil, is_current=True).first()
        if previous is not None:
            model_class.objects.filter(pk=previous.pk).update(is_current=False, superseded_at=timezone.now())
        last = model_class.objects.filter(pupil=pupil).order_by("-version").values_list("version", flat=True).first()
        kwargs.setdefault("version", (last or 0) + 1)
        kwargs.setdefault("is_current", True)
        kwargs.setdefault("supersedes", previous)
        kwargs.setdefault("named_in_force", kwargs.get("discuss_in_ot", True))
        kwargs.setdefault("shared_with", sorted(kwargs.get("disciplines", [])))
        asked = ([rules.NAMED] if kwargs.get("discuss_in_ot", True) else []) + list(kwargs.get("disciplines", []))
        kwargs.setdefault("item_status", dict.fromkeys(asked, rules.IN_FORCE))
        kwargs.setdefault("age_band", rules.age_band(pupil.age_on()))
        return super()._create(model_class, *args, **kwargs)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Case

    pupil = factory.SubFactory(PupilFactory)
    school = factory.SelfAttribute("pupil.school")
    status = m.CaseStatus.ACTIVE

    class Params:
        closed = factory.Trait(
            status=m.CaseStatus.CLOSED,
            closed_on=factory.LazyFunction(timezone.localdate),
            outcome=m.CaseOutcome.RESOLVED,
        )


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Action

    case = factory.SubFactory(CaseFactory)
    description = factory.Sequence(lambda n: f"Actie {n}")
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    created_by = factory.SelfAttribute("owner")

    class Params:
        overdue = factory.Trait(due_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3)))


def grant_case(*, case, user, consent=None, granted_by=None, expires_at=None) -> m.CaseGrant:
    """Test shortcut for a grant as the consent service would create it."""
    permission = Permission.objects.get(codename="access_granted_case", content_type__app_label="cases")
    return m.CaseGrant.objects.create(
        content_object=case,
        user=user,
        permission=permission,
        consent=consent,
        granted_by=granted_by,
        reason="consent",
        expires_at=expires_at,
    )
