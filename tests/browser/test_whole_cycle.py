"""The cycle from an empty database, in the browser only (issue 12, "How it is shown").

Outside the browser there is only the database migration (the test database, its reference data
reloaded the way the data migrations load it) and one `create_superuser`. From then on each step
is done by the person who does it in real life, through pages, and the test asserts what that
person sees:

1. the administrator imports the tree (committee, two cells) and the members from one XLSX (two
   sheets), adds the term on the committee's page, grants every role on the organizations' roles
   pages (members found by names typed without accents) — no Django admin — and the office hands
   out one-time activation codes; each person sets their own password;
2. the office clerk writes the plan, assigns each cell its topic and issues the KH with the
   committee secretary as signer (read back from the issued PDF);
3. each cell secretary schedules the meeting from the plan, holds it, records attendance (present,
   an excused and an unexcused absence) and approves the minutes; the supervisor confirms the
   grades; one cell is below the plan's threshold, holds the re-run and is regraded;
4. a cell writes and submits its paper, a member comments on a phone, the committee marks it
   presented, the authors answer and finalize it;
5. the office pastes a draft resolution, previews and opens it; a member comments on a phone;
   the office synthesizes, closes early, handles, finishes and issues the NQ with the secretary
   as signer (read back from the PDF); a member acknowledges it and the office sees the rate;
6. a member records a commitment under the resolution, the cell secretary approves it, the
   member reports progress with an evidence file, the supervisor opens the file and reviews;
7. the office composes the volume, compiles and downloads it, and searches the archive.

The meetings are recorded after the fact, two weeks back (the re-run one week later), so that
attendance and minutes are open; in the first two weeks of January they fall in the previous year
and the volume of the current year would not offer them.
"""

import datetime
import io
import re
import unicodedata
from importlib import import_module

