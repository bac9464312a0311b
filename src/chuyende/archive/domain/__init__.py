"""Use cases of the archive: volumes, indexing, export packages."""

from .indexing import index_item, reindex_all, remove_item
from .volumes import build_volume, create_volume, start_build, volume_parts

__all__ = [
    "build_volume",
    "create_volume",
    "index_item",
    "reindex_all",
    "remove_item",
    "start_build",
    "volume_parts",
]
