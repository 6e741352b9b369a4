"""Import and export of measures and challenges for staff (conventions: gladbeck/staff_import/).

Measures carry their stakeholders in one column "Akteur*innen" as "Name (Rolle); …", e.g.
"Jobcenter Gladbeck (federführend); VHS Gladbeck (beteiligt)". An imported list replaces the
measure's stakeholders; the note of a stakeholder that stays is kept. The challenges a measure
works on stand by their wording, one per line (a wording may hold a semicolon); a Kürzel is
read too, as older files have them.
"""

import re

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from gladbeck.models import District, Organisation, TargetGroup
from gladbeck.publishing import Publication
from gladbeck.staff_import.resources import StaffResource
from gladbeck.staff_import.widgets import (
    SEPARATOR,
    ChoiceWidget,
    DateWidget,
    IntegerWidget,
    NameLookup,
    NamesWidget,
    NameWidget,
    YesNoWidget,
    column,
    quoted,
)
from measures.models import (
    ActionField,
    Challenge,
    Level,
    Measure,
    Role,
    Stakeholder,
    Status,
    SubArea,
)

STAKEHOLDER_PATTERN = re.compile(r"^(?P<name>.+?)\s*\((?P<role>[^()]*)\)\s*$")
ROLE_ORDER = {role.value: index for index, role in enumerate(Role)}


def ordered_stakeholders(stakeholders):
    return sorted(
        stakeholders, key=lambda s: (ROLE_ORDER.get(s.role, 99), s.organisation.name.casefold())
    )


def render_stakeholders(pairs):
    """``pairs`` of (organisation name, role value) as "Name (Rolle); …"."""
    labels = dict(Role.choices)
    return f"{SEPARATOR} ".join(f"{name} ({labels[role]})" for name, role in pairs)


class ChallengesWidget(NamesWidget):
    """Challenges by their wording, one per line; a line that is no wording may be a Kürzel,
    or several Kürzel separated by "; " (files exported before the wording was written)."""

    def __init__(self):
        super().__init__(Challenge, "wording")
        self.separator = "\n"
        self.slugs = NameLookup(Challenge, "slug")

    def __deepcopy__(self, memo):
        return ChallengesWidget()

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return []
        found, unknown = [], []
        for line in str(value).splitlines():
            line = line.strip()
            if not line:
                continue
            match = self.lookup.find(line)
            if match is not None:
                candidates = [match]
            else:
                parts = [part.strip() for part in line.split(SEPARATOR) if part.strip()]
                candidates = [self.slugs.find(part) for part in parts]
                if None in candidates:
                    unknown.append(line)
                    continue
            found.extend(c for c in candidates if c not in found)
        if unknown:
            raise ValueError(
                _("Unbekannt (%(model)s): %(names)s.")
                % {"model": Challenge._meta.verbose_name_plural, "names": quoted(unknown)}
            )
        return found

    def render_list(self, objects):
        return "\n".join(" ".join(c.wording.split()) for c in objects)