import docx
import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from tests.pdftext import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PASSWORD = "quan-tri-thu-nghiem"
PASSWORD = "mat-khau-cua-minh-2016"
COMMITTEE = "Đảng bộ Cơ quan Văn phòng"
CELL_A = "Chi bộ Phòng Nghiệp vụ Pháp chế"
CELL_B = "Chi bộ Phòng Tổng hợp"
TOPICS = {CELL_A: "Nêu gương trong thực thi pháp luật", CELL_B: "Nêu gương trong công tác tổng hợp"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Who is who: name → (cell, what they do in the story).
PEOPLE = {
    "Huỳnh Thị Ngọc Ánh": CELL_A,  # member: comments on a phone, commits, reports
    "Võ Minh Tuấn": CELL_A,  # committee secretary: signs the KH and the NQ
    "Trần Văn Bình": CELL_A,  # secretary of cell A
    "Đỗ Thị Hạnh": CELL_A,
    "Phạm Thị Lan": CELL_B,  # secretary of cell B
    "Đặng Văn Hùng": CELL_B,
    "Lý Thị Mai": CELL_B,
    "Nguyễn Văn Sơn": CELL_B,  # committee member supervising both cells
    "Lê Thị Hồng": CELL_B,  # office clerk of the committee
}
DRAFT = """ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH          ĐẢNG CỘNG SẢN VIỆT NAM
ĐẢNG UỶ CƠ QUAN VĂN PHÒNG
*
Số    -NQ/ĐU
Nha Trang, ngày 26 tháng 12 năm 2016
DỰ THẢO
NGHỊ QUYẾT
về xây dựng và chỉnh đốn Đảng
I. MỤC TIÊU
1. Ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống.
1.1. Mỗi đảng viên nêu gương trong công tác.
2. Nâng cao chất lượng sinh hoạt chi bộ.
T/M ĐẢNG UỶ
BÍ THƯ
Nguyễn Đức Thành
Nơi nhận:
- Các chi bộ,
- Lưu Văn phòng."""
PAPER_PARAGRAPH = "Việc học tập nghị quyết có lúc còn hình thức, chưa gắn với nhiệm vụ của phòng."


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Reference data comes from data migrations, and an earlier transactional test flushes it:
    load it again the way the migrations do (this is `migrate`, not a factory)."""
    for module in (
        "chuyende.meetings.migrations.0002_load_scoring_templates",
        "chuyende.documents.migrations.0002_load_document_types",
        "chuyende.papers.migrations.0002_load_manifestations",
    ):
        import_module(module).load(apps, None)


def _login(page, url, username, password=PASSWORD):
    """Signs in as another person. The previous person's page is left first (about:blank): a
    request of theirs still in flight could otherwise set a new CSRF cookie after the cookies are
    cleared, and the login form would be refused (seen once on PostgreSQL under load). Success is
    checked positively — the signed-in menu — since the CSRF refusal page has no login button either."""
    for _attempt in range(3):
        page.goto("about:blank")
        page.context.clear_cookies()
        page.goto(f"{url}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        if page.locator("form[action='/dang-xuat/']").count():  # in the menu, folded on a phone
            return
    raise AssertionError(f"{username} could not sign in: {page.locator('body').inner_text()[:300]}")


def _body(page):
    return page.locator("body")


def _next_task(page, url, has_text, action):
    """What the person finds on the home page under "Việc cần làm tiếp theo", and does."""
    page.goto(f"{url}/")
    page.locator("ul.tasks li", has_text=has_text).get_by_role("link", name=action).click()


def _pdf_lines(page, address):
    response = page.request.get(address)
    assert response.ok, (address, response.status)
    assert response.body().startswith(b"%PDF"), address
    return pdf_text(response.body()).splitlines()


def _choose_signer(form, name):
    """The signer is offered with the position their role gives ("Võ Minh Tuấn — Bí thư")."""
    select = form.get_by_label("Người ký")
    value = select.locator("option", has_text=name).get_attribute("value")
    select.select_option(value)


def _assert_signed_by(lines, name):
    start = lines.index("T/M ĐẢNG UỶ")
    assert lines[start : start + 2] == ["T/M ĐẢNG UỶ", "BÍ THƯ"]
    assert name in lines[start + 2 :]


# 1. The administrator and the office: tree, members, term, roles, access -------------------


def _office_xlsx(tmp_path):
    """One workbook, two sheets: the organization tree and the members (each import reads the
    sheet whose header it recognizes)."""
    book = openpyxl.Workbook()
    tree = book.active
    tree.title = "Cây tổ chức"
    tree.append(["Tên tổ chức", "Loại", "Cấp trên", "Mã", "Tên in hoa", "Ký hiệu", "Địa danh"])
    tree.append([COMMITTEE, "Đảng bộ", "", "DB-VP", "ĐẢNG UỶ CƠ QUAN VĂN PHÒNG", "ĐU", "Nha Trang"])
    tree.append([CELL_A, "Chi bộ", "DB-VP", "CB-PC", "CHI BỘ PHÒNG NGHIỆP VỤ PHÁP CHẾ", "CB", "Nha Trang"])
    tree.append([CELL_B, "Chi bộ", "DB-VP", "CB-TH", "CHI BỘ PHÒNG TỔNG HỢP", "CB", "Nha Trang"])
    members = book.create_sheet("Đảng viên")
    members.append(["Họ và tên", "Chi bộ", "Loại đảng viên", "Email"])
    for number, (name, cell) in enumerate(PEOPLE.items(), start=1):
        members.append([name, cell, "Chính thức", f"dangvien{number}@example.vn"])
    path = tmp_path / "to-chuc-va-dang-vien.xlsx"
    book.save(path)
    return path


def _accent_free(name):
    """How an administrator types a name on a keyboard without Vietnamese input."""
    decomposed = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _open_organization(page, url, name):
    """The organization's page, from the tree (a cell shows once its committee is opened)."""
    page.goto(f"{url}/to-chuc/")
    link = page.get_by_role("link", name=name, exact=True)
    if not link.count():
        page.get_by_role("link", name=COMMITTEE, exact=True).first.click()
        link = page.get_by_role("link", name=name, exact=True)
    link.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def _hand_out_code(page, url, name):
    """The office gives a member a one-time code (member page); returns (username, code)."""
    page.goto(f"{url}/dang-vien/")
    page.get_by_role("link", name=name, exact=True).click()
    page.get_by_role("button", name="Cấp mã kích hoạt").click()
    return page.locator("#username").inner_text(), page.locator("#code").inner_text()


def _activate(page, url, username, code):
    """The member sets their own password with the code."""
    page.context.clear_cookies()
    page.goto(f"{url}/kich-hoat/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mã kích hoạt").fill(code)
    page.get_by_label("Mật khẩu mới", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu mới").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Kích hoạt")).click()
    expect(_body(page)).to_contain_text("Tài khoản đã được kích hoạt.")


def _grant(page, url, organization, name, role):
    """A role on the organization's roles page, the member found by typing the name without accents."""
    _open_organization(page, url, organization)
    page.get_by_role("link", name="Vai trò", exact=True).click()
    page.get_by_label("Tìm đảng viên (gõ có dấu hoặc không dấu)").fill(_accent_free(name))
    page.get_by_label(re.compile(name)).check()
    page.locator("select[name=role]").select_option(label=role)
    page.get_by_role("button", name="Phân công").click()
    expect(_body(page)).to_contain_text(f"Đã phân công đồng chí {name} làm {role}.")
    expect(page.get_by_test_id("current-roles").locator("tr", has_text=name)).to_contain_text(role)


