"""The three staff roles and the permissions each app grants them.

Each app's data migration calls ``grant`` for its own models, so the roles grow with the apps
without this module knowing about them. Role names are fixed: staff and tests rely on them.
"""

EDITORS = "Redaktion"
PROVIDERS = "Anbieter"
STEERING_GROUP = "Steuerungsgruppe"
ROLES = (EDITORS, PROVIDERS, STEERING_GROUP)


def grant(apps, app_label, permissions_by_role):
    """Give each role the named permissions of ``app_label``, creating groups and permissions.

    ``permissions_by_role`` maps a role name to codenames such as ``"view_measure"``.
    Meant for data migrations: it uses the historical ``apps`` registry only.
    """
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; create them now so that
    # the roles exist on a fresh database. The stub app config needs models_module set.
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in permissions_by_role.items():
        group, _ = Group.objects.get_or_create(name=role)
        found = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        missing = set(codenames) - set(found.values_list("codename", flat=True))
        if missing:
            raise LookupError(f"{app_label}: unknown permissions {sorted(missing)}")
        group.permissions.add(*found)


def model_permissions(model_names, actions=("add", "change", "delete", "view")):
    return [f"{action}_{name}" for name in model_names for action in actions]


def provider_organisation(user):
    """The organisation a login of the role Anbieter acts for (its offers, its programme
    reports), or None for every other login."""
    account = getattr(user, "provider_account", None)
    return account.organisation if account else None


def works_for_the_redaktion(user):
    """An active staff login of the Redaktion, or a superuser: who keeps the translations
    (their coverage, the XLIFF exchange)."""
    return (
        user.is_active
        and user.is_staff
        and (user.is_superuser or user.groups.filter(name=EDITORS).exists())
    )
