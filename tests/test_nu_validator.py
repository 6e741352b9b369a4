"""Every page kind passes the Nu Html Checker (the W3C's HTML validator) without an error.

The pages are rendered with the test client, written to a folder and checked in one run of
the checker (one JVM start, about two seconds). The checker is vnu-jar, pinned in
.tools/package.json and installed with `npm ci --prefix .tools --ignore-scripts`; it needs Java.
Without it the test is skipped, except in CI (REQUIRE_VNU=1), where it fails."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"

PUBLIC_PAGES = {
    "start": "/",
    "handlungsfelder": "/handlungsfelder/",
    "handlungsfeld": "/handlungsfelder/sprache-und-bildung/",
    "massnahmen": "/massnahmen/",
    "massnahmen-gefiltert": "/massnahmen/?stadtteil=brauck&status=idee&sort=status&seite=2",
    "massnahme": "/massnahmen/stadtteileltern-in-innenstadt-und-butendorf/",
    "angebote": "/angebote/",
    "angebote-gefiltert": "/angebote/?kostenlos=ja&stadtteil=brauck&zielgruppe=eltern&alter=9",
    "angebot": "/angebote/maedchenzentrum/",
    "akteur": "/akteure/jobcenter/",
    "stadtteil": "/stadtteile/brauck/",
    "suche": "/suche/?q=Sprache",
    "suche-ohne-treffer": "/suche/?q=Zwergwal",
    "suche-leer": "/suche/",
    "aenderungen": "/aenderungen/",
    "monitoring": "/monitoring/",
    "indikator": "/monitoring/bev-auslaender/",
    "indikator-stadtteile": "/monitoring/bev-auslaender/?ansicht=stadtteile",
    "qualitaet": "/monitoring/qualitaet/",
    "daten": "/daten/",
    "leitbild": "/leitbild/",
    "konzept": "/konzept/",
    "konzept-ausgaben": "/konzept/ausgaben/",
    "konzept-ausgabe": "/konzept/ausgaben/1/",
    "konzept-vergleich": "/konzept/ausgaben/1/vergleich/",
    "konzept-vergleich-gleich": "/konzept/ausgaben/1/vergleich/1/",
    "impressum": "/impressum/",
    "barrierefreiheit": "/barrierefreiheit/",
    "nicht-gefunden": "/gibt-es-nicht/",
    "ungueltige-anfrage": "/suche/?q=%00",
}
# Every page kind once more in Arabic (right to left), and the start page in the others.
PUBLIC_PAGES.update(
    {
        f"ar-{name}": f"/ar{url}"
        for name, url in list(PUBLIC_PAGES.items())
        if name != "ungueltige-anfrage"
    }
)
PUBLIC_PAGES.update(
    {
        f"{language}-start": f"/{language}/"
        for language in ("en", "tr", "pl", "bg", "ro", "uk", "fa", "leichte-sprache")
    }
)
PUBLIC_PAGES.update({"tr-massnahme": "/tr/massnahmen/stadtteileltern-in-innenstadt-und-butendorf/"})
PUBLIC_PAGES.update({"leichte-sprache-leitbild": "/leichte-sprache/leitbild/"})
STEERING_PAGES = {"sachstand": "/berichte/sachstand/", "ar-sachstand": "/ar/berichte/sachstand/"}


def vnu_command():
    """The checker's command line, or a skip (a failure in CI) when it cannot run here."""
    java = shutil.which("java")
    if java and VNU_JAR.exists():
        return [java, "-jar", str(VNU_JAR)]
    missing = "java (apt-get install default-jre-headless)" if not java else str(VNU_JAR)
    if os.environ.get("REQUIRE_VNU") == "1":
        pytest.fail(f"The Nu Html Checker cannot run: {missing} is missing")
    pytest.skip(f"The Nu Html Checker cannot run: {missing} is missing")


def render(client, pages, folder):
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response["Content-Type"].startswith("text/html"), url
        path = folder / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    return files


def nu_errors(command, files):
    """The checker's errors as readable lines: file, line and message."""
    result = subprocess.run(
        [*command, "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"The Nu Html Checker did not answer in JSON:\n{result.stderr[-2000:]}")
    return [
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f" [{m.get('extract', '').strip()[:80]}]"
        for m in messages
        if m.get("type") != "info"
    ]


def test_every_page_kind_passes_the_nu_html_checker(client, steering, tmp_path):
    command = vnu_command()
    files = render(client, PUBLIC_PAGES, tmp_path)
    client.force_login(steering)
    files += render(client, STEERING_PAGES, tmp_path)
    errors = nu_errors(command, files)
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors)
