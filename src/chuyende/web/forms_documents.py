from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from chuyende.documents.compose import body_from_text
from chuyende.documents.enums import Audience
from chuyende.documents.models import DocumentType
from chuyende.orgs.domain.signing import signers_for
from chuyende.orgs.models import Member, Organization, Term
from chuyende.orgs.rules import subtree_q


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def signer_choices(organization: Organization):
    """Only the people who may sign for the organization today (`orgs.domain.signing`)."""
    return Member.objects.filter(pk__in=[block.member.pk for block in signers_for(organization)]).order_by(
        "sort_key"
    )


class SignerField(forms.ModelChoiceField):
    """The signer, shown with the position their role gives ("Nguyễn Đức Thành — Bí thư")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Người ký"))
        super().__init__(Member.objects.none(), *args, **kwargs)
        self.labels: dict[int, str] = {}

    def set_organization(self, organization: Organization, on=None) -> None:
        blocks = signers_for(organization, on=on)
        self.labels = {block.member.pk: block.label for block in blocks}
        self.queryset = Member.objects.filter(pk__in=list(self.labels))

    def label_from_instance(self, obj):
        return self.labels.get(obj.pk, obj.full_name)


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
    signer = SignerField(
        required=False,
        help_text=_("Thể thức ký (T/M, K/T) và chức vụ in trên văn bản theo chức vụ của người ký."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organization: Organization, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["term"]).queryset = Term.objects.filter(
            organization=organization
        )
        cast(SignerField, self.fields["signer"]).set_organization(organization)
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
    signer = SignerField(help_text=_("Chỉ những người giữ chức vụ có thẩm quyền ký (Bí thư, Phó Bí thư)."))

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        cast(SignerField, self.fields["signer"]).set_organization(organization)


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
