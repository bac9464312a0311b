"""Factories build valid objects through the domain functions, so tests see what users see."""

import itertools

from django.contrib.auth import get_user_model

from chuyende.common.actors import SYSTEM
from chuyende.orgs.domain import assign_role, create_member, create_organization
from chuyende.orgs.domain.members import link_user
from chuyende.orgs.enums import OrganizationKind

_counter = itertools.count(1)


def organization(parent=None, *, kind=OrganizationKind.COMMITTEE, name=None, **fields):
    n = next(_counter)
    defaults = {
        "header_name": f"ĐẢNG UỶ SỐ {n}",
        "superior_header_name": "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH",
        "body_code": "CB" if kind == OrganizationKind.CELL else "ĐU",
        "place_name": "Nha Trang",
        "signing_authority": "CHI BỘ" if kind == OrganizationKind.CELL else "ĐẢNG UỶ",
    }
    defaults.update(fields)
    return create_organization(
        actor=SYSTEM, parent=parent, kind=kind, name=name or f"Tổ chức số {n}", **defaults
    )


def cell(parent, name=None, **fields):
    return organization(parent, kind=OrganizationKind.CELL, name=name, **fields)


def member(cell, full_name=None, **fields):
    n = next(_counter)
    return create_member(actor=SYSTEM, cell=cell, full_name=full_name or f"Nguyễn Văn Số {n}", **fields)


def user(username=None, *, member=None, password="mat-khau-thu-nghiem"):
    user = get_user_model().objects.create_user(
        username=username or f"user{next(_counter)}", password=password
    )
    if member is not None:
        link_user(actor=SYSTEM, member=member, user=user)
    return user


def role(user, organization, role, **fields):
    return assign_role(actor=SYSTEM, user=user, organization=organization, role=role, **fields)
