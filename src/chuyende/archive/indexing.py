"""Keeping the search index in step with the archived items."""

from collections.abc import Iterable

from django.db import transaction

from .models import SearchEntry
from .search import index_words
from .sources import ArchiveItem, all_items, new_items


def _entries(item: ArchiveItem) -> list[SearchEntry]:
    entries = []
    for position, (anchor, text) in enumerate(item.paragraphs()):
        folded, tone_key = index_words(text)
        entries.append(
            SearchEntry(
                item_key=item.key,
                kind=item.kind,
                title=item.title[:500],
                organization=item.organization,
                organization_path=item.organization.path,
                year=item.year,
                url=item.url,
                anchor=anchor,
                position=position,
                text=text,
                folded=folded,
                tone_key=tone_key,
            )
        )
    return entries


@transaction.atomic
def index_item(item: ArchiveItem) -> int:
    """Replaces the item's paragraphs in the search index; returns how many were stored."""
    SearchEntry.objects.filter(item_key=item.key).delete()
    return len(SearchEntry.objects.bulk_create(_entries(item), batch_size=500))


def remove_item(key: str) -> None:
    """Drops an item from the search index (e.g. a withdrawn document)."""
    SearchEntry.objects.filter(item_key=key).delete()


def index_items(items: Iterable[ArchiveItem]) -> int:
    """Indexes many items in batches (bench, re-index)."""
    batch: list[SearchEntry] = []
    total = 0
    for item in items:
        batch.extend(_entries(item))
        if len(batch) >= 5000:
            total += len(SearchEntry.objects.bulk_create(batch))
            batch = []
    return total + len(SearchEntry.objects.bulk_create(batch))


@transaction.atomic
def reindex_all() -> int:
    """Rebuilds the whole index from every source; returns the number of paragraphs stored."""
    SearchEntry.objects.all().delete()
    return index_items(all_items())


@transaction.atomic
def index_new_items() -> int:
    """Adds to the index every archivable record it does not hold yet (versions are immutable and
    issued documents and approved minutes are frozen, so a known key needs no refresh); returns
    the number of paragraphs stored."""
    indexed = set(SearchEntry.objects.values_list("item_key", flat=True).distinct())
    return index_items(new_items(indexed))
