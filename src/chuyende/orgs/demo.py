"""The organizations and people of the story in shared/seed-article.txt (Khánh Hoà, December 2016).

Idempotent: every object is looked up by a natural key before it is created, so running the demo
again changes nothing.
"""

from datetime import date

from django.contrib.auth import get_user_model

from chuyende.common.actors import SYSTEM

from .domain import assign_role, create_member, create_organization, create_term
from .domain.accounts import create_login
from .domain.members import link_user
from .enums import MemberStatus, OrganizationKind, Role
from .models import Member, Organization, Term

DEMO_PASSWORD = "chuyende-demo"

SUPERIOR = {
    "name": "Đảng bộ Khối các cơ quan tỉnh",
    "short_name": "Đảng bộ Khối",
    "header_name": "ĐẢNG UỶ KHỐI CÁC CƠ QUAN TỈNH",
    "superior_header_name": "ĐẢNG BỘ TỈNH KHÁNH HOÀ",
    "body_code": "ĐUK",
    "signing_authority": "ĐẢNG UỶ",
    "place_name": "Nha Trang",
    "unit_name": "Khối các cơ quan tỉnh Khánh Hoà",
}
COMMITTEE = {
    "name": "Đảng bộ Cơ quan Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "short_name": "Đảng bộ Văn phòng",
    "header_name": "ĐẢNG UỶ CƠ QUAN VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND TỈNH",
    "superior_header_name": "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH",
    "body_code": "ĐU",
    "signing_authority": "ĐẢNG UỶ",
    "place_name": "Nha Trang",
    "unit_name": "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
    "unit_function": "Tham mưu, giúp việc và phục vụ hoạt động của Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh.",
}
# (cell unit, its function, members: (name, position, status)) — the first member is the cell secretary.
CELLS = [
    (
        "Phòng Công tác ĐBQH",
        "Tham mưu, phục vụ hoạt động giám sát, tiếp xúc cử tri và kỳ họp Quốc hội của Đoàn ĐBQH tỉnh.",
        [
            ("Phan Văn Lộc", "Trưởng phòng Công tác ĐBQH", "full"),
            ("Nguyễn Đức Thành", "Phó Chủ tịch HĐND tỉnh", "full"),
            ("Trương Thị Kim Oanh", "Phó Trưởng phòng", "full"),
            ("Lâm Quốc Bảo", "Chuyên viên", "full"),
            ("Đinh Thị Hồng Nhung", "Chuyên viên", "full"),
            ("Hồ Văn Tài", "Chuyên viên", "full"),
            ("Mai Thị Thanh Tâm", "Chuyên viên", "probationary"),
            ("Nguyễn Hoàng Phúc", "Chuyên viên", "full"),
        ],
    ),
    (
        "Phòng Nghiệp vụ Pháp chế",
        "Tham mưu cho Ban Pháp chế HĐND tỉnh thẩm tra dự thảo nghị quyết, giám sát việc thi hành pháp luật.",
        [
            ("Võ Minh Tuấn", "Trưởng phòng Nghiệp vụ Pháp chế", "full"),
            ("Trần Văn Hùng", "Uỷ viên Thường trực HĐND tỉnh", "full"),
            ("Huỳnh Thị Ngọc Ánh", "Chuyên viên", "full"),
            ("Lê Quang Vinh", "Phó Trưởng phòng", "full"),
            ("Phạm Thị Thuỳ Dung", "Chuyên viên", "full"),
            ("Ngô Đình Khoa", "Chuyên viên", "full"),
            ("Bùi Thị Lan Hương", "Chuyên viên", "probationary"),
            ("Châu Văn Nghĩa", "Chuyên viên", "full"),
        ],
    ),
    (
        "Phòng Nghiệp vụ Kinh tế - Ngân sách",
        "Tham mưu cho Ban Kinh tế - Ngân sách HĐND tỉnh về kế hoạch phát triển kinh tế - xã hội, dự toán ngân sách.",
        [
            ("Đoàn Văn Thắng", "Trưởng phòng Nghiệp vụ Kinh tế - Ngân sách", "full"),
            ("Phạm Ngọc Sơn", "Trưởng Ban Kinh tế - Ngân sách HĐND tỉnh", "full"),
            ("Nguyễn Thị Thu Trang", "Phó Trưởng phòng", "full"),
            ("Trần Quốc Huy", "Chuyên viên", "full"),
            ("Lý Thị Mỹ Linh", "Chuyên viên", "full"),
            ("Võ Thanh Hải", "Chuyên viên", "full"),
            ("Dương Văn Khánh", "Chuyên viên", "full"),
            ("Tạ Thị Bích Ngọc", "Chuyên viên", "probationary"),
        ],
    ),
    (
        "Phòng Nghiệp vụ Văn hoá - Xã hội",
        "Tham mưu cho Ban Văn hoá - Xã hội HĐND tỉnh về giáo dục, y tế, văn hoá, lao động và chính sách xã hội.",
        [
            ("Lê Thị Thanh Xuân", "Trưởng phòng Nghiệp vụ Văn hoá - Xã hội", "full"),
            ("Lê Thị Thu Hà", "Trưởng Ban Văn hoá - Xã hội HĐND tỉnh", "full"),
            ("Hoàng Văn Quý", "Phó Trưởng phòng", "full"),
            ("Nguyễn Thị Hoà", "Chuyên viên", "full"),
            ("Phùng Đức Toàn", "Chuyên viên", "full"),
            ("Cao Thị Yến", "Chuyên viên", "full"),
            ("Kiều Minh Đạt", "Chuyên viên", "full"),
            ("Vũ Thị Phương Thảo", "Chuyên viên", "probationary"),
        ],
    ),
    (
        "Phòng Tổng hợp và Thông tin - Dân nguyện",
        "Tổng hợp, thông tin, tiếp công dân, xử lý đơn thư và công tác dân nguyện của Đoàn ĐBQH và HĐND tỉnh.",
        [
            ("Trịnh Văn Nam", "Trưởng phòng Tổng hợp và Thông tin - Dân nguyện", "full"),
            ("Đặng Thị Mai", "Chuyên viên Văn phòng Đảng uỷ", "full"),
            ("Phạm Hà", "Chuyên viên", "full"),
            ("Lưu Thị Kim Chi", "Phó Trưởng phòng", "full"),
            ("Trần Đình Duy", "Chuyên viên", "full"),
            ("Nguyễn Văn Tú", "Chuyên viên", "full"),
            ("Hà Thị Thuý Vân", "Chuyên viên", "full"),
            ("Âu Dương Phong", "Chuyên viên", "probationary"),
        ],
    ),
]

