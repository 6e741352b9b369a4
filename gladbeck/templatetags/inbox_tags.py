from django import template

from gladbeck import inbox

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_rows(context):
    """The rows of the Redaktion's inbox for the logged-in user (gladbeck/inbox.py)."""
    return inbox.rows(context["request"])
