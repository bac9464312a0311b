"""Forms of the meeting pages: they parse input; the domain functions decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from chuyende.meetings.enums import MAX_SCORE, AttendanceStatus, MeetingKind
from chuyende.orgs.enums import Role
from chuyende.orgs.models import Member
from chuyende.orgs.rules import in_force_q, subtree_q
from chuyende.web.templatetags.people import person_name

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Nội dung"), max_length=500)
    starts_at = forms.DateTimeField(label=_("Bắt đầu (để trống: ngày 3 tháng này với sinh hoạt định kỳ)"),
                                    required=False, widget=DATETIME)  # fmt: skip
    ends_at = forms.DateTimeField(label=_("Kết thúc"), required=False, widget=DATETIME)
    place = forms.CharField(label=_("Địa điểm"), required=False)
    agenda = forms.CharField(
        label=_("Chương trình (mỗi dòng một nội dung)"), required=False, widget=forms.Textarea
    )
    chair = forms.ModelChoiceField(
        label=_("Chủ trì"), queryset=Member.objects.none(), required=False, empty_label=_("— Chưa chọn —")
    )
    secretary = forms.ModelChoiceField(
        label=_("Thư ký"), queryset=Member.objects.none(), required=False, empty_label=_("— Chưa chọn —")
    )
    guests = forms.CharField(label=_("Khách mời"), required=False)
    supervisor = forms.ModelChoiceField(
        label=_("Cấp uỷ viên cấp trên dự"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("— Chưa chọn —"),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        members = Member.objects.filter(subtree_q([organization.path], field="cell__path"), is_active=True)
        self.fields["chair"].queryset = self.fields["secretary"].queryset = members.order_by("sort_key")
        self.fields["supervisor"].queryset = (
            get_user_model()
            .objects.filter(
                in_force_q(prefix="role_assignments__"),
                role_assignments__role=Role.SUPERVISOR,
                role_assignments__organization=organization,
            )
            .distinct()
            .select_related("member")
        )
        # People by their full name, never by their login.
        self.fields["supervisor"].label_from_instance = person_name

    def domain_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["agenda"] = [line.strip() for line in data["agenda"].splitlines() if line.strip()]
        return data


class MaterialForm(forms.Form):
    file = forms.FileField(label=_("Tệp tài liệu"))
    title = forms.CharField(label=_("Tên tài liệu"), required=False)
    is_lead_paper = forms.BooleanField(label=_("Bài tham luận chính"), required=False)


class AttendanceForm(forms.Form):
    member = forms.IntegerField()
    status = forms.ChoiceField(choices=AttendanceStatus.choices)
    reason = forms.CharField(required=False)


class MinutesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    content = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea)
    proceedings = forms.CharField(
        label=_("Diễn biến — mỗi dòng: Họ tên người phát biểu: nội dung"),
        required=False,
        widget=forms.Textarea,
    )
    conclusion = forms.CharField(label=_("Kết luận"), required=False, widget=forms.Textarea)
    votes_agree = forms.IntegerField(label=_("Tán thành"), min_value=0, initial=0)
    votes_disagree = forms.IntegerField(label=_("Không tán thành"), min_value=0, initial=0)
    votes_other = forms.IntegerField(label=_("Ý kiến khác"), min_value=0, initial=0)
    reason = forms.CharField(label=_("Lý do đính chính"), required=False)

    def clean_proceedings(self):
        entries = []
        for line in self.cleaned_data["proceedings"].splitlines():
            if not line.strip():
                continue
            speaker, _sep, text = line.partition(":")
            if not _sep:
                raise forms.ValidationError(
                    _("Dòng “%(line)s” thiếu dấu “:” sau tên người phát biểu.") % {"line": line}
                )
            entries.append({"speaker": speaker.strip(), "text": text.strip()})
        return entries

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "reason")}

    @staticmethod
    def initial_for(minutes) -> dict:
        return {
            "version": minutes.version,
            "content": minutes.content,
            "proceedings": "\n".join(f"{e['speaker']}: {e['text']}" for e in minutes.proceedings),
            "conclusion": minutes.conclusion,
            "votes_agree": minutes.votes_agree,
            "votes_disagree": minutes.votes_disagree,
            "votes_other": minutes.votes_other,
        }


class PlanForm(forms.Form):
    theme = forms.CharField(label=_("Chuyên đề"), max_length=500)
    basis = forms.CharField(label=_("Căn cứ"), required=False, max_length=500)
    purpose = forms.CharField(label=_("Mục đích"), required=False, widget=forms.Textarea)
    requirements = forms.CharField(label=_("Yêu cầu"), required=False, widget=forms.Textarea)
    cell_sessions_before = forms.DateField(
        label=_("Chi bộ sinh hoạt trước ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
    committee_session_on = forms.DateField(
        label=_("Ngày sinh hoạt cấp Đảng bộ"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    pass_score = forms.IntegerField(
        label=_("Điểm tối thiểu (dưới mức này phải tổ chức lại)"),
        initial=50,
        min_value=0,
        max_value=MAX_SCORE,
    )


class AssignmentForm(forms.Form):
    cell = forms.IntegerField(widget=forms.HiddenInput)
    topic = forms.CharField(label=_("Chuyên đề của chi bộ"), max_length=500)
    due_on = forms.DateField(label=_("Hạn"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
