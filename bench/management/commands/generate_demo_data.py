"""Clearly fake, reproducible demo data on top of the real concept, for load tests.

At --scale 1 about one city's worth: 300 offers, 200 measures, 150 organisations and 5,000
indicator observations; everything grows linearly with the scale. Every fake record carries
"(Demo)" in its name and a slug starting with "demo-", so it can never be mistaken for a real
institution; no contact data is generated. Running it again replaces the previous demo data.
"""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from gladbeck.cache import bump_content_version
from gladbeck.models import District, Organisation, OrganisationKind, TargetGroup
from gladbeck.open_data_ids import fill_ids
from gladbeck.publishing import Publication
from measures.models import (
    ActionField,
    Challenge,
    Level,
    Measure,
    MeasureStep,
    ProgressEntry,
    Role,
    Stakeholder,
    Status,
)
from monitoring.models import Indicator, Observation
from offers.models import Category, Cost, Language, Offer

PER_SCALE = {"offers": 300, "measures": 200, "organisations": 150, "observations": 5000}
DATES_PER_INDICATOR = 25
WORDS = [
    "Sprachcafé",
    "Elterntreff",
    "Nachbarschaftsfest",
    "Lernhilfe",
    "Beratung",
    "Frauenfrühstück",
    "Jugendtreff",
    "Kochabend",
    "Fußballgruppe",
    "Nähwerkstatt",
    "Bewerbungstraining",
    "Hausaufgabenhilfe",
    "Stadtteilspaziergang",
    "Computerkurs",
    "Mütterkurs",
    "Integrationslotsen",
]
BATCH = 2000


def demo(queryset):
    return queryset.filter(slug__startswith="demo-")


