from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from chuyende.orgs.enums import MemberStatus


class UploadForm(forms.Form):
    """One uploaded file, refused with a clear message when too large or of the wrong kind."""

    allowed_suffixes: tuple[str, ...] = ()
    file = forms.FileField(label=_("Tệp"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.CHUYENDE_MAX_UPLOAD_BYTES:
            limit = settings.CHUYENDE_MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(_("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": limit})
        if self.allowed_suffixes and not upload.name.lower().endswith(self.allowed_suffixes):
            raise forms.ValidationError(
                _("Loại tệp không được hỗ trợ. Chấp nhận: %(kinds)s.")
                % {"kinds": ", ".join(self.allowed_suffixes)}
            )
        return upload


class MemberImportForm(UploadForm):
    allowed_suffixes = (".xlsx", ".csv")
    file = forms.FileField(label=_("Danh sách đảng viên (.xlsx hoặc .csv)"))


class MemberForm(forms.Form):
    """Add or correct a member; the cell list holds only the cells the user manages."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    cell: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Chi bộ"), queryset=None, empty_label=None)
    status = forms.ChoiceField(label=_("Loại đảng viên"))
    party_card_number = forms.CharField(label=_("Số thẻ đảng viên"), max_length=20, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)

    def __init__(self, *args, cells, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells
        self.fields["status"].choices = MemberStatus.choices
