"""Use cases of the archive: volumes, indexing, export packages."""

from ..indexing import index_item, index_new_items, reindex_all, remove_item
from ..volume.build import build_volume, volume_parts
from .volumes import create_volume, start_build

__all__ = [
    "build_volume",
    "create_volume",
    "index_item",
    "index_new_items",
    "reindex_all",
    "remove_item",
    "start_build",
    "volume_parts",
]