# username → (member name, role, organization key, title). "committee" is the Đảng bộ Văn phòng.
# The title of a signing role is the position printed under "T/M …" (orgs.domain.signing).
LOGINS = [
    ("vanphong", "Đặng Thị Mai", Role.OFFICE_CLERK, "committee", "Cán bộ Văn phòng Đảng uỷ"),
    ("bithu", "Nguyễn Đức Thành", Role.SECRETARY, "committee", "Bí thư"),
    ("giamsat", "Trần Văn Hùng", Role.COMMITTEE_MEMBER, "committee", "Đảng uỷ viên"),
    ("bithu-phapche", "Võ Minh Tuấn", Role.SECRETARY, "Phòng Nghiệp vụ Pháp chế", "Bí thư"),
    ("dangvien", "Huỳnh Thị Ngọc Ánh", None, None, ""),
]
# Standing members of the People's Council follow the cells as committee members.
SUPERVISORS = {
    "Trần Văn Hùng": ["Phòng Nghiệp vụ Pháp chế", "Phòng Nghiệp vụ Kinh tế - Ngân sách"],
    "Phạm Ngọc Sơn": ["Phòng Công tác ĐBQH"],
    "Lê Thị Thu Hà": ["Phòng Nghiệp vụ Văn hoá - Xã hội", "Phòng Tổng hợp và Thông tin - Dân nguyện"],
}
OTHER_SECRETARIES = {  # the other cell secretaries also get a login
    "Phòng Công tác ĐBQH": "bithu-congtac",
    "Phòng Nghiệp vụ Kinh tế - Ngân sách": "bithu-kinhte",
    "Phòng Nghiệp vụ Văn hoá - Xã hội": "bithu-vanhoa",
    "Phòng Tổng hợp và Thông tin - Dân nguyện": "bithu-tonghop",
}


def _organization(parent, kind, fields) -> Organization:
    existing = Organization.objects.filter(parent=parent, name=fields["name"]).first()
    if existing:
        return existing
    data = dict(fields)
    return create_organization(actor=SYSTEM, parent=parent, kind=kind, name=data.pop("name"), **data)


