"""How the HSDS API answers: errors as JSON, parameters read strictly, lists as HSDS pages or
streamed as ndjson."""

import json
import math
import uuid
from datetime import datetime, time

from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe


def open_to_all(response):
    """Open data may be read from any web page."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
# ``minimal=true`` is meant to fetch every service in one call (HSDS), so its pages are larger.
MINIMAL_PAGE_SIZE = 1000


class BadRequest(Exception):
    """A query parameter the API cannot answer; its message is shown to the caller."""


def json_answer(data, status=200):
    return open_to_all(JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False}))


def error_answer(message, status):
    return json_answer({"error": message}, status=status)


def api(view):
    """GET only; a bad parameter is a 400 with a message, an unknown id a 404, both as JSON."""

    @require_safe
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return error_answer(str(error), 400)
        except Http404 as error:
            return error_answer(str(error) or _("Diesen Eintrag gibt es nicht."), 404)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def positive_int(request, name, default):
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


def flag(request, name):
    raw = request.GET.get(name, "").strip().lower()
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise BadRequest(_("Der Parameter „%(name)s“ kennt nur „true“ oder „false“.") % {"name": name})


def uuid_param(request, name):
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise BadRequest(
            _("Der Parameter „%(name)s“ muss eine UUID sein.") % {"name": name}
        ) from None


def datetime_param(request, name):
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


def answer_format(request):
    raw = request.GET.get("format", "").strip().lower()
    if raw in ("", "json", "ndjson"):
        return raw or "json"
    raise BadRequest(_("Der Parameter „format“ kennt nur „json“ oder „ndjson“."))


def answer(request, items, total, serialize, page_size=DEFAULT_PAGE_SIZE, max_size=MAX_PAGE_SIZE):
    """A list as an HSDS ``Page``, or with ``format=ndjson`` every item without pages, one JSON
    object per line (``application/x-ndjson``)."""
    if answer_format(request) == "ndjson":
        lines = ndjson_lines(items, serialize)
        return open_to_all(StreamingHttpResponse(lines, content_type="application/x-ndjson"))
    return json_answer(page_of(request, items, total, serialize, page_size, max_size))


# Items read and written at a time by a streamed ndjson answer.
NDJSON_CHUNK = 500


def ndjson_lines(items, serialize):
    """Every item as one JSON object per line, read and written a chunk at a time (bounded
    memory however long the list; ``items`` is ordered, so the chunks do not overlap)."""
    start = 0
    while True:
        chunk = list(items[start : start + NDJSON_CHUNK])
        if not chunk:
            return
        prepare_items(serialize, chunk)
        yield "".join(
            json.dumps(serialize(item), ensure_ascii=False) + "\n" for item in chunk
        ).encode("utf-8")
        start += NDJSON_CHUNK


def prepare_items(serialize, items):
    """Let a serializer read what the chosen items need, in a fixed number of queries."""
    prepare = getattr(serialize, "prepare", None)
    if prepare is not None:
        prepare(items)


def page_of(request, items, total, serialize, page_size=DEFAULT_PAGE_SIZE, max_size=MAX_PAGE_SIZE):
    """An HSDS ``Page``. ``items`` is a queryset or list, sliced to the requested page only.

    ``page`` starts at 1. ``per_page`` above the maximum is lowered to it. A page after the
    last one is a 400: the caller has the page count from the first answer."""
    number = positive_int(request, "page", 1)
    size = min(positive_int(request, "per_page", page_size), max_size)
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
    prepare_items(serialize, chosen)
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