def _set_up_office(page, url, tmp_path):
    _login(page, url, "quantri", ADMIN_PASSWORD)
    workbook = str(_office_xlsx(tmp_path))
    # The tree, then the members, from the same workbook.
    page.goto(f"{url}/to-chuc/")
    page.get_by_role("link", name="Nhập cây tổ chức từ Excel/CSV").click()
    page.locator('input[type="file"]').set_input_files(workbook)
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_test_id("import-counts")).to_contain_text("3 thêm mới")
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(_body(page)).to_contain_text("Đã nhập xong: 3 tổ chức mới, 0 được cập nhật, 0 không đổi.")
    _open_organization(page, url, COMMITTEE)
    page.get_by_role("link", name="Nhập danh sách từ Excel/CSV").click()
    page.locator('input[type="file"]').set_input_files(workbook)
    page.get_by_role("button", name="Xem trước").click()
    expect(_body(page)).to_contain_text(f"{len(PEOPLE)} thêm mới")
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(_body(page)).to_contain_text(
        f"Đã nhập xong: {len(PEOPLE)} đảng viên mới, 0 được cập nhật, 0 không đổi."
    )

    # The term, from the committee's page.
    _open_organization(page, url, COMMITTEE)
    page.get_by_role("link", name="Thêm nhiệm kỳ").click()
    page.get_by_label("Tên nhiệm kỳ").fill("Nhiệm kỳ 2025 – 2030")
    page.get_by_label("Từ ngày").fill("2025-07-01")
    page.get_by_role("button", name="Lưu").click()
    expect(_body(page)).to_contain_text("Nhiệm kỳ 2025 – 2030")

    # The roles, on each organization's roles page.
    _grant(page, url, COMMITTEE, "Võ Minh Tuấn", "Bí thư")
    _grant(page, url, COMMITTEE, "Lê Thị Hồng", "Cán bộ văn phòng")
    _grant(page, url, COMMITTEE, "Nguyễn Văn Sơn", "Cấp ủy viên")
    _grant(page, url, CELL_A, "Trần Văn Bình", "Bí thư")
    _grant(page, url, CELL_B, "Phạm Thị Lan", "Bí thư")
    for cell in (CELL_A, CELL_B):
        _grant(page, url, cell, "Nguyễn Văn Sơn", "Cấp ủy viên phụ trách, theo dõi")

    # The office hands out codes; each person activates their own account.
    users = {}
    for name in PEOPLE:
        _login(page, url, "quantri", ADMIN_PASSWORD)
        username, code = _hand_out_code(page, url, name)
        _activate(page, url, username, code)
        users[name] = username
    return users


# 2. The plan -------------------------------------------------------------------------------


