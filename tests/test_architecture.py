"""The apps stay stacked so that every arrow points down (see README, "Apps"), and internal
addresses come from URL names. The checks read the source: imports, string references to
models, migration dependencies, reversed URL names and template links."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Higher layers may use lower ones; apps on one layer are siblings and use neither each other.
LAYERS = {
    "gladbeck": 0,
    "measures": 1,
    "offers": 2,
    "monitoring": 2,
    "portal": 3,
    "opendata": 3,
    "concept": 4,
    "bench": 5,
}
# The project's wiring sits above everything: it names every app on purpose.
WIRING = {"gladbeck/settings.py", "gladbeck/urls.py", "gladbeck/wsgi.py", "gladbeck/asgi.py"}
# The one sideways reference the design allows: a programme report is about an offer (§4.4).
ALLOWED = {
    ("monitoring", "offers", "model reference offers.Offer"),
    ("monitoring", "offers", "migration dependency on offers"),
    ("monitoring", "offers", "app label 'offers'"),
}

MODEL_REFERENCE = re.compile(r"""["']([a-z_]+)\.([A-Z][A-Za-z]+)["']""")
GET_MODEL = re.compile(r"""get_model\(\s*["']([a-z_]+)["']""")
APP_AND_MODEL = re.compile(r"""\(\s*["']([a-z_]+)["']\s*,\s*["'][A-Z][A-Za-z]+["']""")
MIGRATION_DEPENDENCY = re.compile(r"""\(\s*["']([a-z_]+)["']\s*,\s*["']\d{4}_""")
REVERSE = re.compile(r"""reverse(?:_lazy)?\(\s*["']([a-z_]+):""")
URL_TAG = re.compile(r"""\{%\s*url\s+["']([a-z_]+):""")


def app_of(path):
    relative = path.relative_to(ROOT)
    return relative.parts[0] if relative.parts[0] in LAYERS else None


def reverse_relations():
    """{app: {accessor or query name: other app}} for the relations that other apps' models
    hold to ``app``'s models: using one from ``app`` reaches into the other app."""
    from django.apps import apps

    found = {}
    for model in apps.get_models():
        source = model._meta.app_label
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            target = field.related_model._meta.app_label
            if source not in LAYERS or target not in LAYERS or source == target:
                continue
            names = {field.remote_field.get_accessor_name(), field.related_query_name()}
            for name in names - {None, "+"}:
                if not name.endswith("+"):
                    found.setdefault(target, {})[name] = source
    return found


def url_prefixes():
    """{first path segment: apps serving addresses under it}, from the URL configuration."""
    from django.urls import URLResolver, get_resolver

    found = {}
    patterns = list(get_resolver().url_patterns)
    # The public apps sit inside i18n_patterns (a resolver of their own, without an app).
    for pattern in list(patterns):
        if isinstance(pattern, URLResolver) and pattern.app_name is None:
            patterns += pattern.url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver) and pattern.app_name in LAYERS:
            for inner in pattern.url_patterns:
                segment = str(inner.pattern).split("/")[0]
                if segment and "<" not in segment:
                    found.setdefault(f"/{segment}/", set()).add(pattern.app_name)
    return found


def edges_of_python(app, source):
    """(target app, what) for every reference from ``source`` to another app."""
    found = []
    accessors = reverse_relations().get(app, {})
    prefixes = url_prefixes()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            names = []
        for name in names:
            found.append((name.split(".")[0], f"import {name}"))
        if isinstance(node, ast.Attribute) and node.attr in accessors:
            found.append((accessors[node.attr], f"reverse relation .{node.attr}"))
        if isinstance(node, ast.keyword) and node.arg and node.arg.split("__")[0] in accessors:
            found.append((accessors[node.arg.split("__")[0]], f"lookup {node.arg}"))
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if text in LAYERS:
                found.append((text, f"app label {text!r}"))
            lookup = text.split("__")[0]
            if "__" in text and lookup in accessors:
                found.append((accessors[lookup], f"lookup {text}"))
            for prefix, owners in prefixes.items():
                if text.startswith(prefix) and app not in owners:
                    found.extend((owner, f"address {text}") for owner in owners)
    for target, model in MODEL_REFERENCE.findall(source):
        found.append((target, f"model reference {target}.{model}"))
    for target in GET_MODEL.findall(source):
        found.append((target, f"get_model {target}"))
    for target in MIGRATION_DEPENDENCY.findall(source):
        found.append((target, f"migration dependency on {target}"))
    for namespace in REVERSE.findall(source):
        found.append((namespace, f"reverse {namespace}:…"))
    return [(target, what) for target, what in found if target in LAYERS and target != app]


