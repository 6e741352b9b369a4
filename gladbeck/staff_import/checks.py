"""What ``full_clean()`` checks for an imported row, without asking the database per row
what the file's key already settles (a mixin of StaffResource)."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import router
from django.db.models import CheckConstraint, UniqueConstraint
from django.utils.translation import gettext as _

from gladbeck.publishing import Publication
from gladbeck.staff_import.constraints import decide
from gladbeck.staff_import.widgets import NameWidget


class RowChecks:
    def check_review(self, instance, original, new):
        """Who may not publish cannot change a published record by import: such a change
        waits for the Redaktion's review, which goes through the form (gladbeck/review.py)."""
        stored = getattr(instance, "_stored_publication", None)
        if new or stored != Publication.PUBLISHED or self.may_publish():
            return
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    _(
                        "„%(object)s“ ist veröffentlicht. Änderungen daran prüft die Redaktion: "
                        "bitte im Formular des Eintrags ändern, nicht per Import."
                    )
                    % {"object": original}
                ]
            }
        )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        exclude = set(errors)

        def collect(check, *args):
            nonlocal errors
            try:
                check(*args)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            exclude.update(name for name in errors if name != NON_FIELD_ERRORS)

        # A related record found by name exists: no query to ask again.
        collect(instance.clean_fields, exclude | self._found_by_name(instance))
        collect(instance.clean)
        if validate_unique:
            collect(self.validate_unique, instance, exclude)
        collect(self.validate_constraints, instance, exclude)
        if errors:
            raise ValidationError(errors)

    def _key_attributes(self):
        return {field.attribute for field in self.key_fields()}

    def validate_unique(self, instance, exclude):
        """Unique fields other than the key: against the database (Django's own check) and
        against the earlier rows of the file, which the preview does not save."""
        keys = self._key_attributes()
        instance.validate_unique(exclude=exclude | keys)
        for field in instance._meta.concrete_fields:
            if not field.unique or field.primary_key or field.name in keys | exclude:
                continue
            value = getattr(instance, field.attname)
            if value in (None, ""):
                continue
            first = self._unique_values.setdefault(field.name, {}).setdefault(value, self._line)
            if first != self._line:
                raise ValidationError(
                    {
                        field.name: _("„%(value)s“ steht schon in Zeile %(row)s.")
                        % {"value": value, "row": first}
                    }
                )

    def validate_constraints(self, instance, exclude):
        """Django's validation of the model's constraints, with two shortcuts: a unique
        constraint made of key columns only is not asked (the record with that key was
        loaded, and the file holds each key once), and a check constraint of plain comparisons
        is decided in Python (constraints.py)."""
        keys = self._key_attributes()
        using = router.db_for_write(type(instance), instance=instance)
        errors = {}
        for model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                if isinstance(constraint, UniqueConstraint) and set(constraint.fields) <= keys:
                    continue
                try:
                    if isinstance(constraint, CheckConstraint):
                        if constraint.condition.referenced_base_fields & exclude:
                            continue  # as Django: not checked while a field of it is invalid
                        decided = decide(constraint.condition, instance)
                        if decided is False:
                            raise ValidationError(
                                constraint.get_violation_error_message(),
                                code=constraint.violation_error_code,
                            )
                        if decided is True:
                            continue
                    constraint.validate(model_class, instance, exclude=exclude, using=using)
                except ValidationError as error:
                    if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _found_by_name(self, instance):
        found = set()
        for field in self._fields_in_file:
            if isinstance(field.widget, NameWidget) and field.attribute:
                attname = instance._meta.get_field(field.attribute).attname
                if getattr(instance, attname, None) is not None:
                    found.add(field.attribute)
        return found

    def by_column(self, error):
        """Validation errors keyed by the column headers of the file instead of field names."""
        names = {}
        for field in self.fields.values():
            if field.attribute:
                names[field.attribute] = field.column_name
                names[field.attribute.removesuffix("_id")] = field.column_name
        model = self._meta.model
        result = {}
        for key, messages_ in error.update_error_dict({}).items():
            if key == NON_FIELD_ERRORS:
                label = NON_FIELD_ERRORS
            elif key in names:
                label = names[key]
            else:
                try:
                    label = str(model._meta.get_field(key).verbose_name)
                except Exception:
                    label = key
            result.setdefault(label, []).extend(ValidationError(messages_).messages)
        return result