def _write_and_issue_plan(page, url, users, today):
    _login(page, url, users["Lê Thị Hồng"])
    page.goto(f"{url}/ke-hoach/")
    page.get_by_role("link", name=re.compile("Lập kế hoạch")).click()
    page.get_by_label("Chuyên đề").fill("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    page.get_by_label("Căn cứ").fill("Kế hoạch số 05-KH/ĐUK của Đảng uỷ Khối")
    page.get_by_label("Chi bộ sinh hoạt trước ngày").fill((today + datetime.timedelta(days=30)).isoformat())
    page.get_by_label(re.compile("Điểm tối thiểu")).fill("50")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Học tập và làm theo")
    plan_url = page.url
    for cell, topic in TOPICS.items():
        form = page.locator("form.card", has_text=cell)
        form.get_by_label("Chuyên đề của chi bộ").fill(topic)
        form.get_by_role("button", name="Phân công").click()
        expect(_body(page)).to_contain_text(f"Đã phân công chuyên đề cho {cell}.")
    expect(page.locator("#counts")).to_contain_text("Được phân công: 2")
    issue = page.locator("#issue-plan")
    _choose_signer(issue, "Võ Minh Tuấn")
    issue.get_by_role("checkbox").check()
    issue.get_by_role("button", name=re.compile("Ban hành kế hoạch")).click()
    expect(_body(page)).to_contain_text("Đã ban hành kế hoạch và phổ biến tới đảng viên.")
    expect(page.locator("body")).to_contain_text("01-KH/ĐU")
    _assert_signed_by(_pdf_lines(page, f"{plan_url}ke-hoach.pdf"), "Võ Minh Tuấn")
    return plan_url


# 3. Meetings, attendance, minutes, grades, the re-run ----------------------------------------


def _schedule_from_plan(page, url, topic, starts, chair, clerk):
    """The cell secretary schedules the meeting of the topic the plan assigned (home page task)."""
    _next_task(page, url, topic, "Lên lịch")
    expect(page.locator("[name=title]")).to_have_value(topic)
    page.locator("[name=starts_at]").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.locator("[name=ends_at]").fill((starts + datetime.timedelta(minutes=150)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("[name=place]").fill("Phòng họp tầng 2")
    page.locator("[name=agenda]").fill("Quán triệt chuyên đề\nThảo luận\nBiểu quyết")
    page.get_by_label("Chủ trì").select_option(label=chair)
    page.get_by_label("Thư ký").select_option(label=clerk)
    page.get_by_role("button", name="Lên lịch").click()
    # The start is in the past (recorded after the fact): a warning, everything kept.
    expect(page.get_by_text("Chỉ xác nhận nếu đồng chí đang ghi lại một buổi đã diễn ra.")).to_be_visible()
    page.get_by_label("Tôi đã đọc cảnh báo, vẫn lên lịch").check()
    page.get_by_role("button", name="Lên lịch").click()
    expect(_body(page)).to_contain_text("Đã lên lịch buổi sinh hoạt.")
    return page.url


def _hold(page, meeting_url, present, excused, unexcused):
    """Attendance with one excused and one unexcused absence, then the minutes, approved."""
    page.goto(meeting_url + "diem-danh/")
    for name in present:
        row = page.locator("#attendance tr", has_text=name)
        row.get_by_role("button", name="Có mặt").click()
        expect(row.locator(".muted")).to_have_text("Có mặt")
    row = page.locator("#attendance tr", has_text=excused)
    row.get_by_placeholder("Lý do (nếu vắng)").fill("Đi công tác Hà Nội")
    row.get_by_role("button", name="Vắng có lý do").click()
    expect(page.locator("#attendance tr", has_text=excused)).to_contain_text(
        "Vắng có lý do — Đi công tác Hà Nội"
    )
    page.locator("#attendance tr", has_text=unexcused).get_by_role("button", name="Vắng không lý do").click()
    expect(page.locator("#attendance tr", has_text=unexcused)).to_contain_text("Vắng không lý do")
    expect(page.locator("#attendance-counter")).to_contain_text(f"Có mặt {len(present)}/{len(present) + 2}")
    page.goto(meeting_url + "bien-ban/")
    page.get_by_role("button", name="Lập dự thảo biên bản từ chương trình và điểm danh").click()
    page.locator("[name=proceedings]").fill(f"{present[0]}: Trình bày chuyên đề\n{present[1]}: Góp ý")
    page.locator("[name=conclusion]").fill("Chi bộ thống nhất các giải pháp.")
    page.locator("[name=votes_agree]").fill(str(len(present)))
    page.get_by_label(re.compile("Biên bản sẽ được thông qua và khoá")).check()
    page.get_by_role("button", name="Đã đọc lại và thông qua — khoá biên bản").click()
    expect(page.get_by_role("heading", name="Biên bản — Đã thông qua")).to_be_visible()
    # The approved BB is signed by the meeting's chair and secretary and names the absentees.
    text = "\n".join(_pdf_lines(page, meeting_url + "bien-ban.pdf"))
    for words in ("CHỦ TRÌ", "THƯ KÝ", present[0], excused, unexcused, "Đi công tác Hà Nội"):
        assert words in text, words


def _propose_grade(page, meeting_url, share):
    """The cell proposes: every criterion at `share` of its maximum; returns the total."""
    page.goto(meeting_url + "xep-loai/")
    total = 0
    inputs = page.locator("form.card input[type=number]")
    for index in range(inputs.count()):
        field = inputs.nth(index)
        value = int(int(field.get_attribute("max")) * share)
        field.fill(str(value))
        total += value
    page.get_by_role("button", name="Chi bộ đề xuất").click()
    expect(page.locator("#evaluation")).to_contain_text(f"Chi bộ đề xuất: {total} điểm")
    return total


def _confirm_grade(page, url, title, total):
    """The supervisor finds the proposed grade on the home page and confirms it."""
    _next_task(page, url, f"“{title}”", "Xác nhận xếp loại")
    page.get_by_label(re.compile("Xếp loại sẽ được xác nhận")).check()
    page.get_by_role("button", name="Xác nhận xếp loại").click()
    expect(page.locator("#evaluation")).to_contain_text(f"Đã xác nhận: {total} điểm")


def _cells_meet(page, url, users, plan_url, today):
    """Cell A passes; cell B is graded below the plan's threshold, holds the re-run and passes."""
    held = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=14), datetime.time(14))
    )
    _login(page, url, users["Trần Văn Bình"])
    meeting_a = _schedule_from_plan(page, url, TOPICS[CELL_A], held, "Trần Văn Bình", "Huỳnh Thị Ngọc Ánh")
    _hold(page, meeting_a, ["Trần Văn Bình", "Huỳnh Thị Ngọc Ánh"], "Võ Minh Tuấn", "Đỗ Thị Hạnh")
    total_a = _propose_grade(page, meeting_a, 1)
    _login(page, url, users["Phạm Thị Lan"])
    meeting_b = _schedule_from_plan(page, url, TOPICS[CELL_B], held, "Phạm Thị Lan", "Đặng Văn Hùng")
    _hold(page, meeting_b, ["Phạm Thị Lan", "Đặng Văn Hùng", "Nguyễn Văn Sơn"], "Lê Thị Hồng", "Lý Thị Mai")
    total_b = _propose_grade(page, meeting_b, 0.3)

    # The supervisor confirms both: cell B is below 50 and must hold the meeting again.
    _login(page, url, users["Nguyễn Văn Sơn"])
    _confirm_grade(page, url, TOPICS[CELL_A], total_a)
    _confirm_grade(page, url, TOPICS[CELL_B], total_b)
    assert total_b < 50 <= total_a
    expect(_body(page)).to_contain_text("Buổi sinh hoạt phải tổ chức lại; đã lên lịch buổi tổ chức lại.")
    page.goto(plan_url)
    expect(page.locator("#counts")).to_contain_text("Tổ chức lại: 1")
    expect(page.locator("#counts")).to_contain_text("Đạt: 1")

    # Cell B holds the re-run the system scheduled a week later; the supervisor regrades it.
    _login(page, url, users["Phạm Thị Lan"])
    page.goto(meeting_b)
    page.get_by_role("link", name="buổi tổ chức lại").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("(tổ chức lại)")
    rerun = page.url
    _hold(page, rerun, ["Phạm Thị Lan", "Đặng Văn Hùng", "Nguyễn Văn Sơn"], "Lê Thị Hồng", "Lý Thị Mai")
    total_rerun = _propose_grade(page, rerun, 0.9)
    _login(page, url, users["Nguyễn Văn Sơn"])
    _confirm_grade(page, url, TOPICS[CELL_B] + " (tổ chức lại)", total_rerun)
    page.goto(plan_url)
    # Both cells passed; the count of re-runs keeps the one that was held (a stage, like the
    # "Tổ chức lại" column of the table).
    expect(page.locator("#counts")).to_contain_text("Đạt: 2")
    expect(page.locator("#counts")).to_contain_text("Tổ chức lại: 1")
    # The committee's roll-up, by cell: cell B held a re-run and passed.
    page.get_by_role("link", name="Tổng hợp", exact=True).click()
    row = page.locator("#rollup tr", has_text=CELL_B).locator("td")
    headers = page.locator("#rollup th")
    seen = {headers.nth(i).inner_text(): row.nth(i).inner_text() for i in range(1, 9)}
    assert seen == {"Phân công": "1", "Lên lịch": "1", "Đã họp": "1", "Biên bản": "1", "Xếp loại": "1",
                    "Tổ chức lại": "1", "Đạt": "1", "Chậm": "0"}  # fmt: skip
    return meeting_a


