"""The open data downloads of /daten/: which datasets there are, their documented columns, and
how their rows are read (opendata/dataset.py writes them as CSV and JSON).

Each dataset is a list of columns (name, meaning, type) and a function that reads its rows in a
fixed number of queries. The /daten/ page documents the columns from the same definitions, so the
documentation cannot drift from the files. Only published records and public organisations
(offers.visibility) are read.
"""

from django.db.models import F, Prefetch
from django.utils.translation import gettext_lazy as _

from gladbeck.models import District, OrganisationKind
from measures.models import Challenge, Level, Measure, Role, Stakeholder, Status
from monitoring.models import Breakdown, Indicator, Observation
from offers.models import Cost, Offer
from offers.visibility import public_organisations

from .dataset import Column, Dataset, Kind, choices_of, slugs_of
from .hsds import hsds_id

# Rows read (with their prefetched relations) per query: downloads stream in bounded memory.
CHUNK_ROWS = 500


def _published_measures():
    return Measure.objects.published()


def _measure_rows(base_url):
    measures = (
        _published_measures()
        .select_related("action_field")
        .prefetch_related(
            "further_action_fields",
            "challenges",
            "target_groups",
            "districts",
            "steps",
            Prefetch(
                "stakeholders",
                queryset=Stakeholder.objects.select_related("organisation").order_by(
                    "organisation__slug"
                ),
            ),
        )
        .order_by("slug")
    )
    for measure in measures.iterator(chunk_size=CHUNK_ROWS):
        stakeholders = list(measure.stakeholders.all())
        by_role = {
            role: [s.organisation.slug for s in stakeholders if s.role == role] for role in Role
        }
        yield {
            "id": measure.slug,
            "titel": measure.title,
            "kurzfassung": measure.summary,
            "beschreibung": measure.description,
            "ziel": measure.goal,
            "handlungsfeld": measure.action_field.slug,
            "weitere_handlungsfelder": slugs_of(measure.further_action_fields.all()),
            "herausforderungen": sorted(slugs_of(measure.challenges.all())),
            "zielgruppen": slugs_of(measure.target_groups.all()),
            "stadtteile": slugs_of(measure.districts.all()),
            "gesamtstaedtisch": measure.citywide,
            "ebene": measure.level,
            "status": measure.status,
            "fortschritt": measure.progress,
            "geplanter_beginn": measure.planned_start,
            "geplantes_ende": measure.planned_end,
            "tatsaechlicher_beginn": measure.actual_start,
            "tatsaechliches_ende": measure.actual_end,
            "erste_schritte": [step.text for step in measure.steps.all()],
            "akteure_federfuehrend": by_role[Role.LEAD],
            "akteure_beteiligt": by_role[Role.PARTNER],
            "akteure_einzubinden": by_role[Role.TO_INVOLVE],
            "ressourcen": measure.resources,
            "finanzierung": measure.funding,
            "konzeptabschnitt": measure.concept_section,
            "zuletzt_geaendert": measure.updated_at,
            "seite": base_url + measure.get_absolute_url(),
        }


