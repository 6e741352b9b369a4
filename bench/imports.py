"""Staff import files for benchmarks: clearly fake offers and observations, as CSV.

``offers_csv(n)`` writes every column of the offers import, with a description of about 350
characters (a city's real file: 600 to 800 bytes a row); ``offers_csv(n, few=True)`` the seven
columns of the large-import test; ``observations_csv(n)`` a tidy file of values per district.
Every record is new; its Kürzel starts with "bench-" and its source is "Benchmark (fiktiv)".
"""

import csv
import datetime
import io
import random

from gladbeck.models import District, Organisation, TargetGroup
from measures.models import ActionField
from monitoring.models import Indicator
from offers.models import Category, Language

BENCH_SOURCE = "Benchmark (fiktiv)"
OFFER_PREFIX = "bench-angebot-"

OFFER_COLUMNS = [
    "Kürzel",
    "Titel",
    "Anbieter",
    "Kategorie",
    "Beschreibung",
    "Handlungsfelder",
    "Zielgruppen",
    "Mindestalter",
    "Höchstalter",
    "Sprachen",
    "gesamtstädtisch",
    "Stadtteile",
    "Ort und Anschrift",
    "Zeiten",
    "Kosten",
    "Gebühr",
    "Anmeldung nötig",
    "Kinderbetreuung",
    "barrierefrei",
    "gültig ab",
    "gültig bis",
    "Ansprechperson",
    "E-Mail",
    "Telefon",
    "Website",
    "Veröffentlichung",
    "zuletzt geprüft am",
]
FEW_COLUMNS = ["Kürzel", "Titel", "Anbieter", "Kategorie", "Stadtteile", "Kosten", "gültig ab"]


def _csv(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def offers_csv(count, few=False, seed=2018):
    rng = random.Random(seed)
    districts = list(District.objects.values_list("name", flat=True))
    groups = list(TargetGroup.objects.values_list("name", flat=True))
    languages = list(Language.objects.values_list("name", flat=True))
    categories = list(Category.objects.values_list("name", flat=True))
    providers = list(Organisation.objects.order_by("name").values_list("name", flat=True)[:40])
    fields = list(ActionField.objects.values_list("title", flat=True))
    rows = [FEW_COLUMNS if few else OFFER_COLUMNS]
    for i in range(count):
        row = {
            "Kürzel": f"{OFFER_PREFIX}{i:06d}",
            "Titel": f"Bench-Angebot {i}: Sprachcafé (Demo)",
            "Anbieter": rng.choice(providers),
            "Kategorie": rng.choice(categories),
            "Beschreibung": "Fiktives Angebot für Leistungsmessungen, ohne echte Termine. " * 6,
            "Handlungsfelder": "; ".join(rng.sample(fields, 2)),
            "Zielgruppen": "; ".join(rng.sample(groups, 2)),
            "Mindestalter": "6",
            "Höchstalter": "16",
            "Sprachen": "; ".join(rng.sample(languages, 2)),
            "gesamtstädtisch": "nein",
            "Stadtteile": "; ".join(rng.sample(districts, 2)),
            "Ort und Anschrift": "Musterstraße 1, 45964 Gladbeck (fiktiv)",
            "Zeiten": "dienstags 15 bis 17 Uhr",
            "Kosten": "kostenlos",
            "Gebühr": "",
            "Anmeldung nötig": "ja",
            "Kinderbetreuung": "nein",
            "barrierefrei": "",
            "gültig ab": "2027-01-01",
            "gültig bis": "2027-12-31",
            "Ansprechperson": "Erika Beispiel (fiktiv)",
            "E-Mail": "info@example.org",
            "Telefon": "",
            "Website": "https://example.org/",
            "Veröffentlichung": "Entwurf",
            "zuletzt geprüft am": "2026-01-01",
        }
        rows.append([row[column] for column in rows[0]])
    return _csv(rows)


def observations_csv(count):
    districts = [""] + list(District.objects.values_list("name", flat=True))
    codes = list(Indicator.objects.order_by("code").values_list("code", flat=True))
    header = ["Indikator", "Stichtag", "Stadtteil", "Aufschlüsselung", "Ausprägung", "Wert"]
    rows = [header + ["Anmerkung", "Quelle"]]
    day = datetime.date(2040, 1, 1)
    while len(rows) <= count:
        for code in codes:
            for district in districts:
                if len(rows) > count:
                    break
                value = f"{len(rows) % 997},5"
                rows.append([code, day.isoformat(), district, "", "", value, "", BENCH_SOURCE])
        day += datetime.timedelta(days=1)
    return _csv(rows)