# 4. Papers ---------------------------------------------------------------------------------


def _paper_state(page, state, button):
    """A paper's state change, confirmed when the page asks for it."""
    form = page.locator(f"#chuyen-{state}")
    confirm = form.get_by_role("checkbox")
    if confirm.count():
        confirm.check()
    form.get_by_role("button", name=button).click()


def _papers(page, url, users):
    # The cell secretary writes the cell's paper and sends it to the committee.
    _login(page, url, users["Trần Văn Bình"])
    _next_task(page, url, TOPICS[CELL_A], "Viết bài tham luận")
    expect(page.get_by_label("Chuyên đề của chi bộ")).to_have_value(TOPICS[CELL_A])
    page.get_by_label("Tên bài tham luận").fill("Nêu gương trong thực thi pháp luật")
    page.get_by_label("Nội dung").fill(
        "# Thực trạng\n\n" + PAPER_PARAGRAPH + "\n\n# Giải pháp\n\nMỗi quý một buổi sinh hoạt chuyên đề."
    )
    page.get_by_role("button", name="Lưu").click()
    expect(_body(page)).to_contain_text("Đã tạo bài tham luận.")
    page.get_by_label("Trần Văn Bình").check()
    page.get_by_role("button", name="Lưu").click()
    expect(_body(page)).to_contain_text("Đã lưu bài tham luận.")
    paper_url = page.url
    _paper_state(page, "submitted", "Gửi Đảng uỷ")
    expect(_body(page)).to_contain_text("Bài tham luận: Đã gửi Đảng uỷ.")

    # A member of the other cell comments on a paragraph, on a phone.
    page.set_viewport_size(PHONE)
    _login(page, url, users["Đặng Văn Hùng"])
    page.locator("details.nav-phone summary", has_text="Trình đơn").click()  # the phone's menu
    page.locator("details.nav-phone").get_by_role("link", name="Tham luận").click()
    page.get_by_role("link", name="Nêu gương trong thực thi pháp luật").click()
    page.get_by_text(PAPER_PARAGRAPH).click()
    form = page.locator(".comment-form")
    form.get_by_label("Góp ý của đồng chí").fill("Nêu rõ nghị quyết nào, kỳ sinh hoạt nào.")
    form.get_by_role("button", name="Gửi góp ý").click()
    expect(page.get_by_text("Đã gửi góp ý. Cảm ơn đồng chí.")).to_be_visible(timeout=15_000)
    page.set_viewport_size(DESKTOP)

    # The committee marks it presented at its session; the authors answer and finalize.
    _login(page, url, users["Lê Thị Hồng"])
    page.goto(paper_url)
    _paper_state(page, "presented", "Đã trình bày")
    expect(_body(page)).to_contain_text("Bài tham luận: Đã trình bày.")
    _login(page, url, users["Trần Văn Bình"])
    page.goto(paper_url)
    card = page.locator("[id^=gop-y-]", has_text="Nêu rõ nghị quyết nào")
    card.get_by_text("Trả lời góp ý").click()
    card.get_by_label("Tiếp thu", exact=True).check()
    card.get_by_label("Trả lời, giải trình").fill("Đã bổ sung tên nghị quyết.")
    card.get_by_role("button", name="Lưu trả lời").click()
    expect(page.locator("[id^=gop-y-]", has_text="Nêu rõ nghị quyết nào")).to_contain_text(
        "Đã bổ sung tên nghị quyết."
    )
    _paper_state(page, "finalized", "Hoàn thiện")
    expect(_body(page)).to_contain_text("Bài tham luận: Đã hoàn thiện.")
    return paper_url