def _term(organization, name, starts_on, ends_on) -> Term:
    existing = Term.objects.filter(organization=organization, name=name).first()
    return existing or create_term(
        actor=SYSTEM, organization=organization, name=name, starts_on=starts_on, ends_on=ends_on
    )


def _user(username: str, member: Member | None, *, superuser: bool = False):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        words = member.full_name.split() if member else [username]
        user = User(username=username, first_name=words[-1], last_name=" ".join(words[:-1]))
        user.is_staff = superuser
        user.is_superuser = superuser
        user.set_password(DEMO_PASSWORD)
        user.save()
    if member is not None and member.user_id is None:
        link_user(actor=SYSTEM, member=member, user=user)
    return user


def build(story: dict) -> dict:
    superior = _organization(None, OrganizationKind.COMMITTEE, SUPERIOR)
    committee = _organization(superior, OrganizationKind.COMMITTEE, COMMITTEE)
    _term(superior, "Nhiệm kỳ 2015 – 2020", date(2015, 8, 1), date(2020, 7, 31))
    _term(committee, "Nhiệm kỳ 2015 – 2020", date(2015, 6, 1), date(2020, 6, 30))
    _term(committee, "Nhiệm kỳ 2020 – 2025", date(2020, 7, 1), date(2025, 6, 30))
    _term(committee, "Nhiệm kỳ 2025 – 2030", date(2025, 7, 1), None)

    cells: dict[str, Organization] = {}
    members: dict[str, Member] = {}
    card = 38_016_001
    for unit, function, people in CELLS:
        cell = _organization(
            committee,
            OrganizationKind.CELL,
            {
                "name": f"Chi bộ {unit}",
                "short_name": unit,
                "header_name": f"CHI BỘ {unit.upper()}",
                "superior_header_name": "ĐẢNG BỘ CƠ QUAN VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND TỈNH",
                "body_code": "CB",
                "signing_authority": "CHI BỘ",
                "place_name": "Nha Trang",
                "unit_name": unit,
                "unit_function": function,
            },
        )
        cells[unit] = cell
        for name, position, status in people:
            number = str(card)
            card += 1
            member = Member.objects.filter(party_card_number=number).first() or create_member(
                actor=SYSTEM,
                cell=cell,
                full_name=name,
                party_card_number=number,
                position=position,
                status=MemberStatus(status),
                email="",
            )
            members[name] = member

    targets = {"committee": committee, **cells}
    users = {}
    for username, name, role, target, title in LOGINS:
        user = _user(username, members[name])
        users[username] = user
        if role is not None:
            assert target is not None  # every role in LOGINS names where it is held
            assign_role(actor=SYSTEM, user=user, organization=targets[target], role=role, title=title)
    for unit, username in OTHER_SECRETARIES.items():
        secretary = members[CELLS[[c[0] for c in CELLS].index(unit)][2][0][0]]
        users[username] = _user(username, secretary)
        assign_role(
            actor=SYSTEM,
            user=users[username],
            organization=cells[unit],
            role=Role.SECRETARY,
            title="Bí thư",
        )
    for name, units in SUPERVISORS.items():
        user = users.get("giamsat") if name == "Trần Văn Hùng" else _user(_login_for(name), members[name])
        assign_role(
            actor=SYSTEM, user=user, organization=committee, role=Role.COMMITTEE_MEMBER, title="Đảng uỷ viên"
        )
        for unit in units:
            assign_role(
                actor=SYSTEM,
                user=user,
                organization=cells[unit],
                role=Role.SUPERVISOR,
                title="Đảng uỷ viên phụ trách",
            )
    assign_role(
        actor=SYSTEM,
        user=users["bithu"],
        organization=committee,
        role=Role.STANDING_MEMBER,
        title="Bí thư Đảng uỷ",
    )
    users["quantri"] = _user("quantri", None, superuser=True)
    # Every other member gets a login the way the office gives one (unusable password, to be
    # activated with a code from the printed sheet or an e-mail): the demo's known passwords are
    # only for the people above.
    for member in members.values():
        if member.user_id is None:
            create_login(actor=SYSTEM, member=member)
    story.update(superior=superior, committee=committee, cells=cells, members=members, users=users)
    return story


def _login_for(name: str) -> str:
    return {"Phạm Ngọc Sơn": "giamsat-kinhte", "Lê Thị Thu Hà": "giamsat-vanhoa"}[name]
