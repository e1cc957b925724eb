"""Factories for year plans, meetings and agenda items."""

from datetime import time, timedelta

import factory
from django.utils import timezone

from meetings import models as m
from tests.factories.core import SchoolFactory, SchoolYearFactory, UserFactory


class YearPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.YearPlan

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    goals = "Eerder signaleren."
    created_by = factory.SubFactory(UserFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Meeting

    plan = factory.SubFactory(YearPlanFactory)
    school = factory.SelfAttribute("plan.school")
    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    start_time = time(8, 30)
    place = "Teamkamer"
    created_by = factory.SelfAttribute("plan.created_by")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    by_name = True
    question = "Hoe verder?"
    added_by = factory.SelfAttribute("meeting.created_by")