# 5. The resolution --------------------------------------------------------------------------


def _resolution(page, url, users):
    # The office pastes the draft, previews its structure and opens it for comments.
    _login(page, url, users["Lê Thị Hồng"])
    page.goto(f"{url}/du-thao/")
    page.get_by_role("link", name="Dán toàn văn dự thảo").click()
    page.get_by_label("Tổ chức").select_option(label=COMMITTEE)
    page.get_by_label("Tên dự thảo").fill("Dự thảo Nghị quyết chuyên đề về xây dựng và chỉnh đốn Đảng")
    page.get_by_label("Toàn văn dự thảo (dán từ Word)").fill(DRAFT)
    page.get_by_role("button", name="Xem trước cấu trúc").click()
    expect(page.get_by_test_id("preview-count")).to_have_text("4 đoạn sẽ được lấy ý kiến")
    frame = page.get_by_test_id("frame")
    for line in ("ĐẢNG CỘNG SẢN VIỆT NAM", "DỰ THẢO", "T/M ĐẢNG UỶ", "Nguyễn Đức Thành", "- Lưu Văn phòng."):
        expect(frame).to_contain_text(line)
    expect(page.locator('[data-depth="3"]')).to_contain_text("Mỗi đảng viên nêu gương")
    page.get_by_role("button", name="Tạo dự thảo").click()
    page.locator("#open-form").get_by_role("checkbox", name="Tôi xác nhận.").check()
    page.get_by_role("button", name="Công bố và mở lấy ý kiến").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lấy ý kiến Dự thảo Nghị quyết")
    consultation_url = page.url
    expect(page.locator("article.draft")).not_to_contain_text("BÍ THƯ")

    # A member comments on a phone.
    page.set_viewport_size(PHONE)
    _login(page, url, users["Huỳnh Thị Ngọc Ánh"])
    page.goto(consultation_url)
    block = page.locator("section.block", has_text="Nâng cao chất lượng sinh hoạt chi bộ.")
    block.get_by_text("Nâng cao chất lượng sinh hoạt chi bộ.").click()
    block.get_by_label(re.compile("Nội dung góp ý")).fill(
        "Đề nghị bổ sung: mỗi quý một buổi sinh hoạt chuyên đề."
    )
    block.get_by_role("button", name="Đề nghị sửa đổi").click()
    expect(block.get_by_role("status")).to_have_text("Đã ghi nhận ý kiến của đồng chí.")
    page.set_viewport_size(DESKTOP)
    # A member of the other cell says the same in other words (the synthesis groups the two).
    _login(page, url, users["Đặng Văn Hùng"])
    page.goto(consultation_url)
    block = page.locator("section.block", has_text="Nâng cao chất lượng sinh hoạt chi bộ.")
    block.get_by_text("Nâng cao chất lượng sinh hoạt chi bộ.").click()
    block.get_by_label(re.compile("Nội dung góp ý")).fill(
        "Đề nghị bổ sung mỗi quý một buổi sinh hoạt chuyên đề"
    )
    block.get_by_role("button", name="Đề nghị sửa đổi").click()
    expect(block.get_by_role("status")).to_have_text("Đã ghi nhận ý kiến của đồng chí.")

    # The office closes early, synthesizes, writes the next version, handles, finishes.
    _login(page, url, users["Lê Thị Hồng"])
    page.goto(consultation_url)
    expect(page.get_by_test_id("step-finish")).to_contain_text("còn 2 ý kiến chưa xử lý")
    page.get_by_test_id("step-close-early").get_by_role("checkbox").check()  # "Tôi xác nhận."
    page.get_by_role("button", name="Kết thúc sớm việc nhận góp ý").click()
    expect(page.get_by_test_id("step-close-early")).to_contain_text("Đã hết thời gian nhận góp ý.")
    page.goto(consultation_url + "xu-ly/")
    page.get_by_role("button", name="Tổng hợp, nhóm ý kiến trùng lặp").click()
    expect(page.locator("#progress")).to_contain_text("2 ý kiến, 1 nhóm trùng lặp", timeout=30_000)
    page.get_by_role("link", name="Nhóm ý kiến: xem, sửa").click()
    expect(_body(page)).to_contain_text("mỗi quý một buổi sinh hoạt chuyên đề")
    page.goto(consultation_url)
    page.get_by_role("link", name="Sửa dự thảo (phiên bản sau khi tiếp thu)").click()
    page.get_by_role("button", name="Tạo phiên bản mới").click()
    text = page.locator("#draft-text")
    text.fill(text.input_value().replace(
        "2. Nâng cao chất lượng sinh hoạt chi bộ.",
        "2. Nâng cao chất lượng sinh hoạt chi bộ; mỗi quý một buổi sinh hoạt chuyên đề.",
    ))  # fmt: skip
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.goto(consultation_url + "xu-ly/")
    item = page.locator(".queue-item").first
    expect(item).to_contain_text("Nhóm 2 ý kiến")
    item.locator("select[name=decision]").select_option("accepted")
    expect(item.locator("select[name=changed_block] option:checked")).to_contain_text("mỗi quý một buổi")
    item.locator("textarea[name=explanation]").fill("Tiếp thu, bổ sung vào điểm 2.")
    item.get_by_role("button", name="Ghi").click()
    expect(page.get_by_test_id("unhandled")).to_have_text("còn 0 ý kiến chưa xử lý")
    page.goto(consultation_url)
    page.get_by_role("link", name="Sửa dự thảo (phiên bản sau khi tiếp thu)").click()
    page.locator("#cong-bo").get_by_role("checkbox").check()  # "Tôi xác nhận."
    page.get_by_role("button", name="Công bố phiên bản").click()
    page.goto(consultation_url)
    page.get_by_test_id("step-finish").get_by_role("checkbox").check()
    page.get_by_role("button", name="Kết thúc tiếp thu, giải trình").click()
    expect(page.get_by_test_id("step-finish")).to_contain_text("Đã kết thúc tiếp thu, giải trình.")
    report = page.request.get(consultation_url + "bao-cao/?format=docx")
    row = [cell.text for cell in docx.Document(io.BytesIO(report.body())).tables[-1].rows[1].cells]
    assert row[0] == "1" and "mỗi quý một buổi sinh hoạt chuyên đề" in row[2]
    assert row[3] == "Tiếp thu"

    # The office issues the resolution on the secretary's instruction; the PDF carries his name.
    issue = page.get_by_test_id("step-issue")
    _choose_signer(issue, "Võ Minh Tuấn")
    issue.get_by_role("checkbox").check()
    issue.get_by_role("button", name="Ban hành nghị quyết").click()
    expect(_body(page)).to_contain_text("Đã ban hành nghị quyết")
    document_url = re.search(r"^(.*/van-ban/\d+/)", page.url).group(1)
    _assert_signed_by(_pdf_lines(page, document_url + "tai/pdf/"), "Võ Minh Tuấn")

    # A member studies it and acknowledges; the office sees one acknowledgement.
    _login(page, url, users["Huỳnh Thị Ngọc Ánh"])
    _next_task(page, url, "Nghiên cứu văn bản 01-NQ/ĐU", "Đọc văn bản")
    page.get_by_role("button", name="Đã nghiên cứu, quán triệt").click()
    expect(_body(page)).to_contain_text("Đã nghiên cứu, quán triệt lúc")
    _login(page, url, users["Lê Thị Hồng"])
    page.goto(document_url)
    expect(page.locator("table", has_text="Đã nghiên cứu").locator("tr", has_text=CELL_A)).to_contain_text(
        "1"
    )
    return document_url


