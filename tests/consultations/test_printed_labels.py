"""Numbers as a resolution prints them (issue 14): "Điều 1." with its dot."""

import pytest

from chuyende.consultations.structure import printed_label


@pytest.mark.parametrize(
    ("label", "printed"),
    [("Điều 1", "Điều 1."), ("Phần thứ hai", "Phần thứ hai."), ("Mục II", "Mục II."), ("I.", "I."),
     ("1.", "1."), ("a)", "a)"), ("-", "-"), ("", "")],
)  # fmt: skip
def test_printed_label(label, printed):
    assert printed_label(label) == printed


def test_resolution_body_prints_article_numbers_with_their_dot():
    from chuyende.consultations.domain.issuing import resolution_body
    from chuyende.consultations.enums import BlockKind
    from chuyende.consultations.models import Block

    body = resolution_body([Block(kind=BlockKind.ARTICLE, label="Điều 1", text="Mục tiêu"),
                            Block(kind=BlockKind.PARAGRAPH, label="1.", text="Ngăn chặn.")])  # fmt: skip
    assert body == [
        {"type": "heading", "level": 2, "number": "Điều 1.", "text": "Mục tiêu"},
        {"type": "paragraph", "text": "Ngăn chặn.", "number": "1.", "style": "body"},
    ]
