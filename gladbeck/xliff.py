"""XLIFF 1.2 exchange with translation agencies: writing the file and reading it back.

The export has one <file> per content kind (model) and one <trans-unit> per record and field,
identified as "measures.measure/42/title" (app label and model, primary key, field). The
<source> is the current German text, the <target> the translation the portal has, if any.

Language tags: the portal's Django codes are BCP 47 tags already ("tr", "ar", "fa" …), except
Leichte Sprache, whose code "leichte-sprache" only names the address prefix. In the file it is
German with a private-use subtag, "de-x-ls" (valid BCP 47; translation tools accept it or ask
to map it to German once). The import accepts the tag or the portal's code.

Reading is safe without defusedxml: the file is parsed by expat (2.4+ limits entity
amplification anyway), and any DOCTYPE, entity declaration or external entity reference
stops the parse, so no entity is ever expanded and nothing outside the file is fetched.

The import is checked whole before anything is saved (``check``), and saved in one
transaction (``save_units``): the records are saved through the model, so the history gets an
entry with the reason "XLIFF-Import (tr)" and the page cache moves on as for any save.
"""

import re
from collections import Counter
from dataclasses import dataclass
from xml.etree.ElementTree import TreeBuilder
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from gladbeck.languages import html_lang
from gladbeck.translation_status import (
    SOURCE_LANGUAGE,
    State,
    field_state,
    fingerprint,
    public_records,
    set_translation,
    target_languages,
    translatable_models,
    translated_fields,
    translation_of,
)

NS = "urn:oasis:names:tc:xliff:document:1.2"
# The XLIFF 1.2 state of the <target> for each of the portal's states.
TARGET_STATES = {
    State.MISSING: "needs-translation",
    State.OUTDATED: "needs-review-translation",
    State.UNCHECKED: "needs-review-translation",
    State.CURRENT: "final",
}
DEFAULT_STATES = (State.MISSING, State.OUTDATED)
EXPORT_STATES = (State.MISSING, State.OUTDATED, State.UNCHECKED, State.CURRENT)
# Characters XML 1.0 does not allow; they are left out of the export.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TAG_AS_TEXT = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(\s[^<>]*)?/?>")


def language_tag(code):
    return html_lang(code)


def language_from_tag(tag):
    """The portal's code for a tag in a file, or None when the portal has no such language.
    Tools often write a region ("tr-TR", "fa-AF", "de-DE-x-ls"): it is ignored; Dari's own
    code "prs" is the portal's "fa"."""
    wanted = (tag or "").strip().lower().replace("_", "-")
    for code in target_languages():
        if wanted in (code.lower(), language_tag(code).lower()):
            return code
    subtags = wanted.split("-")
    if subtags[0] == SOURCE_LANGUAGE:
        return "leichte-sprache" if subtags[-2:] == ["x", "ls"] else None
    primary = {"prs": "fa"}.get(subtags[0], subtags[0])
    return primary if primary in target_languages() else None


def model_by_label(label):
    return next((m for m in translatable_models() if m._meta.label_lower == label), None)


def unit_id(record, field):
    return f"{record._meta.label_lower}/{record.pk}/{field}"


def field_label(model, field):
    return str(model._meta.get_field(field).verbose_name)


@dataclass
class Unit:
    id: str
    resname: str
    source: str
    target: str
    state: str
    note: str


def units(model, language, states=DEFAULT_STATES):
    """The units of one content kind whose state in ``language`` is one of ``states``."""
    fields = translated_fields(model)
    kind = str(model._meta.verbose_name)
    for record in public_records(model).order_by("pk").iterator(chunk_size=500):
        name = getattr(record, "slug", None) or getattr(record, "key", None) or record.pk
        for field in fields:
            state = field_state(record, field, language)
            if state is None or state not in states:
                continue
            label = field_label(model, field)
            yield Unit(
                id=unit_id(record, field),
                resname=f"{model._meta.label_lower}/{name}/{field}",
                source=getattr(record, field),
                target=translation_of(record, field, language),
                state=state,
                note=_("%(kind)s „%(record)s“, %(field)s; Stand der Übersetzung: %(state)s")
                % {"kind": kind, "record": record, "field": label, "state": State(state).label},
            )


def _text(value):
    return escape(NOT_XML.sub("", value), {"\r": "&#13;"})


