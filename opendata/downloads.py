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
from measures.models import Challenge, Level, Measure, MeasureStep, Role, Stakeholder, Status
from monitoring.models import Breakdown, Indicator, Observation
from offers.models import Cost, Offer
from offers.visibility import public_organisations

from .dataset import Column, Dataset, Kind, choices_of, slugs_of
from .hsds import hsds_id

# Rows read (with their prefetched relations) per query: downloads stream in bounded memory.
CHUNK_ROWS = 500


def _chunks(keys):
    """The keys in lists of CHUNK_ROWS, read as they are needed."""
    chunk = []
    for key in keys.iterator(chunk_size=10 * CHUNK_ROWS):
        chunk.append(key)
        if len(chunk) == CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _grouped(pairs):
    """``{key: [value, ...]}`` from (key, value) pairs, keeping their order."""
    grouped = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def linked_values(relation, value, owners, ordered=True):
    """For a many-to-many ``relation`` (a model field): ``{owner key: [value of each linked
    record, ...]}`` for the ``owners`` keys, read from the link table in the linked model's
    own order (field names only), as the relation's manager would list them; ``ordered=False``
    where the caller sorts."""
    owner = relation.m2m_field_name()
    linked = relation.m2m_reverse_field_name()
    ordering = [
        f"-{linked}__{name[1:]}" if name.startswith("-") else f"{linked}__{name}"
        for name in (relation.related_model._meta.ordering if ordered else [])
    ]
    links = relation.remote_field.through.objects.filter(**{f"{owner}__in": owners})
    return _grouped(links.order_by(*ordering, "pk").values_list(owner, f"{linked}__{value}"))


def page_address(model):
    """A function giving the public page's address of a ``model`` record from its slug:
    reversed once instead of once a row (slugs hold no characters an address would escape)."""
    placeholder = "slug-of-the-record"
    before, after = model(slug=placeholder).get_absolute_url().split(placeholder)
    return lambda slug: f"{before}{slug}{after}"


def _published_measures():
    return Measure.objects.published()


def _measure_rows(base_url):
    """Read as plain values in chunks, not as model instances with prefetched relations: each
    instance decoded its action field's translations (kilobytes of JSON) again."""
    address = page_address(Measure)
    fields = Measure._meta
    for chunk in _chunks(_published_measures().order_by("slug").values_list("pk", flat=True)):
        linked = {
            name: linked_values(fields.get_field(name), "slug", chunk)
            for name in ("further_action_fields", "target_groups", "districts")
        }
        challenges = linked_values(fields.get_field("challenges"), "slug", chunk, ordered=False)
        steps = _grouped(
            MeasureStep.objects.filter(measure__in=chunk)
            .order_by("position")
            .values_list("measure", "text")
        )
        roles = {}
        for measure_id, role, slug in (
            Stakeholder.objects.filter(measure__in=chunk)
            .order_by("organisation__slug")
            .values_list("measure", "role", "organisation__slug")
        ):
            roles.setdefault((measure_id, role), []).append(slug)
        rows = (
            Measure.objects.filter(pk__in=chunk)
            .order_by("slug")
            .values(*MEASURE_VALUES, action_field_slug=F("action_field__slug"))
        )
        for row in rows:
            pk = row["id"]
            yield {
                "id": row["slug"],
                "titel": row["title"],
                "kurzfassung": row["summary"],
                "beschreibung": row["description"],
                "ziel": row["goal"],
                "handlungsfeld": row["action_field_slug"],
                "weitere_handlungsfelder": linked["further_action_fields"].get(pk, []),
                "herausforderungen": sorted(challenges.get(pk, [])),
                "zielgruppen": linked["target_groups"].get(pk, []),
                "stadtteile": linked["districts"].get(pk, []),
                "gesamtstaedtisch": row["citywide"],
                "ebene": row["level"],
                "status": row["status"],
                "fortschritt": row["progress"],
                "geplanter_beginn": row["planned_start"],
                "geplantes_ende": row["planned_end"],
                "tatsaechlicher_beginn": row["actual_start"],
                "tatsaechliches_ende": row["actual_end"],
                "erste_schritte": steps.get(pk, []),
                "akteure_federfuehrend": roles.get((pk, Role.LEAD), []),
                "akteure_beteiligt": roles.get((pk, Role.PARTNER), []),
                "akteure_einzubinden": roles.get((pk, Role.TO_INVOLVE), []),
                "ressourcen": row["resources"],
                "finanzierung": row["funding"],
                "konzeptabschnitt": row["concept_section"],
                "zuletzt_geaendert": row["updated_at"],
                "seite": base_url + address(row["slug"]),
            }


MEASURE_VALUES = (
    "id",
    "slug",
    "title",
    "summary",
    "description",
    "goal",
    "citywide",
    "level",
    "status",
    "progress",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "resources",
    "funding",
    "concept_section",
    "updated_at",
)


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
    """Read as plain values in chunks (see ``_measure_rows``)."""
    address = page_address(Offer)
    fields = Offer._meta
    for chunk in _chunks(Offer.objects.published().order_by("slug").values_list("pk", flat=True)):
        linked = {
            name: linked_values(fields.get_field(name), value, chunk)
            for name, value in (
                ("action_fields", "slug"),
                ("target_groups", "slug"),
                ("languages", "code"),
                ("districts", "slug"),
            )
        }
        rows = (
            Offer.objects.filter(pk__in=chunk)
            .order_by("slug")
            .values(
                *OFFER_VALUES,
                provider_slug=F("provider__slug"),
                category_slug=F("category__slug"),
            )
        )
        for row in rows:
            pk = row["id"]
            yield {
                "id": row["slug"],
                "hsds_id": hsds_id("service", row["slug"]),
                "titel": row["title"],
                "anbieter": row["provider_slug"],
                "beschreibung": row["description"],
                "beschreibung_leichte_sprache": row["description_easy"],
                "kategorie": row["category_slug"],
                "handlungsfelder": linked["action_fields"].get(pk, []),
                "zielgruppen": linked["target_groups"].get(pk, []),
                "sprachen": linked["languages"].get(pk, []),
                "stadtteile": linked["districts"].get(pk, []),
                "gesamtstaedtisch": row["citywide"],
                "ort_und_anschrift": row["address"],
                "zeiten": row["schedule"],
                "kosten": row["cost"],
                "gebuehr": row["fee"],
                "anmeldung_noetig": row["registration_required"],
                "kinderbetreuung": row["childcare"],
                "barrierefrei": row["barrier_free"],
                "mindestalter": row["min_age"],
                "hoechstalter": row["max_age"],
                "ansprechperson": row["contact_name"],
                "email": row["email"],
                "telefon": row["phone"],
                "website": row["website"],
                "gueltig_ab": row["valid_from"],
                "gueltig_bis": row["valid_until"],
                "zuletzt_geprueft": row["last_checked"],
                "zuletzt_geaendert": row["updated_at"],
                "seite": base_url + address(row["slug"]),
            }


OFFER_VALUES = (
    "id",
    "slug",
    "title",
    "description",
    "description_easy",
    "citywide",
    "address",
    "schedule",
    "cost",
    "fee",
    "registration_required",
    "childcare",
    "barrier_free",
    "min_age",
    "max_age",
    "contact_name",
    "email",
    "phone",
    "website",
    "valid_from",
    "valid_until",
    "last_checked",
    "updated_at",
)


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