class MeasureResource(StaffResource):
    publish_permission = "measures.publish_measure"

    slug = column("slug", gettext_lazy("Kürzel"))
    title = column("title", gettext_lazy("Titel"))
    summary = column("summary", gettext_lazy("Kurzfassung"))
    goal = column("goal", gettext_lazy("Ziel"))
    description = column("description", gettext_lazy("Beschreibung"))
    action_field = column(
        "action_field", gettext_lazy("Handlungsfeld"), NameWidget(ActionField, "title")
    )
    further_action_fields = column(
        "further_action_fields",
        gettext_lazy("weitere Handlungsfelder"),
        NamesWidget(ActionField, "title"),
    )
    challenges = column(
        "challenges", gettext_lazy("bearbeitete Herausforderungen"), ChallengesWidget()
    )
    target_groups = column("target_groups", gettext_lazy("Zielgruppen"), NamesWidget(TargetGroup))
    citywide = column("citywide", gettext_lazy("gesamtstädtisch"), YesNoWidget())
    districts = column("districts", gettext_lazy("Stadtteile"), NamesWidget(District))
    level = column("level", gettext_lazy("Ebene"), ChoiceWidget(Level.choices))
    status = column("status", gettext_lazy("Status"), ChoiceWidget(Status.choices))
    progress = column("progress", gettext_lazy("Fortschritt in %"), IntegerWidget())
    planned_start = column("planned_start", gettext_lazy("geplanter Beginn"), DateWidget())
    planned_end = column("planned_end", gettext_lazy("geplantes Ende"), DateWidget())
    actual_start = column("actual_start", gettext_lazy("tatsächlicher Beginn"), DateWidget())
    actual_end = column("actual_end", gettext_lazy("tatsächliches Ende"), DateWidget())
    stakeholders = Field(column_name=gettext_lazy("Akteur*innen"))
    resources = column("resources", gettext_lazy("benötigte Ressourcen"))
    funding = column("funding", gettext_lazy("Finanzierung"))
    concept_section = column("concept_section", gettext_lazy("Abschnitt im Konzept"))
    publication = column(
        "publication", gettext_lazy("Veröffentlichung"), ChoiceWidget(Publication.choices)
    )
    internal_note = column("internal_note", gettext_lazy("interne Notiz"))

    class Meta(StaffResource.Meta):
        model = Measure
        name = gettext_lazy("Maßnahmen")
        fields = (
            "slug",
            "title",
            "summary",
            "goal",
            "description",
            "action_field",
            "further_action_fields",
            "challenges",
            "target_groups",
            "citywide",
            "districts",
            "level",
            "status",
            "progress",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "stakeholders",
            "resources",
            "funding",
            "concept_section",
            "publication",
            "internal_note",
        )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.organisations = NameLookup(Organisation)

    @staticmethod
    def with_related(queryset):
        return queryset.select_related("action_field").prefetch_related(
            "further_action_fields",
            "challenges",
            "target_groups",
            "districts",
            Prefetch("stakeholders", queryset=Stakeholder.objects.select_related("organisation")),
        )

    def get_queryset(self):
        return self.with_related(Measure.objects.all())

    def filter_export(self, queryset, **kwargs):
        return self.with_related(queryset)

    # The stakeholders column

    def dehydrate_stakeholders(self, measure):
        planned = getattr(measure, "_imported_stakeholders", None)
        if planned is not None:
            return render_stakeholders((org.name, role) for org, role in planned)
        if not measure.pk:
            return ""
        return render_stakeholders(
            (s.organisation.name, s.role) for s in ordered_stakeholders(measure.stakeholders.all())
        )

    def parse_stakeholders(self, value):
        """ "Name (Rolle); …" as a list of (organisation, role value); ValueError lists every
        part that is not understood."""
        roles = {label.casefold(): stored for stored, label in Role.choices}
        roles.update({stored: stored for stored, _label in Role.choices})
        result, problems, seen = [], [], set()
        for part in str(value or "").split(SEPARATOR):
            part = part.strip()
            if not part:
                continue
            match = STAKEHOLDER_PATTERN.match(part)
            role = roles.get(match["role"].strip().casefold()) if match else None
            if role is None:
                problems.append(
                    _("„%(part)s“: bitte als „Name (Rolle)“ schreiben, Rolle eine von %(roles)s")
                    % {
                        "part": part,
                        "roles": ", ".join(f"„{label}“" for _s, label in Role.choices),
                    }
                )
                continue
            organisation = self.organisations.find(match["name"])
            if organisation is None:
                problems.append(
                    _("Organisation „%(name)s“ gibt es nicht") % {"name": match["name"].strip()}
                )
            elif organisation.pk in seen:
                problems.append(
                    _("„%(name)s“ steht mehrfach in der Liste") % {"name": organisation.name}
                )
            else:
                seen.add(organisation.pk)
                result.append((organisation, role))
        if problems:
            raise ValueError("; ".join(problems) + ".")
        return result

    def import_extra(self, instance, row, **kwargs):
        field = self.fields["stakeholders"]
        if field.column_name not in row:
            return
        try:
            instance._imported_stakeholders = self.parse_stakeholders(row[field.column_name])
        except ValueError as error:
            raise ValidationError({field.column_name: str(error)}) from None

    def extra_unchanged(self, instance, original, row):
        planned = getattr(instance, "_imported_stakeholders", None)
        if planned is None:
            return True
        stored = {(s.organisation_id, s.role) for s in original.stakeholders.all()}
        return stored == {(org.pk, role) for org, role in planned}

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        planned = getattr(instance, "_imported_stakeholders", None)
        if planned is None or (kwargs.get("dry_run") and not kwargs.get("using_transactions")):
            return
        roles = {organisation.pk: role for organisation, role in planned}
        for stakeholder in Stakeholder.objects.filter(measure=instance):
            wanted = roles.pop(stakeholder.organisation_id, None)
            if kwargs.get("dry_run"):
                stakeholder.skip_history_when_saving = True
            if wanted is None:
                stakeholder.delete()
            elif stakeholder.role != wanted:
                stakeholder.role = wanted
                stakeholder.save()
        for organisation_id, role in roles.items():
            stakeholder = Stakeholder(measure=instance, organisation_id=organisation_id, role=role)
            if kwargs.get("dry_run"):
                stakeholder.skip_history_when_saving = True
            stakeholder.save()


