from django.db.models import QuerySet

from chuyende.common.text import search_terms

from ..models import Member


def search_members(members: QuerySet[Member], query: str) -> QuerySet[Member]:
    """Members whose name contains every word of `query`, compared without accents, so
    "nguyen duc thanh", "Nguyễn Đức Thành" and NFD input find the same person."""
    for term in search_terms(query):
        members = members.filter(name_folded__contains=term)
    return members
