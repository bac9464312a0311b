"""A labelled set of generated comments: each label is one idea on one paragraph, written many
ways (tone placement, NFD, no accents, case, a prefix or suffix, a dropped word)."""

import random
import unicodedata

from chuyende.common.text import fold

ACTIONS = [
    "bổ sung", "làm rõ", "sửa đổi", "lược bỏ", "cụ thể hoá", "nhấn mạnh", "điều chỉnh", "thay thế",
]  # fmt: skip
OBJECTS = [
    "trách nhiệm nêu gương của người đứng đầu cấp uỷ",
    "cơ chế kiểm tra giám sát việc tu dưỡng rèn luyện đạo đức",
    "chế độ sinh hoạt chi bộ định kỳ hằng tháng ở cơ sở",
    "tiêu chí đánh giá xếp loại chất lượng đảng viên cuối năm",
    "giải pháp phòng chống suy thoái tư tưởng chính trị trong thanh niên",
    "lộ trình số hoá hồ sơ đảng viên và thủ tục chuyển sinh hoạt",
    "vai trò của Mặt trận Tổ quốc và đoàn thể trong giám sát cán bộ",
    "quy định về kê khai tài sản thu nhập của cán bộ lãnh đạo",
    "nội dung học tập lý luận chính trị cho đảng viên mới kết nạp",
    "việc xử lý nghiêm các trường hợp lợi dụng chức vụ quyền hạn",
    "chính sách thu hút nhân tài vào khu vực công ở tỉnh Khánh Hoà",
    "công tác thông tin tuyên truyền trên mạng xã hội về nghị quyết",
]  # fmt: skip
PREFIXES = [
    "Tôi đề nghị",
    "Theo tôi nên",
    "Kính đề nghị Ban soạn thảo",
    "Đề nghị",
    "Chi bộ thống nhất đề nghị",
]
SUFFIXES = ["", "", "cho phù hợp", "để bảo đảm tính khả thi", "trong dự thảo", "."]
TONE_SWAPS = [("hoá", "hóa"), ("uỷ", "ủy"), ("thuỷ", "thủy"), ("Hoà", "Hòa")]


def topic_text(action: int, obj: int) -> str:
    return f"{ACTIONS[action]} {OBJECTS[obj]}"


def variant(base: str, rng: random.Random) -> str:
    words = base.split()
    if rng.random() < 0.3 and len(words) > 6:
        del words[rng.randrange(2, len(words))]
    text = " ".join([rng.choice(PREFIXES), *words, rng.choice(SUFFIXES)]).strip()
    for old, new in TONE_SWAPS:
        if rng.random() < 0.5:
            text = text.replace(old, new)
    roll = rng.random()
    if roll < 0.15:
        text = fold(text)
    elif roll < 0.3:
        text = unicodedata.normalize("NFD", text)
    if rng.random() < 0.2:
        text = text.upper()
    return text


def generate(count: int, *, paragraphs: int = 60, topics_per_paragraph: int = 8, seed: int = 6):
    """`count` (scope, text, label) triples over `paragraphs` paragraph scopes."""
    rng = random.Random(seed)
    # Ideas on one paragraph are about different things (objects); the same object with another
    # verb differs by two words only, which no near-duplicate detector should be asked to split.
    per_paragraph = [
        [(rng.randrange(len(ACTIONS)), o) for o in rng.sample(range(len(OBJECTS)), topics_per_paragraph)]
        for _ in range(paragraphs)
    ]
    rows = []
    for _ in range(count):
        p = rng.randrange(paragraphs)
        action, obj = rng.choice(per_paragraph[p])
        rows.append((f"p{p:03d}", variant(topic_text(action, obj), rng), f"p{p:03d}:{action}:{obj}"))
    return rows