MEASURES = Dataset(
    name="massnahmen",
    title=_("Maßnahmen"),
    description=_(
        "Die Maßnahmen des Konzepts mit Ziel, Handlungsfeldern, bearbeiteten "
        "Herausforderungen, Zielgruppen, Stadtteilen, Stand der Umsetzung, ersten Schritten "
        "und beteiligten Akteur*innen."
    ),
    included=_("Alle veröffentlichten Maßnahmen. Entwürfe und interne Notizen nie."),
    stable_id=_(
        "Spalte „id“: das Kürzel der Maßnahme, das auch ihre Adresse im Portal bildet "
        "(/massnahmen/<id>/). Es ändert sich nicht."
    ),
    columns=(
        Column("id", _("Kennung der Maßnahme"), Kind.ID),
        Column("titel", _("Titel")),
        Column("kurzfassung", _("Kurzfassung")),
        Column("beschreibung", _("Beschreibung")),
        Column("ziel", _("Ziel der Maßnahme")),
        Column("handlungsfeld", _("Kennung des Handlungsfelds, dem sie zugeordnet ist"), Kind.SLUG),
        Column("weitere_handlungsfelder", _("Kennungen weiterer Handlungsfelder"), Kind.SLUGS),
        Column(
            "herausforderungen",
            _("Kennungen der Herausforderungen, die sie bearbeitet (Datensatz Herausforderungen)"),
            Kind.SLUGS,
        ),
        Column("zielgruppen", _("Kennungen der Zielgruppen"), Kind.SLUGS),
        Column("stadtteile", _("Kennungen der Stadtteile, in denen sie wirkt"), Kind.SLUGS),
        Column("gesamtstaedtisch", _("Gilt für das ganze Stadtgebiet"), Kind.BOOLEAN),
        Column(
            "ebene",
            _("Wo gehandelt wird: vor Ort oder als Anliegen an Kreis, Land oder Bund"),
            Kind.CODE,
            choices_of(Level),
        ),
        Column("status", _("Stand der Umsetzung"), Kind.CODE, choices_of(Status)),
        Column("fortschritt", _("Fortschritt in Prozent (0 bis 100)"), Kind.INTEGER),
        Column("geplanter_beginn", _("geplanter Beginn"), Kind.DATE),
        Column("geplantes_ende", _("geplantes Ende"), Kind.DATE),
        Column("tatsaechlicher_beginn", _("tatsächlicher Beginn"), Kind.DATE),
        Column("tatsaechliches_ende", _("tatsächliches Ende"), Kind.DATE),
        Column("erste_schritte", _("Die ersten Schritte, in ihrer Reihenfolge"), Kind.TEXTS),
        Column(
            "akteure_federfuehrend",
            _("Kennungen der federführenden Organisationen (Datensatz Organisationen)"),
            Kind.SLUGS,
        ),
        Column("akteure_beteiligt", _("Kennungen der beteiligten Organisationen"), Kind.SLUGS),
        Column(
            "akteure_einzubinden", _("Kennungen der noch einzubindenden Organisationen"), Kind.SLUGS
        ),
        Column("ressourcen", _("benötigte Ressourcen")),
        Column("finanzierung", _("Finanzierung")),
        Column("konzeptabschnitt", _("Abschnitt im Konzept von 2018, z. B. „§4.3“")),
        Column("zuletzt_geaendert", _("Zeitpunkt der letzten Änderung"), Kind.DATETIME),
        Column("seite", _("Seite der Maßnahme im Portal"), Kind.URL),
    ),
    read_rows=_measure_rows,
    count=lambda: _published_measures().count(),
)


# --- Herausforderungen -------------------------------------------------------------------------


def _challenge_rows(base_url):
    challenges = (
        Challenge.objects.with_shared_rank()
        .select_related("action_field", "sub_area")
        .prefetch_related(
            "target_groups",
            "districts",
            Prefetch(
                "measures",
                queryset=Measure.objects.published().order_by("slug"),
                to_attr="published_measures",
            ),
        )
        .order_by("slug")
    )
    for challenge in challenges.iterator(chunk_size=CHUNK_ROWS):
        yield {
            "id": challenge.slug,
            "handlungsfeld": challenge.action_field.slug,
            "teilbereich": challenge.sub_area.slug if challenge.sub_area_id else None,
            "wortlaut": challenge.wording,
            "ziel": challenge.goal,
            "rang": challenge.rank,
            "gleich_gewichtet": challenge.shares_rank,
            "stimmen": challenge.votes,
            "zentral": challenge.is_central,
            "konzeptabschnitt": challenge.concept_section,
            "zielgruppen": slugs_of(challenge.target_groups.all()),
            "stadtteile": slugs_of(challenge.districts.all()),
            "massnahmen": slugs_of(challenge.published_measures),
        }


