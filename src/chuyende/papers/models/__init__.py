from .comment import PaperComment
from .paper import PaperFile, PaperParagraph, PaperVersion, PositionPaper
from .session import SessionAgendaItem
from .tags import Manifestation, TagSet

__all__ = [
    "Manifestation",
    "PaperComment",
    "PaperFile",
    "PaperParagraph",
    "PaperVersion",
    "PositionPaper",
    "SessionAgendaItem",
    "TagSet",
]
