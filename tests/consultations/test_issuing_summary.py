import pytest

from chuyende.consultations.domain.issuing import resolution_summary


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Dự thảo Nghị quyết chuyên đề về xây dựng và chỉnh đốn Đảng năm 2017",
            "chuyên đề về xây dựng và chỉnh đốn Đảng năm 2017",
        ),
        ("DỰ THẢO NGHỊ QUYẾT về công tác kiểm tra", "về công tác kiểm tra"),
        ("Nghị quyết về công tác cán bộ", "về công tác cán bộ"),
        ("về công tác dân vận", "về công tác dân vận"),
    ],
)
def test_issued_resolution_summary_drops_the_draft_words(title, summary):
    assert resolution_summary(title) == summary