def write_xliff(language, models, states=DEFAULT_STATES):
    """The export as pieces of text (for a streamed download): one <file> per model."""
    tag = quoteattr(language_tag(language))
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<xliff version="1.2" xmlns="{NS}">\n'
    for model in models:
        plural = _text(str(model._meta.verbose_name_plural))
        yield (
            f'  <file original={quoteattr(model._meta.label_lower)} datatype="plaintext"'
            f' source-language="{SOURCE_LANGUAGE}" target-language={tag}>\n'
            f"    <header><note>{plural}</note></header>\n    <body>\n"
        )
        for unit in units(model, language, states):
            yield (
                f"      <trans-unit id={quoteattr(unit.id)} resname={quoteattr(unit.resname)}"
                ' xml:space="preserve">\n'
                f"        <source>{_text(unit.source)}</source>\n"
                f'        <target state="{TARGET_STATES[unit.state]}">'
                f"{_text(unit.target)}</target>\n"
                f"        <note>{_text(unit.note)}</note>\n"
                "      </trans-unit>\n"
            )
        yield "    </body>\n  </file>\n"
    yield "</xliff>\n"


# Reading


class Forbidden(Exception):
    pass


def _forbid(*args):
    raise Forbidden


def _name(expat_name):
    namespace, _space, local = expat_name.rpartition(" ")
    return f"{{{namespace}}}{local}" if namespace else local


def parse(data):
    """The file's root element; DOCTYPE and entity declarations are refused (Forbidden),
    a file that is not well-formed raises expat.ExpatError."""
    builder = TreeBuilder()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.UnparsedEntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    parser.StartElementHandler = lambda tag, attrs: builder.start(
        _name(tag), {_name(key): value for key, value in attrs.items()}
    )
    parser.EndElementHandler = lambda tag: builder.end(_name(tag))
    parser.CharacterDataHandler = builder.data
    parser.Parse(data, True)
    return builder.close()


@dataclass
class Problem:
    unit: str  # "" for the whole file
    message: str


@dataclass
class Translation:
    unit: str
    record: object
    field: str
    text: str


def _element_names(element):
    """The inline elements inside a <source> or <target>, with their ids; the segment marks
    some tools add (<mrk mtype="seg">) are no markup of the text."""
    return Counter(
        (child.tag.rpartition("}")[2], child.get("id", ""))
        for child in element.iter()
        if child is not element
        and not (child.tag == f"{{{NS}}}mrk" and child.get("mtype") == "seg")
    )


def _describe(names):
    return ", ".join(f"<{tag} id={ident}>" if ident else f"<{tag}>" for tag, ident in sorted(names))


def _refused(message):
    return None, [], [Problem("", message)]


def read(data):
    """(language code, [Translation], [Problem]) for an uploaded file; nothing is saved.
    Call inside transaction.atomic: the records it reads stay locked for ``save_units``."""
    try:
        root = parse(data)
    except Forbidden:
        return _refused(
            _(
                "Die Datei enthält eine DOCTYPE- oder ENTITY-Angabe. Aus Sicherheitsgründen "
                "werden solche Dateien nicht angenommen; bitte exportieren Sie sie ohne."
            )
        )
    except expat.ExpatError as error:
        return _refused(
            _(
                "Die Datei ist keine gültige XML-Datei (Zeile %(line)s, Spalte %(column)s: "
                "%(error)s). Es wurde nichts gespeichert."
            )
            % {
                "line": error.lineno,
                "column": error.offset + 1,
                "error": expat.ErrorString(error.code),
            }
        )
    if root.tag != f"{{{NS}}}xliff" or root.get("version") != "1.2":
        return _refused(_("Die Datei ist keine XLIFF-1.2-Datei."))
    files = root.findall(f"{{{NS}}}file")
    tags = {file.get("target-language", "") for file in files}
    languages = {language_from_tag(tag) for tag in tags}
    if len(languages) > 1:
        return _refused(
            _("Die Datei enthält mehrere Zielsprachen (%(tags)s); bitte eine Datei je Sprache.")
            % {"tags": ", ".join(sorted(f"„{tag}“" for tag in tags))}
        )
    if None in languages or not languages:
        shown = ", ".join(sorted(f"„{tag}“" for tag in tags)) or "–"
        return _refused(
            _(
                "Die Zielsprache der Datei (%(tags)s) ist keine Sprache des Portals. "
                "Möglich sind: %(known)s. Es wurde nichts gespeichert."
            )
            % {
                "tags": shown,
                "known": ", ".join(language_tag(code) for code in target_languages()),
            }
        )
    language = languages.pop()
    problems = []
    sources = {file.get("source-language", "").lower().split("-")[0] for file in files}
    if sources != {SOURCE_LANGUAGE}:
        problems.append(Problem("", _("Die Ausgangssprache der Datei muss Deutsch („de“) sein.")))
    translations = []
    records = {}
    seen = set()
    for element in root.iter(f"{{{NS}}}trans-unit"):
        ident = element.get("id", "")
        if ident in seen:
            problems.append(Problem(ident, _("Die Einheit kommt mehrfach in der Datei vor.")))
            continue
        seen.add(ident)
        found, problem = _read_unit(ident, element, records)
        if problem:
            problems.append(Problem(ident or "–", problem))
        else:
            translations.append(found)
    if not seen and not problems:
        problems.append(Problem("", _("Die Datei enthält keine Übersetzungseinheiten.")))
    return language, translations, problems


