"""The open data downloads of /daten/: which datasets there are and their documented columns
(opendata/rows.py reads their rows, opendata/dataset.py writes them as CSV and JSON).

Each dataset is a list of columns (name, meaning, type) and a function that reads its rows in a
fixed number of queries per chunk. The /daten/ page documents the columns from the same
definitions, so the documentation cannot drift from the files. Only published records and public
organisations (offers.visibility) are read.
"""

from django.utils.translation import gettext_lazy as _

from gladbeck.models import OrganisationKind
from measures.models import Challenge, Level, Status
from monitoring.models import Breakdown, Observation
from offers.models import Cost, Offer
from offers.visibility import public_organisations

from .dataset import Column, Dataset, Kind, choices_of
from .rows import (
    challenge_rows,
    measure_rows,
    observation_rows,
    offer_rows,
    organisation_rows,
    published_measures,
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
    read_rows=measure_rows,
    count=lambda: published_measures().count(),
)


# --- Herausforderungen -------------------------------------------------------------------------


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
    read_rows=challenge_rows,
    count=lambda: Challenge.objects.count(),
)


# --- Angebote ----------------------------------------------------------------------------------


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
    read_rows=offer_rows,
    count=lambda: Offer.objects.published().count(),
)


# --- Organisationen ----------------------------------------------------------------------------


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
    read_rows=organisation_rows,
    count=lambda: public_organisations().count(),
)


# --- Messwerte ---------------------------------------------------------------------------------


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
    read_rows=observation_rows,
    count=lambda: Observation.objects.count(),
)


DATASETS = {
    dataset.name: dataset for dataset in (MEASURES, CHALLENGES, OFFERS, ORGANISATIONS, OBSERVATIONS)
}
