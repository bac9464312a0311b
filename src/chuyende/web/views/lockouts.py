"""The office's list of locked logins (too many wrong passwords) with a button to lift each."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from chuyende.common.models import LoginLockout
from chuyende.orgs.domain.lockouts import lockouts_for, unlock_login
from chuyende.web.mixins import DomainErrorMixin, form_id


class LockoutListView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    template_name = "web/lockouts.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(lockouts=lockouts_for(self.request.user), **kwargs)

    def post(self, request):
        lockout = LoginLockout.objects.filter(pk=form_id(request.POST.get("lockout"))).first()
        if lockout is None or lockout not in lockouts_for(request.user):
            raise Http404(_("Không tìm thấy khoá đăng nhập này."))
        unlock_login(actor=request.user, lockout=lockout)
        messages.success(request, _("Đã mở khoá đăng nhập cho %(key)s.") % {"key": lockout.key})
        return redirect("lockout-list")