def _record(ident, records):
    """(model, record, field) for a unit id, or a German reason why it is unknown. The record
    is locked until the import's transaction ends (the check and the save see one state);
    ``records`` keeps the records already read by (model, pk)."""
    label, _slash, rest = ident.partition("/")
    pk, _slash, field = rest.partition("/")
    model = model_by_label(label)
    if model is None:
        return None, _("Unbekannte Einheit: „%(label)s“ ist keine übersetzbare Inhaltsart.") % {
            "label": label
        }
    if field not in translated_fields(model):
        return None, _(
            "Unbekannte Einheit: %(kind)s haben kein übersetzbares Feld „%(field)s“."
        ) % {
            "kind": model._meta.verbose_name_plural,
            "field": field,
        }
    is_number = pk.isascii() and pk.isdigit() and len(pk) < 16
    key = (model, int(pk) if is_number else None)
    if key not in records:
        found = model._default_manager.select_for_update().filter(pk=key[1])
        records[key] = found.first() if is_number else None
    record = records[key]
    if record is None:
        return None, _("Unbekannte Einheit: %(kind)s Nr. %(pk)s gibt es nicht (mehr).") % {
            "kind": model._meta.verbose_name,
            "pk": pk,
        }
    return (model, record, field), None


def _read_unit(ident, element, records):
    found, problem = _record(ident, records)
    if problem:
        return None, problem
    model, record, field = found
    source = element.find(f"{{{NS}}}source")
    target = element.find(f"{{{NS}}}target")
    source_text = "".join(source.itertext()) if source is not None else ""
    if not (getattr(record, field) or "").strip():
        return None, _("Der deutsche Text ist inzwischen leer; es gibt nichts zu übersetzen.")
    if fingerprint(source_text) != fingerprint(getattr(record, field)):
        return None, _(
            "Der Ausgangstext stimmt nicht mehr mit dem deutschen Text überein: er wurde seit "
            "dem Export geändert. Bitte exportieren Sie diese Einheit neu."
        )
    if target is None or not "".join(target.itertext()).strip():
        return None, _("Die Übersetzung fehlt (kein oder leeres <target>).")
    extra = _element_names(target) - _element_names(source)
    if extra:
        return None, _(
            "Die Übersetzung enthält Auszeichnungen, die der Ausgangstext nicht hat: %(tags)s."
        ) % {"tags": _describe(extra)}
    text = "".join(target.itertext())
    tags_in_text = set(m.group(0) for m in TAG_AS_TEXT.finditer(text))
    tags_in_text -= set(m.group(0) for m in TAG_AS_TEXT.finditer(source_text))
    if tags_in_text:
        return None, _(
            "Die Übersetzung enthält HTML-Auszeichnungen als Text, die der Ausgangstext nicht "
            "hat: %(tags)s."
        ) % {"tags": ", ".join(sorted(tags_in_text))}
    max_length = model._meta.get_field(field).max_length
    if max_length and len(text.strip()) > max_length:
        return None, _("Die Übersetzung ist zu lang: höchstens %(max)s Zeichen.") % {
            "max": max_length
        }
    return Translation(ident, record, field, text), None


def save_units(language, translations):
    """Store every translation as current, one save per record; returns {model: count}.
    Call in the transaction of ``read``, after it found no problem."""
    by_record = {}
    for translation in translations:
        by_record.setdefault(id(translation.record), []).append(translation)
    counts = Counter()
    for found in by_record.values():
        record = found[0].record
        for translation in found:
            set_translation(record, translation.field, language, translation.text, checked=True)
        record._change_reason = f"XLIFF-Import ({language})"
        record.save()
        counts[type(record)] += len(found)
    return counts
