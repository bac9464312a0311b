from django import template
from django.utils.html import format_html

from chuyende.web.once import FIELD, new_form_token

register = template.Library()


@register.simple_tag
def form_token():
    """The hidden one-time token of a create form (see chuyende.web.once)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_form_token())