class SubAreaWidget(NameWidget):
    """A sub-area by its title, within the action field of the same row."""

    def __init__(self):
        super().__init__(SubArea, "title")

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return None
        title = " ".join(str(value).split()).casefold()
        field_title = " ".join(str((row or {}).get(_("Handlungsfeld")) or "").split()).casefold()
        matches = [
            area
            for area in self.all_areas()
            if area.title.casefold() == title
            and (not field_title or area.action_field.title.casefold() == field_title)
        ]
        if len(matches) != 1:
            raise ValueError(
                _("Teilbereich „%(value)s“ gibt es in diesem Handlungsfeld nicht.")
                % {"value": str(value).strip()}
            )
        return matches[0]

    def all_areas(self):
        if not hasattr(self, "_areas"):
            self._areas = list(SubArea.objects.select_related("action_field"))
        return self._areas

    def __deepcopy__(self, memo):
        return SubAreaWidget()


class ChallengeResource(StaffResource):
    slug = column("slug", gettext_lazy("Kürzel"))
    action_field = column(
        "action_field", gettext_lazy("Handlungsfeld"), NameWidget(ActionField, "title")
    )
    sub_area = column("sub_area", gettext_lazy("Teilbereich"), SubAreaWidget())
    wording = column("wording", gettext_lazy("Wortlaut"))
    goal = column("goal", gettext_lazy("Ziel"))
    rank = column("rank", gettext_lazy("Rang"), IntegerWidget())
    votes = column("votes", gettext_lazy("Stimmen"), IntegerWidget())
    is_central = column("is_central", gettext_lazy("zentrale Herausforderung"), YesNoWidget())
    concept_section = column("concept_section", gettext_lazy("Abschnitt im Konzept"))
    target_groups = column("target_groups", gettext_lazy("Zielgruppen"), NamesWidget(TargetGroup))
    districts = column("districts", gettext_lazy("Stadtteile"), NamesWidget(District))
    position = column("position", gettext_lazy("Reihenfolge"), IntegerWidget(), default=0)

    class Meta(StaffResource.Meta):
        model = Challenge
        name = gettext_lazy("Herausforderungen")
        fields = (
            "slug",
            "action_field",
            "sub_area",
            "wording",
            "goal",
            "rank",
            "votes",
            "is_central",
            "concept_section",
            "target_groups",
            "districts",
            "position",
        )

    @staticmethod
    def with_related(queryset):
        return queryset.select_related("action_field", "sub_area").prefetch_related(
            "target_groups", "districts"
        )

    def get_queryset(self):
        return self.with_related(Challenge.objects.all())

    def filter_export(self, queryset, **kwargs):
        return self.with_related(queryset)

    def slug_source(self, instance):
        return instance.wording
