from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from chuyende.documents.compose import body_from_text
from chuyende.documents.enums import Audience, SigningForm
from chuyende.documents.models import DocumentType
from chuyende.orgs.models import Member, Organization, Term
from chuyende.orgs.rules import subtree_q


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def signer_choices(organization: Organization):
    """Members who hold a role on the issuing organization: the people who sign its papers."""
    return (
        Member.objects.filter(user__role_assignments__organization=organization)
        .distinct()
        .order_by("sort_key")
    )


class DocumentForm(forms.Form):
    document_type = forms.ModelChoiceField(
        DocumentType.objects.filter(is_active=True), label=_("Loại văn bản")
    )
    term = forms.ModelChoiceField(Term.objects.none(), label=_("Nhiệm kỳ"))
    summary = forms.CharField(label=_("Trích yếu"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(
        label=_("Nội dung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "# Phần, ## Mục, ### tiểu mục; - gạch đầu dòng; | ô | ô | cho bảng; --- sang trang. Để trống: dùng khung mẫu."
        ),
    )
    marks = forms.CharField(
        label=_("Dấu mức độ (mỗi dòng một dấu)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    signer = forms.ModelChoiceField(Member.objects.none(), label=_("Người ký"), required=False)
    signing_form = forms.ChoiceField(choices=SigningForm.choices, label=_("Thể thức ký"), required=False)
    signer_position = forms.CharField(label=_("Chức vụ người ký"), max_length=60, initial="BÍ THƯ")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organization: Organization, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["term"]).queryset = Term.objects.filter(
            organization=organization
        )
        cast(forms.ModelChoiceField, self.fields["signer"]).queryset = signer_choices(organization)
        if editing:
            del self.fields["document_type"]

    def clean_body(self):
        text = self.cleaned_data["body"]
        return body_from_text(text) if text.strip() else None

    def clean_marks(self):
        return _lines(self.cleaned_data["marks"])

    def clean_recipients(self):
        return _lines(self.cleaned_data["recipients"])


class IssueForm(forms.Form):
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=forms.DateInput(attrs={"type": "date"}))
    signer = forms.ModelChoiceField(Member.objects.none(), label=_("Người ký"))

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["signer"]).queryset = signer_choices(organization)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=500)


class DisseminateForm(forms.Form):
    audience = forms.ChoiceField(choices=Audience.choices, label=_("Đối tượng"), initial=Audience.SUBTREE)
    cells = forms.ModelMultipleChoiceField(Organization.objects.none(), label=_("Chi bộ"), required=False)
    members = forms.ModelMultipleChoiceField(Member.objects.none(), label=_("Đảng viên"), required=False)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)

        cast(forms.ModelChoiceField, self.fields["cells"]).queryset = Organization.objects.filter(
            subtree_q([organization.path]), kind="cell"
        )
        cast(forms.ModelChoiceField, self.fields["members"]).queryset = Member.objects.filter(
            subtree_q([organization.path], field="cell__path"), is_active=True
        )
