import datetime as dt

import factory
from django.utils import timezone

from networks.models import Actor, Link, Membership, Network
from workshops.models import (
    Article,
    Registration,
    RegistrationSettings,
    Section,
    Session,
    SessionSpeaker,
    Speaker,
    Term,
    Topic,
    Workshop,
)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.Sequence(lambda n: f"tema-{n}")


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Laboratorio sulle reti {n}")
    slug = factory.Sequence(lambda n: f"laboratorio-{n}")
    is_published = True


def _local(moment):
    return timezone.localtime(moment)


def days_ahead_at(days, hour=10):
    """That many days from today, at that hour of Milan's clock.

    A default a fixed number of hours from now would cross midnight for a test run late in
    the evening: its session would then span two days, and a test that moves its day fails.
    """
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    workshop = factory.SubFactory(WorkshopFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Giornata di coprogettazione {n}")
    slug = factory.Sequence(lambda n: f"giornata-{n}")
    venue = "ANCI Lombardia"
    is_published = True
    date = factory.LazyAttribute(
        lambda o: _local(o.starts_at).date() if o.starts_at and o.has_date else None
    )
    start_time = factory.LazyAttribute(
        lambda o: _local(o.starts_at).time() if o.date and o.has_time else None
    )
    end_date = factory.LazyAttribute(
        lambda o: (
            _local(o.ends_at).date()
            if o.start_time and o.ends_at and _local(o.ends_at).date() != o.date
            else None
        )
    )
    end_time = factory.LazyAttribute(
        lambda o: _local(o.ends_at).time() if o.start_time and o.ends_at else None
    )

    class Params:
        # The moments a test thinks in; the model stores the day and the times apart.
        starts_at = factory.LazyFunction(lambda: days_ahead_at(7))
        ends_at = factory.LazyAttribute(
            lambda o: o.starts_at + dt.timedelta(hours=3) if o.starts_at else None
        )
        has_date = True
        has_time = True
        # «Orario da definire»: the day is known, the time is not.
        untimed = factory.Trait(has_time=False)
        # «Data da definire»: nothing about when is known.
        undated = factory.Trait(has_date=False)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        session = super()._build(model_class, *args, **kwargs)
        session.derive_schedule()
        return session


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    honorific = Speaker.Honorific.DOTTSSA
    first_name = factory.Sequence(lambda n: f"Anna{n}")
    last_name = factory.Sequence(lambda n: f"Rossi{n}")
    slug = factory.Sequence(lambda n: f"anna-rossi-{n}")
    organisation = "Cooperativa sociale"
    is_published = True


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSpeaker

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(SpeakerFactory)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Sezione {n}")
    slug = factory.Sequence(lambda n: f"sezione-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Resoconto della giornata {n}")
    slug = factory.Sequence(lambda n: f"resoconto-{n}")
    byline = "Federica Parenti"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    summary = "Una sintesi del resoconto."
    body = "<p>Il testo del resoconto.</p>"
    # The section a migration creates: reports, as every article was before sections.
    section = factory.SubFactory(
        SectionFactory, slug="resoconto", name="Resoconto", kicker="Laboratori Lab'Impact"
    )

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
        )

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def sessions(self, create, extracted, **kwargs):
        if create and extracted:
            self.sessions.add(*extracted)

    @factory.post_generation
    def session(self, create, extracted, **kwargs):
        """``session=`` as when an article had one: a report of that session."""
        if create and extracted:
            self.sessions.add(extracted)

    @factory.post_generation
    def workshops(self, create, extracted, **kwargs):
        if create and extracted:
            self.workshops.add(*extracted)

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        if create and extracted:
            self.speakers.set(extracted)


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Cooperativa Insieme {n}")
    slug = factory.Sequence(lambda n: f"cooperativa-insieme-{n}")
    kind = Actor.Kind.THIRD_SECTOR
    municipality = "Lodi"
    province = "LO"
    is_published = True


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Rete territoriale {n}")
    slug = factory.Sequence(lambda n: f"rete-territoriale-{n}")
    territory = "Ambito di Lodi"
    is_published = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    actor = factory.SubFactory(ActorFactory)


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Link

    source = factory.SubFactory(ActorFactory)
    target = factory.SubFactory(ActorFactory)
    kind = Link.Kind.PARTNERSHIP
    since = dt.date(2019, 1, 1)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    term = factory.Sequence(lambda n: f"Voce {n}")
    slug = factory.Sequence(lambda n: f"voce-{n}")
    definition = "Una parola dei laboratori, spiegata."
    is_published = True

    class Params:
        acronym = factory.Trait(kind=Term.Kind.ACRONYM, expansion="Forma per esteso")


class RegistrationSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationSettings

    session = factory.SubFactory(SessionFactory)
    capacity = 40


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration whose address is confirmed and which holds a place."""

    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    name = factory.Sequence(lambda n: f"Partecipante Numero{n}")
    email = factory.Sequence(lambda n: f"partecipante{n}@example.org")
    organisation = factory.Sequence(lambda n: f"Cooperativa {n}")
    has_consented = True
    state = Registration.State.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
