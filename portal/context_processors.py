"""Which section of the main navigation the current page belongs to, from the resolved view
(not from the address, which other languages will prefix)."""

SECTIONS = {
    ("gladbeck", "leitbild"): "leitbild",
    ("portal", "action_fields"): "action_fields",
    ("portal", "action_field"): "action_fields",
    ("measures", "list"): "measures",
    ("portal", "measure"): "measures",
    ("offers", None): "offers",
    ("monitoring", None): "monitoring",
    ("portal", "search"): "search",
    ("measures", "status_report"): "status_report",
}


def navigation(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {"current_section": None}
    section = SECTIONS.get((match.namespace, match.url_name)) or SECTIONS.get(
        (match.namespace, None)
    )
    return {"current_section": section}