class Command(BaseCommand):
    help = "Erzeugt erkennbar fiktive Demo-Daten (Maßstab --scale N) für Last- und Leistungstests."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = etwa eine Stadt.")
        parser.add_argument("--seed", type=int, default=2018)

    def handle(self, *args, scale, seed, **options):
        if scale <= 0 or scale > 200:
            raise CommandError("--scale muss größer als 0 und höchstens 200 sein.")
        if not ActionField.objects.exists():
            raise CommandError("Erst das Konzept laden: python manage.py load_concept")
        rng = random.Random(seed)
        counts = {name: max(1, round(n * scale)) for name, n in PER_SCALE.items()}
        with transaction.atomic():
            self.remove_previous()
            organisations = self.organisations(rng, counts["organisations"])
            self.measures(rng, counts["measures"], organisations)
            self.offers(rng, counts["offers"], organisations)
            self.observations(rng, counts["observations"])
        bump_content_version()  # bulk_create sends no signals: cached pages must go
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo-Daten erzeugt: {summary}."))

    def remove_previous(self):
        Observation.objects.filter(indicator__code__startswith="demo-").delete()
        Indicator.objects.filter(code__startswith="demo-").delete()
        demo(Offer.objects).delete()
        demo(Measure.objects).delete()
        demo(Organisation.objects).delete()

    def organisations(self, rng, count):
        kinds = [k for k in OrganisationKind.values if k != OrganisationKind.ADMINISTRATION]
        return Organisation.objects.bulk_create(
            fill_ids(
                Organisation(
                    name=f"Demo-Organisation {i:05d} (Demo)",
                    slug=f"demo-organisation-{i:05d}",
                    kind=rng.choice(kinds),
                    description="Fiktive Organisation für Lasttests.",
                )
                for i in range(1, count + 1)
            )
        )

    def measures(self, rng, count, organisations):
        fields = list(ActionField.objects.all())
        challenges = list(Challenge.objects.all())
        districts = list(District.objects.all())
        groups = list(TargetGroup.objects.all())
        statuses = Status.values
        measures = []
        for i in range(1, count + 1):
            status = rng.choice(statuses)
            progress = {"idee": 0, "geplant": 0, "umgesetzt": 100, "verstetigt": 100}.get(
                status, rng.randrange(0, 101, 5)
            )
            measures.append(
                Measure(
                    title=f"Demo-Maßnahme {i:05d}: {rng.choice(WORDS)} (Demo)",
                    slug=f"demo-massnahme-{i:05d}",
                    summary=f"Fiktive Maßnahme für Lasttests: {rng.choice(WORDS)}.",
                    description="Dieser Eintrag ist erfunden und dient nur Leistungsmessungen.",
                    goal="Messen, ob das Portal auch mit vielen Einträgen schnell bleibt.",
                    action_field=rng.choice(fields),
                    citywide=rng.random() < 0.2,
                    level=rng.choice(Level.values),
                    status=status,
                    progress=progress,
                    publication=Publication.PUBLISHED if rng.random() < 0.9 else Publication.DRAFT,
                )
            )
        measures = bulk_create_with_history(measures, Measure, batch_size=BATCH)
        measures = list(demo(Measure.objects).order_by("slug"))
        self._relate(
            Measure.districts.through, measures, "measure", districts, "district", rng, 0, 2
        )
        self._relate(
            Measure.target_groups.through, measures, "measure", groups, "targetgroup", rng, 1, 3
        )
        self._relate(
            Measure.challenges.through, measures, "measure", challenges, "challenge", rng, 1, 2
        )
        stakeholders, steps, entries = [], [], []
        for measure in measures:
            for position, organisation in enumerate(rng.sample(organisations, rng.randint(1, 3))):
                role = Role.LEAD if position == 0 else rng.choice([Role.PARTNER, Role.TO_INVOLVE])
                stakeholders.append(
                    Stakeholder(measure=measure, organisation=organisation, role=role)
                )
            for position in range(rng.randint(2, 4)):
                steps.append(
                    MeasureStep(
                        measure=measure,
                        position=position,
                        text=f"Demo-Schritt {position + 1}",
                        done=rng.random() < 0.3,
                    )
                )
            for _ in range(rng.randint(0, 2)):
                day = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(0, 2800))
                entries.append(
                    ProgressEntry(measure=measure, date=day, text="Demo-Fortschritt (fiktiv).")
                )
        Stakeholder.objects.bulk_create(stakeholders, batch_size=BATCH)
        MeasureStep.objects.bulk_create(steps, batch_size=BATCH)
        ProgressEntry.objects.bulk_create(entries, batch_size=BATCH)

    def offers(self, rng, count, organisations):
        categories = list(Category.objects.all())
        districts = list(District.objects.all())
        groups = list(TargetGroup.objects.all())
        languages = list(Language.objects.all())
        fields = list(ActionField.objects.all())
        offers = []
        for i in range(1, count + 1):
            min_age = rng.choice([None, None, 0, 6, 12, 16, 18, 60])
            cost = rng.choice(Cost.values)
            offers.append(
                Offer(
                    title=f"Demo-Angebot {i:05d}: {rng.choice(WORDS)} (Demo)",
                    slug=f"demo-angebot-{i:05d}",
                    provider=rng.choice(organisations),
                    description="Fiktives Angebot für Lasttests. Keine echten Termine oder Orte.",
                    category=rng.choice(categories),
                    citywide=rng.random() < 0.15,
                    schedule="fiktiv",
                    cost=cost,
                    fee="fiktiv" if cost == Cost.FEE else "",
                    childcare=rng.choice([None, True, False]),
                    barrier_free=rng.choice([None, True, False]),
                    min_age=min_age,
                    max_age=None if min_age is None else min_age + rng.choice([10, 20, 50]),
                    publication=Publication.PUBLISHED if rng.random() < 0.9 else Publication.DRAFT,
                )
            )
        bulk_create_with_history(fill_ids(offers), Offer, batch_size=BATCH)
        offers = list(demo(Offer.objects).order_by("slug"))
        self._relate(Offer.districts.through, offers, "offer", districts, "district", rng, 1, 2)
        self._relate(Offer.target_groups.through, offers, "offer", groups, "targetgroup", rng, 1, 3)
        self._relate(Offer.languages.through, offers, "offer", languages, "language", rng, 1, 3)
        self._relate(Offer.action_fields.through, offers, "offer", fields, "actionfield", rng, 1, 2)

    def observations(self, rng, count):
        districts = list(District.objects.all())
        per_indicator = DATES_PER_INDICATOR * len(districts)
        indicator_count = max(1, -(-count // per_indicator))
        fields = list(ActionField.objects.all())
        indicators = Indicator.objects.bulk_create(
            Indicator(
                code=f"demo-{i:05d}",
                title=f"Demo-Indikator {i:05d} (Demo)",
                action_field=rng.choice(fields),
                unit="Personen",
                source="fiktiv",
                definition="Erfundene Zeitreihe für Lasttests.",
                position=1000 + i,
            )
            for i in range(1, indicator_count + 1)
        )
        observations = []
        for indicator in indicators:
            base = rng.randint(50, 5000)
            for step in range(DATES_PER_INDICATOR):
                date = datetime.date(2017 + step // 4, 3 * (step % 4) + 1, 1)
                for district in districts:
                    if len(observations) >= count:
                        break
                    value = max(0, base + rng.randint(-base // 10, base // 10) + step * 3)
                    observations.append(
                        Observation(
                            indicator=indicator, reference_date=date, district=district, value=value
                        )
                    )
        Observation.objects.bulk_create(observations, batch_size=BATCH)

    def _relate(self, through, rows, row_field, targets, target_field, rng, low, high):
        links = []
        for row in rows:
            for target in rng.sample(targets, min(len(targets), rng.randint(low, high))):
                links.append(
                    through(**{f"{row_field}_id": row.pk, f"{target_field}_id": target.pk})
                )
        through.objects.bulk_create(links, batch_size=BATCH)