CHALLENGES = Dataset(
    name="herausforderungen",
    title=_("Herausforderungen"),
    description=_(
        "Die Herausforderungen aus der Analyse des Konzepts (§2.5–§2.9) und ihre Priorisierung "
        "in den Expert*innenworkshops (§4.1) mit Rang und Stimmen, dazu die veröffentlichten "
        "Maßnahmen, die sie bearbeiten."
    ),
    included=_(
        "Alle Herausforderungen: sie sind die Analyse des Konzepts und werden nicht einzeln "
        "veröffentlicht. Genannt werden nur veröffentlichte Maßnahmen."
    ),
    stable_id=_("Spalte „id“: das Kürzel der Herausforderung. Es ändert sich nicht."),
    columns=(
        Column("id", _("Kennung der Herausforderung"), Kind.ID),
        Column("handlungsfeld", _("Kennung des Handlungsfelds"), Kind.SLUG),
        Column(
            "teilbereich", _("Kennung des Teilbereichs im Handlungsfeld, falls einer"), Kind.SLUG
        ),
        Column("wortlaut", _("Die Herausforderung im Wortlaut des Konzepts")),
        Column("ziel", _("Ziel, das das Konzept dazu nennt")),
        Column(
            "rang",
            _(
                "Platz in der Priorisierung des Handlungsfelds (§4.1); leer: nicht priorisiert. "
                "Gleich viele Stimmen oder gleich gewichtet: gleicher Platz (1, 2, 2, 4)"
            ),
            Kind.INTEGER,
        ),
        Column(
            "gleich_gewichtet",
            _("Teilt den Platz mit einer anderen Herausforderung des Handlungsfelds (§4.1, §4.4)"),
            Kind.BOOLEAN,
        ),
        Column("stimmen", _("Stimmen im Workshop; leer: nicht abgestimmt"), Kind.INTEGER),
        Column(
            "zentral", _("Vom Gremium ohne Abstimmung als zentral benannt (§4.6)"), Kind.BOOLEAN
        ),
        Column("konzeptabschnitt", _("Abschnitt im Konzept von 2018")),
        Column("zielgruppen", _("Kennungen der betroffenen Zielgruppen"), Kind.SLUGS),
        Column("stadtteile", _("Kennungen der betroffenen Stadtteile"), Kind.SLUGS),
        Column(
            "massnahmen",
            _("Kennungen der veröffentlichten Maßnahmen, die sie bearbeiten"),
            Kind.SLUGS,
        ),
    ),
    read_rows=_challenge_rows,
    count=lambda: Challenge.objects.count(),
)


# --- Angebote ----------------------------------------------------------------------------------


def _offer_rows(base_url):
    offers = (
        Offer.objects.published()
        .select_related("provider", "category")
        .prefetch_related("action_fields", "target_groups", "languages", "districts")
        .order_by("slug")
    )
    for offer in offers.iterator(chunk_size=CHUNK_ROWS):
        yield {
            "id": offer.slug,
            "hsds_id": hsds_id("service", offer.slug),
            "titel": offer.title,
            "anbieter": offer.provider.slug if offer.provider_id else None,
            "beschreibung": offer.description,
            "beschreibung_leichte_sprache": offer.description_easy,
            "kategorie": offer.category.slug,
            "handlungsfelder": slugs_of(offer.action_fields.all()),
            "zielgruppen": slugs_of(offer.target_groups.all()),
            "sprachen": [language.code for language in offer.languages.all()],
            "stadtteile": slugs_of(offer.districts.all()),
            "gesamtstaedtisch": offer.citywide,
            "ort_und_anschrift": offer.address,
            "zeiten": offer.schedule,
            "kosten": offer.cost,
            "gebuehr": offer.fee,
            "anmeldung_noetig": offer.registration_required,
            "kinderbetreuung": offer.childcare,
            "barrierefrei": offer.barrier_free,
            "mindestalter": offer.min_age,
            "hoechstalter": offer.max_age,
            "ansprechperson": offer.contact_name,
            "email": offer.email,
            "telefon": offer.phone,
            "website": offer.website,
            "gueltig_ab": offer.valid_from,
            "gueltig_bis": offer.valid_until,
            "zuletzt_geprueft": offer.last_checked,
            "zuletzt_geaendert": offer.updated_at,
            "seite": base_url + offer.get_absolute_url(),
        }


