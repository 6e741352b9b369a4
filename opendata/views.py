"""/daten/: the documented downloads; /api/hsds/: the offers in Open Referral HSDS 3.0."""

import json
import math
import re
import uuid
from datetime import datetime, time

from django.db.models import Q
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from gladbeck.cache import content_version
from gladbeck.fulltext import words_q
from gladbeck.models import District, TargetGroup
from gladbeck.open_data_ids import NAMESPACE as OPEN_DATA_NAMESPACE
from measures.models import ActionField
from offers.models import Category, Language

from . import hsds, hsds_filters
from .dataset import (
    ATTRIBUTION,
    LICENCE_ID,
    LICENCE_NAME,
    LICENCE_URL,
    csv_stream,
    json_stream,
)
from .downloads import DATASETS

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
# ``minimal=true`` is meant to fetch every service in one call (HSDS), so its pages are larger.
MINIMAL_PAGE_SIZE = 1000


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def _open(response):
    """Open data may be read from any web page."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def index(request):
    datasets = [(dataset, dataset.count()) for dataset in DATASETS.values()]
    vocabularies = [
        (_("Handlungsfelder"), [(f.slug, f.title) for f in ActionField.objects.all()]),
        (_("Stadtteile"), [(d.slug, d.name) for d in District.objects.all()]),
        (_("Zielgruppen"), [(g.slug, g.name) for g in TargetGroup.objects.all()]),
        (_("Angebotskategorien"), [(c.slug, c.name) for c in Category.objects.all()]),
        (_("Sprachen"), [(lang.code, lang.name) for lang in Language.objects.all()]),
    ]
    return render(
        request,
        "opendata/index.html",
        {
            "crumbs": [("", _("Offene Daten"))],
            "datasets": datasets,
            "vocabularies": vocabularies,
            "licence_name": LICENCE_NAME,
            "licence_id": LICENCE_ID,
            "licence_url": LICENCE_URL,
            "attribution": ATTRIBUTION,
            "base_url": _base_url(request),
            "hsds_namespace": OPEN_DATA_NAMESPACE,
            "max_page_size": MAX_PAGE_SIZE,
            "default_page_size": DEFAULT_PAGE_SIZE,
            "taxonomies": hsds.TAXONOMIES,
        },
    )


def download_etag(request, name, extension):
    """Unchanged while no content changes (the page cache's content version) on this host:
    a client that has the file gets 304 instead of the file again. Without a reachable cache
    (Redis down) there is no version to compare: the file is sent without an ETag."""
    try:
        version = content_version()
    except Exception:
        return None
    return f'"{version}-{name}.{extension}-{request.get_host()}"'


@require_safe
@condition(etag_func=download_etag)
def download(request, name, extension):
    """The file is streamed: rows are read in chunks and written as they come (bounded
    memory, the first bytes at once, however large the dataset)."""
    dataset = DATASETS.get(name)
    if dataset is None:
        raise Http404
    base_url = _base_url(request)
    if extension == "csv":
        response = StreamingHttpResponse(
            csv_stream(dataset, base_url), content_type="text/csv; charset=utf-8; header=present"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = StreamingHttpResponse(
            json_stream(dataset, base_url), content_type="application/json"
        )
        response["Content-Disposition"] = f'inline; filename="{name}.json"'
    return _open(response)


# --- HSDS API ----------------------------------------------------------------------------------


class BadRequest(Exception):
    """A query parameter the API cannot answer; its message is shown to the caller."""


def _json(data, status=200):
    return _open(JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False}))


def _error(message, status):
    return _json({"error": message}, status=status)


def api(view):
    """GET only; a bad parameter is a 400 with a message, an unknown id a 404, both as JSON."""

    @require_safe
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return _error(str(error), 400)
        except Http404 as error:
            return _error(str(error) or _("Diesen Eintrag gibt es nicht."), 404)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _positive_int(request, name, default):
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(
            _("Der Parameter „%(name)s“ muss eine ganze Zahl sein, nicht „%(value)s“.")
            % {"name": name, "value": raw[:50]}
        ) from None
    if value < 1:
        raise BadRequest(_("Der Parameter „%(name)s“ muss 1 oder größer sein.") % {"name": name})
    return value


def _flag(request, name):
    raw = request.GET.get(name, "").strip().lower()
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise BadRequest(_("Der Parameter „%(name)s“ kennt nur „true“ oder „false“.") % {"name": name})


def _uuid_param(request, name):
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise BadRequest(
            _("Der Parameter „%(name)s“ muss eine UUID sein.") % {"name": name}
        ) from None


def _datetime_param(request, name):
    """An ISO 8601 date-time (``2026-01-31T12:00:00Z``) or date (the start of that day); one
    without a time zone is read in the portal's (Europe/Berlin)."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        value = parse_datetime(raw)
        if value is None and parse_date(raw) is not None:
            value = datetime.combine(parse_date(raw), time.min)
    except ValueError:
        value = None
    if value is None:
        raise BadRequest(
            _(
                "Der Parameter „%(name)s“ muss ein Zeitpunkt nach ISO 8601 sein, "
                "z. B. 2026-01-31T12:00:00Z."
            )
            % {"name": name}
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _format(request):
    raw = request.GET.get("format", "").strip().lower()
    if raw in ("", "json", "ndjson"):
        return raw or "json"
    raise BadRequest(_("Der Parameter „format“ kennt nur „json“ oder „ndjson“."))


def _answer(request, items, total, serialize, page_size=DEFAULT_PAGE_SIZE, max_size=MAX_PAGE_SIZE):
    """A list as an HSDS ``Page``, or with ``format=ndjson`` every item without pages, one JSON
    object per line (``application/x-ndjson``)."""
    if _format(request) == "ndjson":
        lines = _ndjson_lines(items, serialize)
        return _open(StreamingHttpResponse(lines, content_type="application/x-ndjson"))
    return _json(_page(request, items, total, serialize, page_size, max_size))


# Items read and written at a time by a streamed ndjson answer.
NDJSON_CHUNK = 500


def _ndjson_lines(items, serialize):
    """Every item as one JSON object per line, read and written a chunk at a time (bounded
    memory however long the list; ``items`` is ordered, so the chunks do not overlap)."""
    start = 0
    while True:
        chunk = list(items[start : start + NDJSON_CHUNK])
        if not chunk:
            return
        _prepare(serialize, chunk)
        yield "".join(
            json.dumps(serialize(item), ensure_ascii=False) + "\n" for item in chunk
        ).encode("utf-8")
        start += NDJSON_CHUNK


def _prepare(serialize, items):
    """Let a serializer read what the chosen items need, in a fixed number of queries."""
    prepare = getattr(serialize, "prepare", None)
    if prepare is not None:
        prepare(items)


def _page(request, items, total, serialize, page_size=DEFAULT_PAGE_SIZE, max_size=MAX_PAGE_SIZE):
    """An HSDS ``Page``. ``items`` is a queryset or list, sliced to the requested page only.

    ``page`` starts at 1. ``per_page`` above the maximum is lowered to it. A page after the
    last one is a 400: the caller has the page count from the first answer."""
    number = _positive_int(request, "page", 1)
    size = min(_positive_int(request, "per_page", page_size), max_size)
    total_pages = math.ceil(total / size)
    if number > max(total_pages, 1):
        raise BadRequest(
            _(
                "Seite %(number)s gibt es nicht; es gibt %(total)s Seite(n) "
                "mit je %(size)s Einträgen."
            )
            % {"number": number, "total": total_pages, "size": size}
        )
    chosen = list(items[(number - 1) * size : number * size])
    _prepare(serialize, chosen)
    contents = [serialize(item) for item in chosen]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": number,
        "size": size,
        "first_page": number == 1,
        "last_page": number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _offer_by_id(service_id):
    try:
        wanted = str(uuid.UUID(service_id))
    except ValueError:
        raise Http404(_("Dieses Angebot gibt es nicht.")) from None
    offer = hsds.offers_for_hsds().filter(open_data_id=wanted).first()
    if offer is None:
        raise Http404(_("Dieses Angebot gibt es nicht."))
    return offer


@api
def api_root(request):
    """Which HSDS version this API speaks and where it is documented."""
    base_url = _base_url(request)
    return _json(
        {
            "version": hsds.HSDS_VERSION,
            "documentation": f"{base_url}/daten/#hsds",
            "license": {"name": LICENCE_NAME, "url": LICENCE_URL},
        }
    )


def _search(text, *fields):
    """Whether every word of ``text`` is in one of the fields (case and umlauts as typed)."""
    haystack = " ".join(str(f) for f in fields if f).casefold()
    return all(word in haystack for word in text.casefold().split())


def _filtered_offers(request):
    """The published offers that the filters of ``/services`` and ``/service_at_locations``
    select: search, organization_id, taxonomy_term_id, taxonomy_id, modified_after."""
    offers = hsds.offers_for_hsds()
    search = request.GET.get("search", "").strip()
    if search:
        offers = offers.filter(Q(title__icontains=search) | Q(description__icontains=search))
    organization_id = _uuid_param(request, "organization_id")
    if organization_id:
        offers = hsds_filters.filter_by_organization(offers, organization_id)
    term_id = _uuid_param(request, "taxonomy_term_id")
    if term_id:
        offers = hsds_filters.filter_by_taxonomy_term(offers, term_id)
    taxonomy_id = _uuid_param(request, "taxonomy_id")
    if taxonomy_id:
        offers = hsds_filters.filter_by_taxonomy(offers, taxonomy_id)
    modified_after = _datetime_param(request, "modified_after")
    if modified_after:
        offers = offers.filter(updated_at__gte=modified_after)
    return offers


@api
def services(request):
    """Published offers as a page of services; ``full=true`` nests every related object,
    ``minimal=true`` gives only id, name, status and last change, up to 1,000 a page."""
    full = _flag(request, "full")
    minimal = _flag(request, "minimal")
    if full and minimal:
        raise BadRequest(_("„full“ und „minimal“ schließen einander aus."))
    offers = _filtered_offers(request)
    if minimal:
        offers = offers.prefetch_related(None)
        return _answer(
            request,
            offers,
            offers.count(),
            hsds.service_minimal,
            page_size=MINIMAL_PAGE_SIZE,
            max_size=MINIMAL_PAGE_SIZE,
        )
    serialize = hsds.service_summary
    if full:
        public_ids = hsds.public_organisation_ids()

        def serialize(offer):
            return hsds.service(offer, public_ids)

    return _answer(request, offers, offers.count(), serialize)


@api
def service_detail(request, service_id):
    """One published offer as a fully nested HSDS service."""
    offer = _offer_by_id(service_id)
    return _json(hsds.service(offer, hsds.public_organisation_ids()))


class _OrganisationSerializer:
    """Organisations (one-to-one fields, or nested with ``full``); with ``full_service`` each
    with its published services in full, read for the chosen page at once (``prepare``)."""

    def __init__(self, public_ids, full, full_service):
        self.public_ids = public_ids
        self.full = full
        self.full_service = full_service
        self.services = {}

    def prepare(self, organisations):
        if self.full_service:
            self.services = hsds.services_by_organisation([org.pk for org in organisations])

    def __call__(self, org):
        data = hsds.organization(org, self.public_ids, nested=self.full)
        if self.full_service:
            data["services"] = [
                hsds.nested_in_organization(offer, self.public_ids, full=True)
                for offer in self.services.get(org.pk, [])
            ]
        return data


@api
def organizations(request):
    """The public organisations (see offers.visibility) as a page of HSDS organizations:
    one-to-one fields; ``full=true`` adds phones and locations, ``full_service=true`` the
    organisation's services, fully nested; ``search`` looks in name, short name, description."""
    full = _flag(request, "full")
    full_service = _flag(request, "full_service")
    _format(request)
    organisations = hsds.organisations_for_hsds()
    search = request.GET.get("search", "").strip()
    if search:
        organisations = organisations.filter(words_q(search, ["name", "short_name", "description"]))
    # Only the requested page is read, and the services of its organisations.
    serialize = _OrganisationSerializer(hsds.public_organisation_ids(), full, full_service)
    return _answer(request, organisations, organisations.count(), serialize)


@api
def organization_detail(request, organization_id):
    """One public organisation, fully nested, with its services: their one-to-one fields, or
    fully nested with ``full_service=true``."""
    full_service = _flag(request, "full_service")
    try:
        wanted = uuid.UUID(organization_id)
    except ValueError:
        raise Http404(_("Diese Organisation gibt es nicht.")) from None
    org = hsds.organisations_for_hsds().filter(open_data_id=wanted).first()
    if org is None:
        raise Http404(_("Diese Organisation gibt es nicht."))
    public_ids = hsds.public_organisation_ids()
    data = hsds.organization(org, public_ids)
    offers = hsds.services_by_organisation([org.pk]).get(org.pk, [])
    data["services"] = [
        hsds.nested_in_organization(offer, public_ids, full=full_service) for offer in offers
    ]
    return _json(data)


@api
def taxonomies(request):
    """The four taxonomies; ``search`` looks in name and description."""
    items = [taxonomy.as_hsds() for taxonomy in hsds.TAXONOMIES]
    search = request.GET.get("search", "").strip()
    if search:
        items = [t for t in items if _search(search, t["name"], t["description"])]
    return _answer(request, items, len(items), lambda item: item)


@api
def taxonomy_detail(request, taxonomy_id):
    for taxonomy in hsds.TAXONOMIES:
        if taxonomy.id == taxonomy_id.lower():
            return _json(taxonomy.as_hsds())
    raise Http404(_("Diese Taxonomie gibt es nicht."))


@api
def taxonomy_terms(request):
    """Every term; ``taxonomy_id``, ``search`` (code, name, description), ``parent_id`` and
    ``top_only`` narrow them. The portal's vocabularies are flat: no term has a parent, so
    ``parent_id`` finds none and ``top_only=true`` keeps all."""
    terms = hsds.all_taxonomy_terms()
    taxonomy_id = _uuid_param(request, "taxonomy_id")
    if taxonomy_id:
        terms = [term for term in terms if term["taxonomy_id"] == taxonomy_id]
    search = request.GET.get("search", "").strip()
    if search:
        terms = [t for t in terms if _search(search, t["code"], t["name"], t["description"])]
    parent_id = _uuid_param(request, "parent_id")
    if parent_id:
        terms = [term for term in terms if term.get("parent_id") == parent_id]
    if _flag(request, "top_only"):
        terms = [term for term in terms if not term.get("parent_id")]
    return _answer(request, terms, len(terms), lambda term: term)


@api
def taxonomy_term_detail(request, term_id):
    for term in hsds.all_taxonomy_terms():
        if term["id"] == term_id.lower():
            return _json(term)
    raise Http404(_("Diesen Begriff gibt es nicht."))


_POSTCODE = re.compile(r"^\d{5}$")


@api
def service_at_locations(request):
    """Where the published offers with an address take place, with the filters of
    ``/services``; ``full=true`` nests the location; ``postcode`` keeps those whose address
    has this postcode. ``proximity`` is a 400: the portal holds no coordinates."""
    full = _flag(request, "full")
    offers = _filtered_offers(request).exclude(address="")
    postcode = request.GET.get("postcode", "").strip()
    if postcode:
        if not _POSTCODE.match(postcode):
            raise BadRequest(
                _("Der Parameter „postcode“ muss eine fünfstellige Postleitzahl sein.")
            )
        offers = hsds_filters.filter_by_postcode(offers, postcode)
    if request.GET.get("proximity", "").strip():
        raise BadRequest(
            _(
                "Der Parameter „proximity“ wird nicht unterstützt: "
                "das Portal kennt keine Koordinaten."
            )
        )
    offers = offers.prefetch_related(None)
    return _answer(
        request,
        offers,
        offers.count(),
        lambda offer: hsds.service_at_location(offer, full=full),
    )


@api
def service_at_location_detail(request, service_at_location_id):
    """The fully nested service that takes place there, as HSDS 3.0's OpenAPI document
    describes this answer (``compiled/service.json``)."""
    try:
        wanted = str(uuid.UUID(service_at_location_id))
    except ValueError:
        raise Http404(_("Diesen Ort eines Angebots gibt es nicht.")) from None
    offer = hsds.offers_for_hsds().exclude(address="").filter(open_data_place_id=wanted).first()
    if offer is None:
        raise Http404(_("Diesen Ort eines Angebots gibt es nicht."))
    return _json(hsds.service(offer, hsds.public_organisation_ids()))
