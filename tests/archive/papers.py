"""Position papers built directly for archive tests: a paper with versions and anchored paragraphs."""

from chuyende.papers.enums import BlockKind, PaperState
from chuyende.papers.models import PaperParagraph, PaperVersion, PositionPaper


def paper_with_versions(cell, texts: list[list[str]], *, title: str = "Nêu gương, tự phê bình và phê bình",
                        state: str = PaperState.FINALIZED) -> PositionPaper:  # fmt: skip
    """A paper of `cell` whose versions hold `texts` (one list of paragraphs per version); each
    paragraph keeps its anchor across versions ("a0", "a1", …), after a heading "h"."""
    paper = PositionPaper.objects.create(organization=cell, title=title, state=state)
    for number, paragraphs in enumerate(texts, start=1):
        version = PaperVersion.objects.create(paper=paper, number=number, title=title)
        PaperParagraph.objects.create(version=version, anchor="h", position=0, kind=BlockKind.HEADING,
                                      level=1, label="I.", text="Thực trạng")  # fmt: skip
        PaperParagraph.objects.bulk_create(
            PaperParagraph(version=version, anchor=f"a{index}", position=index + 1, text=text)
            for index, text in enumerate(paragraphs)
        )
        paper.current_version = version
    paper.save(update_fields=["current_version"])
    return paper
