"""Forms of the organization pages: the tree import, a node's details, moving and closing it, and
appointing a member to a role. They parse; the rules are in `orgs.domain`."""

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuyende.orgs.enums import OrganizationKind, Role
from chuyende.orgs.models import Member, Organization
from chuyende.web.forms import UploadForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def indented(organization: Organization) -> str:
    """A node in a list of choices, indented by its depth so the tree shows."""
    return "— " * organization.depth + organization.name


class OrganizationImportForm(UploadForm):
    allowed_suffixes = (".xlsx", ".csv")
    place = forms.ModelChoiceField(
        label=_("Nhập vào"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— Toàn hệ thống (tổ chức cấp cao nhất) —"),
    )
    file = forms.FileField(label=_("Cây tổ chức (.xlsx hoặc .csv)"))

    def __init__(self, *args, places, allow_site: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_site = allow_site
        field = cast(forms.ModelChoiceField, self.fields["place"])
        field.queryset = places
        field.required = not allow_site
        if not allow_site:
            field.empty_label = None
        field.label_from_instance = indented  # type: ignore[assignment]

    # UploadForm declares `file` first; the place is chosen before the file.
    field_order = ["place", "file"]


class OrganizationForm(forms.Form):
    """A node's details (creating a child or a root, or correcting one)."""

    kind = forms.ChoiceField(label=_("Loại"), choices=OrganizationKind.choices)
    name = forms.CharField(label=_("Tên đầy đủ"), max_length=255)
    short_name = forms.CharField(label=_("Tên ngắn"), max_length=120, required=False)
    code = forms.CharField(label=_("Mã tổ chức"), max_length=50, required=False)
    header_name = forms.CharField(
        label=_("Tên in hoa trong văn bản"),
        max_length=255,
        required=False,
        help_text=_("Để trống thì tự lập từ tên, ví dụ ĐẢNG UỶ CƠ QUAN VĂN PHÒNG."),
    )
    superior_header_name = forms.CharField(
        label=_("Tên cơ quan cấp trên in hoa"), max_length=255, required=False
    )
    body_code = forms.CharField(
        label=_("Ký hiệu cơ quan ban hành"), max_length=20, required=False, help_text=_("Ví dụ: ĐU, CB")
    )
    signing_authority = forms.CharField(label=_("Thẩm quyền ký (T/M …)"), max_length=120, required=False)
    place_name = forms.CharField(label=_("Địa danh ghi trong ngày tháng"), max_length=100, required=False)
    unit_name = forms.CharField(label=_("Đơn vị, phòng ban"), max_length=255, required=False)
    unit_function = forms.CharField(
        label=_("Chức năng, nhiệm vụ của đơn vị"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]  # the kind of an existing node does not change


class MoveOrganizationForm(forms.Form):
    parent = forms.ModelChoiceField(label=_("Chuyển về trực thuộc"), queryset=Organization.objects.none())

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["parent"])
        field.queryset = parents
        field.label_from_instance = indented  # type: ignore[assignment]


class CloseOrganizationForm(forms.Form):
    closed_on = forms.DateField(label=_("Ngày giải thể, sáp nhập"), widget=DATE_INPUT)


class GrantRoleForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Đảng viên"),
        queryset=Member.objects.none(),
        error_messages={
            "required": _("Hãy tìm và chọn một đảng viên."),
            "invalid_choice": _("Hãy tìm và chọn một đảng viên."),
        },
    )
    role = forms.ChoiceField(label=_("Vai trò"))
    title = forms.CharField(
        label=_("Chức danh ghi khi ký"),
        max_length=120,
        required=False,
        help_text=_("Không bắt buộc, ví dụ: PHÓ BÍ THƯ THƯỜNG TRỰC."),
    )
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Đến ngày (không bắt buộc)"), widget=DATE_INPUT, required=False)

    def __init__(self, *args, members, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["member"]).queryset = members
        roles = [(value, label) for value, label in Role.choices if value != Role.MEMBER]
        if not organization.is_cell:
            roles = [(value, label) for value, label in roles if value != Role.SUPERVISOR]
        cast(forms.ChoiceField, self.fields["role"]).choices = roles
        self.fields["starts_on"].initial = timezone.localdate()


class EndRoleForm(forms.Form):
    ends_on = forms.DateField(label=_("Ngày kết thúc"), widget=DATE_INPUT)


class TermForm(forms.Form):
    name = forms.CharField(
        label=_("Tên nhiệm kỳ"), max_length=100, help_text=_("Ví dụ: Nhiệm kỳ 2015 – 2020")
    )
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Đến ngày (không bắt buộc)"), widget=DATE_INPUT, required=False)