OFFERS = Dataset(
    name="angebote",
    title=_("Angebote"),
    description=_(
        "Das Angebotsverzeichnis: Beratung, Sprachkurse, Begegnung, Eltern- und Jugendarbeit "
        "und mehr, mit Anbieter, Zielgruppen, Sprachen, Stadtteilen, Zeiten und Kosten. "
        "Dieselben Angebote gibt es im Standard Open Referral HSDS 3.0 (siehe unten)."
    ),
    included=_("Alle veröffentlichten Angebote. Entwürfe und interne Notizen nie."),
    stable_id=_(
        "Spalte „id“: das Kürzel des Angebots, das auch seine Adresse im Portal bildet "
        "(/angebote/<id>/). Spalte „hsds_id“: die dauerhafte UUID desselben Angebots in der "
        "HSDS-Schnittstelle."
    ),
    columns=(
        Column("id", _("Kennung des Angebots"), Kind.ID),
        Column("hsds_id", _("Kennung als „service“ in der HSDS-Schnittstelle"), Kind.UUID),
        Column("titel", _("Titel")),
        Column(
            "anbieter",
            _("Kennung der anbietenden Organisation (Datensatz Organisationen); leer: unbekannt"),
            Kind.SLUG,
        ),
        Column("beschreibung", _("Beschreibung")),
        Column("beschreibung_leichte_sprache", _("Beschreibung in leichter Sprache")),
        Column("kategorie", _("Kennung der Angebotskategorie"), Kind.SLUG),
        Column("handlungsfelder", _("Kennungen der Handlungsfelder"), Kind.SLUGS),
        Column("zielgruppen", _("Kennungen der Zielgruppen"), Kind.SLUGS),
        Column("sprachen", _("Sprachen, in denen das Angebot stattfindet (ISO 639)"), Kind.SLUGS),
        Column("stadtteile", _("Kennungen der Stadtteile"), Kind.SLUGS),
        Column("gesamtstaedtisch", _("Für das ganze Stadtgebiet"), Kind.BOOLEAN),
        Column("ort_und_anschrift", _("Ort und Anschrift, wie vom Anbieter angegeben")),
        Column("zeiten", _("Zeiten, wie vom Anbieter angegeben")),
        Column("kosten", _("Kosten"), Kind.CODE, choices_of(Cost)),
        Column("gebuehr", _("Gebühr, z. B. „5 € pro Termin“")),
        Column("anmeldung_noetig", _("Anmeldung nötig"), Kind.BOOLEAN),
        Column("kinderbetreuung", _("Kinderbetreuung während des Angebots"), Kind.BOOLEAN),
        Column("barrierefrei", _("barrierefrei zugänglich"), Kind.BOOLEAN),
        Column("mindestalter", _("Mindestalter in Jahren"), Kind.INTEGER),
        Column("hoechstalter", _("Höchstalter in Jahren"), Kind.INTEGER),
        Column("ansprechperson", _("Ansprechperson für das Angebot")),
        Column("email", _("E-Mail-Adresse für das Angebot")),
        Column("telefon", _("Telefonnummer für das Angebot")),
        Column("website", _("Website des Angebots"), Kind.URL),
        Column("gueltig_ab", _("Das Angebot gilt ab"), Kind.DATE),
        Column("gueltig_bis", _("Das Angebot gilt bis"), Kind.DATE),
        Column("zuletzt_geprueft", _("Datum der letzten Prüfung durch die Redaktion"), Kind.DATE),
        Column("zuletzt_geaendert", _("Zeitpunkt der letzten Änderung"), Kind.DATETIME),
        Column("seite", _("Seite des Angebots im Portal"), Kind.URL),
    ),
    read_rows=_offer_rows,
    count=lambda: Offer.objects.published().count(),
)


# --- Organisationen ----------------------------------------------------------------------------


def _organisation_rows(base_url):
    organisations = list(public_organisations().select_related("parent").order_by("slug"))
    public_ids = {org.pk for org in organisations}
    for org in organisations:
        parent_public = org.parent_id in public_ids
        yield {
            "id": org.slug,
            "hsds_id": hsds_id("organization", org.slug),
            "name": org.name,
            "kurzname": org.short_name,
            "art": org.kind,
            "uebergeordnet": org.parent.slug if parent_public else None,
            "beschreibung": org.description,
            "website": org.website,
            "email": org.email,
            "telefon": org.phone,
            "anschrift": org.address,
        }


ORGANISATIONS = Dataset(
    name="organisationen",
    title=_("Organisationen"),
    description=_(
        "Die Akteur*innen der Maßnahmen und die Anbieter der Angebote: Ämter der "
        "Stadtverwaltung, freie Träger, Vereine, Schulen, Kammern und andere."
    ),
    included=_(
        "Jede Organisation, die eine veröffentlichte Maßnahme als Akteur*in oder ein "
        "veröffentlichtes Angebot als Anbieter nennt. Organisationen, die nur in Entwürfen "
        "vorkommen, erscheinen nicht."
    ),
    stable_id=_(
        "Spalte „id“: das Kürzel der Organisation; auf sie verweisen die Spalten "
        "„akteure_…“ der Maßnahmen und „anbieter“ der Angebote. Spalte „hsds_id“: die "
        "dauerhafte UUID als „organization“ in der HSDS-Schnittstelle."
    ),
    columns=(
        Column("id", _("Kennung der Organisation"), Kind.ID),
        Column("hsds_id", _("Kennung als „organization“ in der HSDS-Schnittstelle"), Kind.UUID),
        Column("name", _("Name")),
        Column("kurzname", _("Kurzname, z. B. „VHS“")),
        Column("art", _("Art der Organisation"), Kind.CODE, choices_of(OrganisationKind)),
        Column(
            "uebergeordnet",
            _("Kennung der übergeordneten Organisation, wenn auch sie hier steht"),
            Kind.SLUG,
        ),
        Column("beschreibung", _("Beschreibung")),
        Column("website", _("Website"), Kind.URL),
        Column("email", _("E-Mail-Adresse")),
        Column("telefon", _("Telefonnummer")),
        Column("anschrift", _("Anschrift")),
    ),
    read_rows=_organisation_rows,
    count=lambda: public_organisations().count(),
)


