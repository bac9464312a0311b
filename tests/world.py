"""A small two-committee world used by permission tests: one user per role."""

from dataclasses import dataclass

from chuyende.orgs.enums import Role

from . import factories as f


@dataclass
class World:
    superior: object
    committee: object
    other_committee: object
    cell_a: object
    cell_b: object
    cell_x: object
    member_a: object
    member_a2: object
    member_b: object
    member_x: object
    users: dict


def build_world() -> World:
    superior = f.organization(name="Đảng bộ Khối các cơ quan tỉnh")
    committee = f.organization(superior, name="Đảng bộ Cơ quan Văn phòng")
    other = f.organization(superior, name="Đảng bộ Sở Tư pháp")
    cell_a = f.cell(committee, name="Chi bộ Phòng Nghiệp vụ Pháp chế")
    cell_b = f.cell(committee, name="Chi bộ Phòng Nghiệp vụ Kinh tế - Ngân sách")
    cell_x = f.cell(other, name="Chi bộ Phòng Hành chính")
    member_a = f.member(cell_a, "Huỳnh Thị Ngọc Ánh", email="anh@example.vn", phone="0905000001")
    member_a2 = f.member(cell_a, "Võ Minh Tuấn", email="tuan@example.vn")
    member_b = f.member(cell_b, "Đoàn Văn Thắng", email="thang@example.vn")
    member_x = f.member(cell_x, "Trần Thị Xuân", email="xuan@example.vn")
    users = {
        "superior_secretary": f.user("bithu-khoi"),
        "secretary": f.user("bithu", member=f.member(cell_b, "Nguyễn Đức Thành")),
        "clerk": f.user("vanphong"),
        "committee_member": f.user("uyvien"),
        "supervisor": f.user("giamsat"),
        "cell_secretary": f.user("bithu-phapche", member=member_a2),
        "member": f.user("dangvien", member=member_a),
        "outsider": f.user("nguoingoai", member=member_x),
        "nobody": f.user("khongvaitro"),
    }
    f.role(users["superior_secretary"], superior, Role.SECRETARY)
    f.role(users["secretary"], committee, Role.SECRETARY)
    f.role(users["clerk"], committee, Role.OFFICE_CLERK)
    f.role(users["committee_member"], committee, Role.COMMITTEE_MEMBER)
    f.role(users["supervisor"], cell_a, Role.SUPERVISOR)
    f.role(users["cell_secretary"], cell_a, Role.SECRETARY)
    return World(
        superior, committee, other, cell_a, cell_b, cell_x, member_a, member_a2, member_b, member_x, users
    )
