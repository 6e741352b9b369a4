"""How the rows of the open data downloads (opendata/downloads.py) are read: in chunks, as
plain values where a dataset is large, so that a download streams in bounded memory and in a
fixed number of queries per chunk.
"""

from django.db.models import F, Prefetch

from gladbeck.models import District
from measures.models import Challenge, Measure, MeasureStep, Role, Stakeholder
from monitoring.models import Indicator, Observation
from offers.models import Offer
from offers.visibility import public_organisations

from .dataset import slugs_of
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


def published_measures():
    return Measure.objects.published()


def measure_rows(base_url):
    """Read as plain values in chunks, not as model instances with prefetched relations: each
    instance decoded its action field's translations (kilobytes of JSON) again."""
    address = page_address(Measure)
    fields = Measure._meta
    for chunk in _chunks(published_measures().order_by("slug").values_list("pk", flat=True)):
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


def challenge_rows(base_url):
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


def offer_rows(base_url):
    """Read as plain values in chunks (see ``measure_rows``)."""
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


def organisation_rows(base_url):
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


def observation_rows(base_url):
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
