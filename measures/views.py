"""Public pages of the measures app: start page, action fields, measures, changes."""

from collections import Counter

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gladbeck.facets import (
    count_by,
    district_counts,
    marginal_counts,
    options,
    with_known_count,
)
from gladbeck.languages import html_lang
from gladbeck.models import District, Organisation, TargetGroup
from measures.changes import TAG_AUTHORITY, ChangeLog, recent_changes
from measures.filters import SORTS, MeasureFilter
from measures.models import ActionField, Challenge, Level, Measure, Stakeholder, Status

PAGE_SIZE = 20


def _vocabulary():
    """Action fields, target groups and districts as (slug, label) pairs: three queries that
    serve both to check filter values and to list the options."""
    return {
        "handlungsfeld": list(ActionField.objects.values_list("slug", "title_i18n")),
        "zielgruppe": list(TargetGroup.objects.values_list("slug", "name_i18n")),
        "stadtteil": list(District.objects.values_list("slug", "name_i18n")),
    }


def _measure_facets(results, filterset, vocabulary, scalar):
    chosen = filterset.chosen
    field_counts = Counter(scalar["action_field__slug"])
    field_counts.update(dict(results.counts_as_further_field("actionfield__slug")))
    organisations = _most_named_counts(results)
    facets = [
        (
            "handlungsfeld",
            _("Handlungsfeld"),
            options(vocabulary["handlungsfeld"], field_counts, chosen("handlungsfeld")),
        ),
        ("status", _("Status"), options(Status.choices, scalar["status"], chosen("status"))),
        (
            "zielgruppe",
            _("Zielgruppe"),
            options(
                vocabulary["zielgruppe"],
                count_by(results, "target_groups__slug"),
                chosen("zielgruppe"),
            ),
        ),
        (
            "stadtteil",
            _("Stadtteil (mit gesamtstädtischen Maßnahmen)"),
            options(
                vocabulary["stadtteil"],
                district_counts(results, vocabulary["stadtteil"], scalar["citywide"][True]),
                chosen("stadtteil"),
                keep_all=True,
            ),
        ),
        (
            "akteur",
            _("Akteur*in"),
            options(
                _most_named(organisations, chosen("akteur")),
                {slug: n for (slug, _name), n in organisations.items()},
                chosen("akteur"),
            ),
        ),
        ("ebene", _("Ebene"), options(Level.choices, scalar["level"], chosen("ebene"))),
    ]
    return facets + _challenge_facet(chosen("herausforderung"))


MAX_STAKEHOLDER_OPTIONS = 60


def _most_named_counts(results):
    """``{(slug, name): measures}`` for the organisations that are stakeholders of most
    measures in the result. Counted by the organisation's key in the stakeholder table alone,
    the names read for just those: grouping thousands of names first took twice as long.
    An organisation is a stakeholder of a measure once, so plain counts suffice."""
    top = dict(
        Stakeholder.objects.filter(measure__in=results.values("pk"))
        .values_list("organisation")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation")[:MAX_STAKEHOLDER_OPTIONS]
    )
    names = Organisation.objects.filter(pk__in=top).values_list("pk", "slug", "name")
    return {(slug, name): top[pk] for pk, slug, name in names}


def _most_named(organisations, selected):
    """The organisations with most measures in the result, by name: a list of thousands would
    make the page heavy and the choice useless. ``organisations`` holds only those. The
    selected one is among them, since every result names it, unless more than that many
    organisations tie with it; then it is looked up, so that it stays visible and removable."""
    pairs = set(organisations)
    if selected and not any(slug == selected for slug, _name in pairs):
        pairs.update(Organisation.objects.filter(slug=selected).values_list("slug", "name"))
    return sorted(pairs, key=lambda pair: pair[1].lower())


def _challenge_facet(slug):
    """A challenge is chosen from its action field's page, not from a list of 58 sentences:
    the filter only shows the chosen one, so that it can be seen and removed."""
    challenge = Challenge.objects.filter(slug=slug).first() if slug else None
    if challenge is None:
        return []
    option = {
        "value": challenge.slug,
        "label": challenge.short_wording(80),
        "count": None,
        "selected": True,
    }
    return [("herausforderung", _("Herausforderung"), [option])]


def measure_list(request):
    vocabulary = _vocabulary()
    filterset = MeasureFilter(
        request.GET or None, queryset=Measure.objects.published(), vocabulary=vocabulary
    )
    results = filterset.qs
    scalar = marginal_counts(results, "action_field__slug", "status", "level", "citywide")
    total = sum(scalar["status"].values())
    sort = request.GET.get("sort", "titel")
    if sort not in SORTS:
        sort = "titel"
    ordered = (
        results.with_status_order()
        .order_by(*SORTS[sort])
        .select_related("action_field")
        .with_leads()
    )
    paginator = with_known_count(Paginator(ordered, PAGE_SIZE), total)
    page = paginator.get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "measures/measure_list.html",
        {
            "filterset": filterset,
            "crumbs": [(None, _("Maßnahmen"))],
            "page": page,
            "facets": _measure_facets(results, filterset, vocabulary, scalar),
            "sort": sort,
            "sorts": [
                ("titel", _("Titel")),
                ("status", _("Status")),
                ("aktualisiert", _("zuletzt geändert")),
            ],
            "query": query.urlencode(),
            "errors": filterset.errors if filterset.is_bound else {},
        },
    )


def changes(request):
    """Every change since the concept was loaded, 50 a page (four queries a page)."""
    page = Paginator(ChangeLog(), 50).get_page(request.GET.get("seite"))
    return render(
        request,
        "measures/changes.html",
        {"changes": page.object_list, "page": page, "crumbs": [(None, _("Änderungen"))]},
    )


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Stadt Gladbeck"
    feed_guid = f"{TAG_AUTHORITY}:aenderungen"  # the same on every host, like the entries' ids

    @property
    def language(self):
        """xml:lang as the pages' lang (Django would write the code "leichte-sprache")."""
        return html_lang(get_language())

    def link(self):
        return reverse("measures:changes")

    def title(self):
        return _("Änderungen am Konzept Zusammenleben in Gladbeck")

    def subtitle(self):
        return _("Veröffentlichte Maßnahmen, Statusänderungen und Fortschritte, neueste zuerst.")

    def items(self):
        return recent_changes(limit=50)

    def item_title(self, item):
        return f"{item.title}: {item.text[:120]}"

    def item_description(self, item):
        return escape(item.text)  # Atom's summary is type="html"; the text is plain

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return item.uid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.when

    def item_updateddate(self, item):
        return item.when