# 6. Commitments -----------------------------------------------------------------------------


def _commitments(page, url, users, today, tmp_path):
    _login(page, url, users["Huỳnh Thị Ngọc Ánh"])
    page.goto(f"{url}/cam-ket/tao/")
    page.get_by_label("Tiêu đề").fill("Cam kết khắc phục năm 2026")
    page.get_by_label("Hoặc theo nghị quyết").select_option(index=1)
    page.locator("[name=shortcoming_1]").fill("Có lúc chưa nêu gương trong học tập nghị quyết.")
    page.locator("[name=remedy_1]").fill("Mỗi quý viết một bài thu hoạch.")
    page.locator("[name=sign_1]").fill("4 bài thu hoạch được chi bộ nhận xét")
    page.locator("[name=deadline_1]").fill((today + datetime.timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.get_by_role("button", name="Gửi phê duyệt").click()
    commitment_url = page.url
    expect(_body(page)).to_contain_text("Chờ phê duyệt")

    _login(page, url, users["Trần Văn Bình"])
    _next_task(page, url, "của Huỳnh Thị Ngọc Ánh chờ đồng chí phê duyệt", "Phê duyệt")
    assert page.url == commitment_url
    page.get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Phê duyệt").click()
    expect(_body(page)).to_contain_text("Đã phê duyệt")

    _login(page, url, users["Huỳnh Thị Ngọc Ánh"])
    page.goto(commitment_url)
    evidence = tmp_path / "bai-thu-hoach-quy-4.pdf"
    evidence.write_bytes(b"%PDF-1.4 bai thu hoach quy 4")
    form = page.locator("form[id^=bao-cao-]")
    form.get_by_label("Tiến độ (%)").fill("25")
    form.get_by_label("Kết quả thực hiện").fill("Đã viết bài thu hoạch quý IV.")
    form.locator("input[type=file]").set_input_files(str(evidence))
    form.get_by_role("button", name="Gửi báo cáo tiến độ").click()
    expect(_body(page)).to_contain_text("Đã viết bài thu hoạch quý IV.")

    # The supervisor opens the evidence file and reviews the report.
    _login(page, url, users["Nguyễn Văn Sơn"])
    _next_task(page, url, "Báo cáo tiến độ 25% của Huỳnh Thị Ngọc Ánh chờ xem xét.", "Xem xét")
    link = page.get_by_role("link", name="bai-thu-hoach-quy-4.pdf")
    opened = page.request.get(url + link.get_attribute("href"))
    assert opened.ok and opened.body() == b"%PDF-1.4 bai thu hoach quy 4"
    page.locator("select[name=verdict]").select_option(index=0)
    page.locator("input[name=note]").fill("Đúng tiến độ.")
    page.get_by_role("button", name="Xem xét").click()
    expect(_body(page)).to_contain_text("(Đúng tiến độ.)")
    expect(_body(page)).to_contain_text("25 %")


# 7. The volume and the archive -------------------------------------------------------------


def _volume_and_archive(page, url, users, today):
    _login(page, url, users["Lê Thị Hồng"])
    page.goto(f"{url}/luu-tru/")
    page.get_by_role("link", name="Lập tập tham luận").click()
    page.get_by_label("Tổ chức").select_option(label=COMMITTEE)
    page.get_by_label("Tên tập").fill("Tập tham luận chuyên đề năm 2026")
    page.get_by_label("Năm").fill(str(today.year))
    page.get_by_role("button", name="Lập tập và chọn nội dung").click()
    rows = page.get_by_test_id("compose").locator("tbody tr")
    expect(rows.first).to_be_visible()
    groups = rows.locator("td:nth-child(3)").all_inner_texts()
    # The plan, the resolution, the paper, the handling report, the three approved minutes (cell B's
    # failed meeting and its re-run included) and each cell's commitments summary.
    assert sorted(groups) == sorted(["Kế hoạch", "Nghị quyết", "Bài tham luận", "Tiếp thu, giải trình",
                                     "Biên bản", "Biên bản", "Biên bản", "Tổng hợp cam kết", "Tổng hợp cam kết"])  # fmt: skip
    for index in range(rows.count()):
        rows.nth(index).locator("input[name=pick]").check()
    page.get_by_role("button", name="Lưu nội dung tập").click()
    items = page.locator("ol.volume-items li")
    expect(items).to_have_count(len(groups))
    expect(page.locator("ol.volume-items")).to_contain_text("Nêu gương trong thực thi pháp luật")
    page.get_by_role("button", name="Biên soạn tập (PDF, DOCX)").click()
    expect(page.locator("#build")).to_contain_text("Đã biên soạn xong", timeout=60_000)
    download = page.get_by_role("link", name="Tải PDF")
    text = pdf_text(page.request.get(url + download.get_attribute("href")).body())
    for words in ("Nêu gương trong thực thi pháp luật", "NGHỊ QUYẾT", "Học tập và làm theo"):
        assert words in text, words

    # Searching the archive without diacritics finds the paper.
    page.goto(f"{url}/luu-tru/tim/")
    page.get_by_role("searchbox").fill("hoc tap nghi quyet")
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator("#results")).to_contain_text("Nêu gương trong thực thi pháp luật")


def test_whole_cycle_from_an_empty_database(live_server, page, tmp_path):
    url = live_server.url
    today = timezone.localdate()
    get_user_model().objects.create_superuser("quantri", "quantri@example.vn", ADMIN_PASSWORD)
    page.set_viewport_size(DESKTOP)
    page.set_default_timeout(15_000)
    page.set_default_navigation_timeout(30_000)
    users = _set_up_office(page, url, tmp_path)
    plan_url = _write_and_issue_plan(page, url, users, today)
    _cells_meet(page, url, users, plan_url, today)
    _papers(page, url, users)
    _resolution(page, url, users)
    _commitments(page, url, users, today, tmp_path)
    _volume_and_archive(page, url, users, today)
