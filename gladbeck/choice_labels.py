"""Labels of choice values, looked up directly."""


def choice_label(choices, value):
    """The label of ``value`` among ``choices`` (a TextChoices class) in the active language,
    or the value itself when it is not one of them, as Django's get_FOO_display() gives it.
    That method builds a dict of every choice on each call, hashing and so translating each
    label; a list of 40 measures spent about 800 translations on it."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value