# --- Messwerte ---------------------------------------------------------------------------------


def _observation_rows(base_url):
    """Read as plain values, not model instances (the largest dataset: a quarter of a million
    rows at ten cities' scale); indicators and districts are few and looked up once."""
    indicators = {
        pk: (code, title, unit, field)
        for pk, code, title, unit, field in Indicator.objects.values_list(
            "pk", "code", "title", "unit", "action_field__slug"
        )
    }
    districts = dict(District.objects.values_list("pk", "slug"))
    districts[None] = None
    observations = Observation.objects.order_by(
        "indicator__code",
        "reference_date",
        F("district__slug").asc(nulls_first=True),
        "breakdown",
        "breakdown_value",
    ).values_list(
        "indicator_id",
        "reference_date",
        "district_id",
        "breakdown",
        "breakdown_value",
        "value",
        "note",
        "source",
    )
    for (
        indicator_id,
        date,
        district_id,
        breakdown,
        part,
        value,
        note,
        source,
    ) in observations.iterator(chunk_size=10 * CHUNK_ROWS):
        code, title, unit, field = indicators[indicator_id]
        yield {
            "indikator": code,
            "indikator_titel": title,
            "einheit": unit,
            "handlungsfeld": field,
            "stichtag": date,
            "stadtteil": districts[district_id],
            "aufschluesselung": breakdown,
            "auspraegung": part,
            "wert": value,
            "anmerkung": note,
            "quelle": source,
        }


OBSERVATIONS = Dataset(
    name="messwerte",
    title=_("Messwerte"),
    description=_(
        "Die Werte der Indikatoren des Monitorings nach Stichtag, Stadtteil und Aufschlüsselung, "
        "z. B. ausländische Einwohner*innen je Stadtteil oder nach Herkunftsregion."
    ),
    included=_("Alle Messwerte aller Indikatoren; das Monitoring ist als Ganzes öffentlich."),
    stable_id=_(
        "Die Spalten „indikator“, „stichtag“, „stadtteil“, „aufschluesselung“ und "
        "„auspraegung“ zusammen bezeichnen einen Messwert eindeutig und dauerhaft."
    ),
    columns=(
        Column("indikator", _("Kennung des Indikators, z. B. „B-02“"), Kind.SLUG),
        Column("indikator_titel", _("Titel des Indikators")),
        Column("einheit", _("Einheit des Werts, z. B. „Personen“ oder „%“")),
        Column(
            "handlungsfeld",
            _("Kennung des Handlungsfelds des Indikators; leer: Rahmendaten"),
            Kind.SLUG,
        ),
        Column("stichtag", _("Stichtag des Werts"), Kind.DATE),
        Column("stadtteil", _("Kennung des Stadtteils; leer: ganze Stadt"), Kind.SLUG),
        Column(
            "aufschluesselung",
            _("Wonach der Wert aufgeschlüsselt ist; leer: keine Aufschlüsselung"),
            Kind.CODE,
            choices_of(Breakdown),
        ),
        Column(
            "auspraegung", _("Ausprägung der Aufschlüsselung, z. B. „26 bis 65 Jahre“; sonst leer")
        ),
        Column("wert", _("Der Wert"), Kind.DECIMAL),
        Column("anmerkung", _("Anmerkung zum Wert")),
        Column("quelle", _("Quelle des Werts")),
    ),
    read_rows=_observation_rows,
    count=lambda: Observation.objects.count(),
)


DATASETS = {
    dataset.name: dataset for dataset in (MEASURES, CHALLENGES, OFFERS, ORGANISATIONS, OBSERVATIONS)
}
