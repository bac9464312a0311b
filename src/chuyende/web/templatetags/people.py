"""How pages name people and print percentages, in one place.

`person`: a member by their full name as written (Vietnamese order: family, middle, given); a
login by its member's full name, else its own name in Vietnamese order (last_name is the family
name, first_name the given name — Django's get_full_name() would print it reversed), else the
username. `percent`: a decimal comma and a non-breaking space, "87,5 %"."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.contrib.auth.models import AbstractBaseUser

from chuyende.orgs.models import Member

register = template.Library()
NBSP = "\u00a0"


def person_name(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Member):
        return value.full_name
    if isinstance(value, AbstractBaseUser):
        try:
            return value.member.full_name  # type: ignore[attr-defined]  # the reverse one-to-one of Member
        except Member.DoesNotExist:
            pass
        own = " ".join(p for p in (getattr(value, "last_name", ""), getattr(value, "first_name", "")) if p)
        return own or value.get_username()
    return str(value)


@register.filter
def person(value) -> str:
    return person_name(value)


def format_percent(value, digits: int = 1) -> str:
    """87.5 → "87,5 %", 100 → "100 %", 66.666 → "66,7 %"; None or text that is not a number → ""."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    text = format(number.normalize(), "f") if number == number.to_integral() else format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')}{NBSP}%"


@register.filter
def percent(value, digits=1) -> str:
    return format_percent(value, int(digits))
