"""Factories for the organisation model."""

from datetime import timedelta

import factory
from django.utils import timezone

from ot_portal.core import models as m


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Partnership
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    name = "SWV Test"
    code = factory.Sequence(lambda n: f"PO {n:02d}-01")
    settings = factory.RelatedFactory("tests.factories.core.PartnershipSettingsFactory", "partnership")


class PartnershipSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.PartnershipSettings

    partnership = factory.SubFactory(PartnershipFactory)


class DisciplineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ExpertDiscipline

    partnership = factory.SubFactory(PartnershipFactory)
    code = factory.Sequence(lambda n: f"disc-{n}")
    name = factory.Sequence(lambda n: f"Discipline {n}")
    is_primary = False


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Board

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Stichting {n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.District

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Wijk {n}")
    municipality = "Teststad"


def _brin(n: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return f"{n % 100:02d}{letters[(n // 100) % 26]}{letters[(n // 2600) % 26]}"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.School

    board = factory.SubFactory(BoardFactory)
    district = factory.SubFactory(DistrictFactory, partnership=factory.SelfAttribute("..board.partnership"))
    name = factory.Sequence(lambda n: f"School {n}")
    brin = factory.Sequence(_brin)
    location_number = "00"


class SchoolYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SchoolYear
        django_get_or_create = ("start_year",)

    start_year = factory.LazyFunction(lambda: m.SchoolYear.start_year_for(timezone.localdate()))


class SchoolGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SchoolGroup
        django_get_or_create = ("school", "school_year", "name")

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    name = "5a"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.nl")
    full_name = factory.Faker("name", locale="nl_NL")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "correct-horse-battery")
        if create:
            self.save(update_fields=["password"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SchoolMembership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = m.Role.IB
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))

    class Params:
        ended = factory.Trait(valid_until=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1)))


class CommitteeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.CommitteeMembership

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = m.CommitteeRole.CHAIR
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


class PartnershipRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.PartnershipRole

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = m.PartnershipRoleKind.STAFF
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