def edges_of_template(app, source):
    return [
        (namespace, f"url tag {namespace}:…")
        for namespace in URL_TAG.findall(source)
        if namespace in LAYERS and namespace != app
    ]


def upward(app, edges):
    """The edges that point up or sideways (and are not the allowed one)."""
    return [
        (target, what)
        for target, what in edges
        if LAYERS[target] >= LAYERS[app] and (app, target, what) not in ALLOWED
    ]


def source_files():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*")):
            relative = str(path.relative_to(ROOT))
            if relative in WIRING or "__pycache__" in path.parts:
                continue
            if path.suffix in (".py", ".html", ".txt", ".xml"):
                yield app, path


def test_no_app_uses_an_app_above_it_or_beside_it():
    problems = []
    for app, path in source_files():
        source = path.read_text(encoding="utf-8")
        edges = (
            edges_of_python(app, source) if path.suffix == ".py" else edges_of_template(app, source)
        )
        for target, what in upward(app, edges):
            problems.append(f"{path.relative_to(ROOT)}: {app} → {target} ({what})")
    assert problems == []


# Yesterday's edges, as they were written: each must be caught.
@pytest.mark.parametrize(
    "app, source",
    [
        ("monitoring", "from offers.models import Offer"),
        (
            "monitoring",
            'offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT)\n'
            'x = "offers.Category"',
        ),
        ("measures", 'url = reverse("offers:list")'),
        ("gladbeck", 'return reverse("monitoring:district", args=[self.slug])'),
        ("gladbeck", "from measures.models import Measure"),
        ("measures", 'dependencies = [("measures", "0002_roles"), ("portal", "0001_initial")]'),
        ("portal", "from opendata.views import index"),
        ("gladbeck", 'CONTENT_APPS = ("gladbeck", "measures", "offers", "monitoring")'),
        ("gladbeck", 'UNCACHED_PREFIXES = ("/admin/", "/berichte/", "/monitoring/qualitaet/")'),
        ("gladbeck", 'return f"/stadtteile/{self.slug}/"'),
        ("measures", "offers = measure.action_field.offers.model.objects.published()"),
        ("measures", "indicator_model = measure.indicators.model"),
        ("measures", 'ActionField.objects.filter(offers__title="x")'),
    ],
)
def test_the_check_catches_an_edge_that_runs_up_or_sideways(app, source):
    assert upward(app, edges_of_python(app, source))


def test_migrations_change_only_their_own_apps_tables():
    """offers/0003 once added search indexes to tables of measures and gladbeck."""
    problems = [
        f"{path.relative_to(ROOT)}: {app} → {target}"
        for app in LAYERS
        for path in sorted((ROOT / app).glob("migrations/0*.py"))
        for target in foreign_tables(app, path.read_text(encoding="utf-8"))
    ]
    assert problems == []


def foreign_tables(app, source):
    named = GET_MODEL.findall(source) + APP_AND_MODEL.findall(source)
    return sorted({target for target in named if target in LAYERS and target != app})


@pytest.mark.parametrize(
    "source",
    [
        'schema_editor.add_index(apps.get_model("measures", "Measure"), index)',
        'INDEXES = [("measures", "Measure", ["title"], "measure_search")]',
    ],
)
def test_the_migration_check_catches_an_index_on_another_apps_table(source):
    assert foreign_tables("offers", source) == ["measures"]


def test_the_check_catches_a_template_link_up_the_graph():
    assert upward("measures", edges_of_template("measures", "{% url 'portal:home' %}"))


def test_the_check_allows_edges_down_the_graph():
    source = "from gladbeck.models import District\nfrom measures.models import Measure\n"
    assert upward("portal", edges_of_python("portal", source)) == []


LITERAL_LINK = re.compile(r"""(?:href|action|src)=["'](?:/(?!/)|["'])""")


def templates():
    for path in sorted(ROOT.rglob("*.html")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in (".venv", "staticfiles", "node_modules"):
            continue
        yield path


def test_templates_link_to_the_portals_pages_by_url_name():
    """A literal internal address (href="/…", action="" …) would miss a language prefix."""
    problems = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}"
        for path in templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LITERAL_LINK.search(line)
    ]
    assert problems == []


def test_no_module_is_longer_than_500_lines():
    long = [
        f"{path.relative_to(ROOT)}: {lines}"
        for app in LAYERS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > 500
    ]
    assert long == []
