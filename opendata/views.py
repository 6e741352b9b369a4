"""/daten/: the documented downloads; /api/hsds/: the offers in Open Referral HSDS 3.0."""

import re
import uuid

from django.db.models import Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from gladbeck.cache import content_version
from gladbeck.fulltext import words_q
from gladbeck.models import District, TargetGroup
from gladbeck.open_data_ids import NAMESPACE as OPEN_DATA_NAMESPACE
from measures.models import ActionField
from offers.models import Category, Language

from . import hsds, hsds_filters
from .api_answers import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    MINIMAL_PAGE_SIZE,
    BadRequest,
    answer,
    answer_format,
    api,
    datetime_param,
    flag,
    json_answer,
    open_to_all,
    uuid_param,
)
from .dataset import (
    ATTRIBUTION,
    LICENCE_ID,
    LICENCE_NAME,
    LICENCE_URL,
    csv_stream,
    json_stream,
)
from .downloads import DATASETS


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


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
    return open_to_all(response)


# --- HSDS API ----------------------------------------------------------------------------------


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
    return json_answer(
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
    organization_id = uuid_param(request, "organization_id")
    if organization_id:
        offers = hsds_filters.filter_by_organization(offers, organization_id)
    term_id = uuid_param(request, "taxonomy_term_id")
    if term_id:
        offers = hsds_filters.filter_by_taxonomy_term(offers, term_id)
    taxonomy_id = uuid_param(request, "taxonomy_id")
    if taxonomy_id:
        offers = hsds_filters.filter_by_taxonomy(offers, taxonomy_id)
    modified_after = datetime_param(request, "modified_after")
    if modified_after:
        offers = offers.filter(updated_at__gte=modified_after)
    return offers


@api
def services(request):
    """Published offers as a page of services; ``full=true`` nests every related object,
    ``minimal=true`` gives only id, name, status and last change, up to 1,000 a page."""
    full = flag(request, "full")
    minimal = flag(request, "minimal")
    if full and minimal:
        raise BadRequest(_("„full“ und „minimal“ schließen einander aus."))
    offers = _filtered_offers(request)
    if minimal:
        offers = offers.prefetch_related(None)
        return answer(
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

    return answer(request, offers, offers.count(), serialize)


@api
def service_detail(request, service_id):
    """One published offer as a fully nested HSDS service."""
    offer = _offer_by_id(service_id)
    return json_answer(hsds.service(offer, hsds.public_organisation_ids()))


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
    full = flag(request, "full")
    full_service = flag(request, "full_service")
    answer_format(request)
    organisations = hsds.organisations_for_hsds()
    search = request.GET.get("search", "").strip()
    if search:
        organisations = organisations.filter(words_q(search, ["name", "short_name", "description"]))
    # Only the requested page is read, and the services of its organisations.
    serialize = _OrganisationSerializer(hsds.public_organisation_ids(), full, full_service)
    return answer(request, organisations, organisations.count(), serialize)


@api
def organization_detail(request, organization_id):
    """One public organisation, fully nested, with its services: their one-to-one fields, or
    fully nested with ``full_service=true``."""
    full_service = flag(request, "full_service")
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
    return json_answer(data)


@api
def taxonomies(request):
    """The four taxonomies; ``search`` looks in name and description."""
    items = [taxonomy.as_hsds() for taxonomy in hsds.TAXONOMIES]
    search = request.GET.get("search", "").strip()
    if search:
        items = [t for t in items if _search(search, t["name"], t["description"])]
    return answer(request, items, len(items), lambda item: item)


@api
def taxonomy_detail(request, taxonomy_id):
    for taxonomy in hsds.TAXONOMIES:
        if taxonomy.id == taxonomy_id.lower():
            return json_answer(taxonomy.as_hsds())
    raise Http404(_("Diese Taxonomie gibt es nicht."))


@api
def taxonomy_terms(request):
    """Every term; ``taxonomy_id``, ``search`` (code, name, description), ``parent_id`` and
    ``top_only`` narrow them. The portal's vocabularies are flat: no term has a parent, so
    ``parent_id`` finds none and ``top_only=true`` keeps all."""
    terms = hsds.all_taxonomy_terms()
    taxonomy_id = uuid_param(request, "taxonomy_id")
    if taxonomy_id:
        terms = [term for term in terms if term["taxonomy_id"] == taxonomy_id]
    search = request.GET.get("search", "").strip()
    if search:
        terms = [t for t in terms if _search(search, t["code"], t["name"], t["description"])]
    parent_id = uuid_param(request, "parent_id")
    if parent_id:
        terms = [term for term in terms if term.get("parent_id") == parent_id]
    if flag(request, "top_only"):
        terms = [term for term in terms if not term.get("parent_id")]
    return answer(request, terms, len(terms), lambda term: term)


@api
def taxonomy_term_detail(request, term_id):
    for term in hsds.all_taxonomy_terms():
        if term["id"] == term_id.lower():
            return json_answer(term)
    raise Http404(_("Diesen Begriff gibt es nicht."))


_POSTCODE = re.compile(r"^\d{5}$")


@api
def service_at_locations(request):
    """Where the published offers with an address take place, with the filters of
    ``/services``; ``full=true`` nests the location; ``postcode`` keeps those whose address
    has this postcode. ``proximity`` is a 400: the portal holds no coordinates."""
    full = flag(request, "full")
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
    return answer(
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
    return json_answer(hsds.service(offer, hsds.public_organisation_ids()))
