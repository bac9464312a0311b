"""The office's buttons at the end of a consultation: close early, finish the handling, issue the
resolution. Each calls one domain function; the detail page shows what still blocks each one."""

from datetime import date

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from chuyende.common.errors import DomainError
from chuyende.consultations import domain
from chuyende.orgs.models import Member, Term
from chuyende.web.confirm import require_confirmation
from chuyende.web.forms_documents import signer_choices

from .consultations import OfficeMixin


class ResolutionIssueForm(forms.Form):
    term = forms.ModelChoiceField(Term.objects.none(), label=gettext_lazy("Nhiệm kỳ"))
    signer = forms.ModelChoiceField(Member.objects.none(), label=gettext_lazy("Người ký"))
    issued_on = forms.DateField(
        label=gettext_lazy("Ngày ban hành"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, organization, **kwargs):
        kwargs.setdefault("initial", {"issued_on": date.today()})
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.filter(organization=organization)
        self.fields["signer"].queryset = signer_choices(organization)
        current = self.fields["term"].queryset.first()
        if current is not None:
            self.fields["term"].initial = current.pk


STEP_CONFIRMATIONS = {
    "ket-thuc-som": gettext_lazy("Việc nhận góp ý sẽ kết thúc ngay, trước thời hạn; đảng viên không gửi góp ý được nữa."),
    "ket-thuc": gettext_lazy("Việc tiếp thu, giải trình sẽ kết thúc; cách xử lý từng ý kiến được khoá lại."),
    "ban-hanh": gettext_lazy("Nghị quyết sẽ được cấp số tiếp theo của sổ nghị quyết theo nhiệm kỳ đã chọn và ban hành; không sửa được nữa."),
}  # fmt: skip


class ConsultationStepView(OfficeMixin, View):
    """POST /lay-y-kien/<pk>/buoc/<action>/ — close-early, finish or issue."""

    def post(self, request, pk, action):
        consultation = self.consultation()
        try:
            if action in STEP_CONFIRMATIONS:
                require_confirmation(request, str(STEP_CONFIRMATIONS[action]))
            if action == "ket-thuc-som":
                domain.close_early(actor=request.user, consultation=consultation)
                messages.success(request, _("Đã kết thúc sớm việc nhận góp ý."))
            elif action == "ket-thuc":
                domain.finish_consultation(actor=request.user, consultation=consultation)
                messages.success(request, _("Đã kết thúc tiếp thu, giải trình."))
            elif action == "ban-hanh":
                form = ResolutionIssueForm(request.POST, organization=consultation.organization)
                if not form.is_valid():
                    raise DomainError(_("Hãy chọn nhiệm kỳ, người ký và ngày ban hành."))
                document = domain.issue_resolution(
                    actor=request.user, consultation=consultation, term=form.cleaned_data["term"],
                    signer=form.cleaned_data["signer"], issued_on=form.cleaned_data["issued_on"],
                )  # fmt: skip
                messages.success(
                    request, _("Đã ban hành nghị quyết %(number)s.") % {"number": document.number_symbol}
                )
                return HttpResponseRedirect(reverse("document-detail", args=[document.pk]))
            else:
                raise Http404()
        except DomainError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(reverse("consultation-detail", args=[consultation.pk]))
