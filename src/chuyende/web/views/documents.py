"""Pages of official documents: list, draft editing, issuing, the in-browser view, downloads,
dissemination, acknowledgement, the roll-up and the outbox. No rules here: the domain decides."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView

from chuyende.common.errors import DomainError, NotFound
from chuyende.common.models import OutboxMessage
from chuyende.common.outbox import check_can_review, discard, release, waiting_messages_for
from chuyende.common.tasks import send_outbox
from chuyende.documents import domain
from chuyende.documents.access import documents_for, get_document_for, rollup_scope
from chuyende.documents.compose import body_to_text
from chuyende.documents.enums import DocumentState, FileFormat
from chuyende.documents.models import Dissemination, Recipient
from chuyende.documents.output import document_file, document_html
from chuyende.documents.rules import can_manage_documents
from chuyende.orgs.access import get_organization_for
from chuyende.orgs.enums import MANAGING_ROLES
from chuyende.orgs.models import Organization
from chuyende.orgs.rules import can_oversee_organization, member_of, role_paths
from chuyende.web.confirm import require_confirmation
from chuyende.web.forms_documents import DisseminateForm, DocumentForm, IssueForm, WithdrawForm
from chuyende.web.mixins import DomainErrorMixin, form_id, form_ids, permission_first
from chuyende.web.once import create_once


def _document_or_404(user, pk):
    try:
        return get_document_for(user, pk)
    except NotFound as error:
        raise Http404(error.message) from None


class DocumentListView(LoginRequiredMixin, TemplateView):
    template_name = "web/documents/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        documents = documents_for(user).select_related("organization", "document_type")
        if state := self.request.GET.get("state"):
            documents = documents.filter(state=state)
        paths = role_paths(user, MANAGING_ROLES)
        context.update(
            documents=documents[:200],
            states=DocumentState.choices,
            managed=Organization.objects.filter(path__in=paths).order_by("path"),
        )
        return context


class DocumentFormView(LoginRequiredMixin, DomainErrorMixin, View):
    """Creates a draft (`?org=<id>`) or edits one (`pk`); a stale version is refused with a message."""

    template_name = "web/documents/form.html"

    def _setup(self, request, pk):
        if pk is None:
            try:
                organization = get_organization_for(request.user, request.GET.get("org"))
            except NotFound as error:
                raise Http404(error.message) from None
            permission_first(domain.check_can_write_document, request.user, organization)
            return organization, None
        document = _document_or_404(request.user, pk)
        # The form shows a draft's content and offers to change it: only its managers, and only
        # while it is a draft (an issued document is frozen; a reader of it has nothing to edit).
        permission_first(domain.check_can_edit_document, request.user, document)
        if document.state != DocumentState.DRAFT:
            raise PermissionDenied(_("Văn bản đã ban hành, không sửa được nữa."))
        return document.organization, document

    def get(self, request, pk=None):
        organization, document = self._setup(request, pk)
        initial = {}
        if document is not None:
            initial = {
                "term": document.term_id,
                "summary": document.summary,
                "body": body_to_text(document.body),
                "marks": "\n".join(document.marks),
                "recipients": "\n".join(document.recipients),
                "signer": document.signer_id,
                "version": document.version,
            }
        form = DocumentForm(initial=initial, organization=organization, editing=document is not None)
        return render(
            request, self.template_name, {"form": form, "organization": organization, "document": document}
        )

    def post(self, request, pk=None):
        organization, document = self._setup(request, pk)
        form = DocumentForm(request.POST, organization=organization, editing=document is not None)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            if not data["recipients"]:
                data.pop("recipients")
            try:
                if document is None:
                    document, _created = create_once(
                        request,
                        lambda: domain.create_document(actor=request.user, organization=organization, **data),
                    )
                else:
                    if data["body"] is None:
                        data.pop("body")
                    document = domain.update_draft(
                        actor=request.user, document=document, expected_version=version or 0, **data
                    )
            except NotFound:
                raise
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã lưu dự thảo."))
                return redirect("document-detail", pk=document.pk)
        return render(
            request, self.template_name, {"form": form, "organization": organization, "document": document}
        )


def confirmations(document) -> dict:
    """What each irreversible button of the document page will do, said before it is pressed."""
    if document.is_draft:
        return {"issue_confirm": _(
            "Văn bản sẽ được cấp số %(number)s của sổ văn bản %(body)s và khoá lại: sau khi ban hành không sửa được, "
            "chỉ thu hồi hoặc thay thế."
        ) % {"number": domain.next_number_symbol(document), "body": document.organization.name}}  # fmt: skip
    if document.state != DocumentState.ISSUED:
        return {}
    return {
        "disseminate_confirm": _(
            "Văn bản %(number)s sẽ được gửi tới %(n)s đảng viên (cả %(org)s; ít hơn nếu chỉ chọn một số chi bộ "
            "hoặc đảng viên). Đã gửi thì không rút lại được."
        ) % {"number": document.number_symbol, "n": domain.audience_size(document), "org": document.organization.name},
        "withdraw_confirm": _(
            "Văn bản %(number)s sẽ bị thu hồi và không còn hiệu lực; số %(number)s được giữ lại, không cấp cho văn bản khác."
        ) % {"number": document.number_symbol},
    }  # fmt: skip


class DocumentDetailView(LoginRequiredMixin, TemplateView):
    template_name = "web/documents/detail.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["web/documents/detail.html#acknowledgement"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        document = _document_or_404(user, kwargs["pk"])
        manager = can_manage_documents(user, document.organization)
        member = member_of(user)
        receipt = Recipient.objects.filter(document=document, member=member).first() if member else None
        try:
            at = int(self.request.GET["to_chuc"]) if self.request.GET.get("to_chuc") else None
        except ValueError:
            at = -1
        try:
            roots = rollup_scope(user, document, at) if not document.is_draft else []
        except NotFound as error:
            raise Http404(error.message) from None
        rollup, orgs, current = None, {}, None
        if roots:
            rollup = domain.acknowledgement_rollup(document, roots)
            paths = [r.path for r in rollup.rows] + roots
            orgs = {o.path: o for o in Organization.objects.filter(path__in=paths)}
            current = orgs.get(roots[0]) if at is not None else None
        context.update(confirmations(document) if manager else {})
        context.update(
            document=document,
            manager=manager,
            receipt=receipt,
            rollup_rows=[(orgs.get(r.path), r, r.path not in roots) for r in rollup.rows] if rollup else [],
            rollup=rollup,
            rollup_at=current,
            disseminations=document.disseminations.all() if manager else [],
            issue_form=IssueForm(
                organization=document.organization,
                initial={"issued_on": date.today(), "signer": document.signer_id},
            ),
            withdraw_form=WithdrawForm(),
            disseminate_form=DisseminateForm(organization=document.organization) if manager else None,
            replacements=documents_for(user)
            .filter(organization=document.organization, state=DocumentState.ISSUED)
            .exclude(pk=document.pk)[:50]
            if manager
            else [],
        )
        return context


class DocumentActionView(LoginRequiredMixin, View):
    """POST-only actions on one document; each calls one domain function."""

    def dispatch(self, request, *args, **kwargs):
        # A refusal goes back to the document's page with the reason (the action address itself
        # has no page to show).
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from None
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("document-detail", pk=kwargs["pk"])

    def post(self, request, pk, action):
        document = _document_or_404(request.user, pk)
        handler = getattr(self, f"do_{action.replace('-', '_')}", None)
        if handler is None:
            raise Http404()
        message = handler(request, document)
        if action == "acknowledge" and request.headers.get("HX-Request"):
            return self.acknowledged(request, document)
        if message:
            messages.success(request, message)
        return redirect("document-detail", pk=document.pk)

    def acknowledged(self, request, document):
        """htmx: the member's receipt in place of the button, and the page's acknowledgement rate
        (when the member sees one) swapped out of band, so the page never shows the rate from
        before the click. No flash message: the receipt says it, and a queued message would only
        appear on whatever page the member opens next (found by the newcomer's walk)."""
        view = DocumentDetailView()
        view.setup(request, pk=document.pk)
        context = view.get_context_data(pk=document.pk)
        page = "web/documents/detail.html"
        html = render_to_string(f"{page}#acknowledgement", context, request)
        if context.get("rollup"):
            html += render_to_string(f"{page}#rollup", {**context, "oob": True}, request)
        return HttpResponse(html)

    def do_issue(self, request, document):
        permission_first(domain.check_can_issue_document, request.user, document)
        form = IssueForm(request.POST, organization=document.organization)
        if not form.is_valid():
            raise DomainError(_("Hãy chọn ngày ban hành và người ký."))
        if document.is_draft:
            require_confirmation(request, confirmations(document)["issue_confirm"])
        document = domain.issue_document(
            actor=request.user,
            document=document,
            expected_version=form_id(request.POST.get("version", document.version)) or -1,
            **form.cleaned_data,
        )
        return _("Đã ban hành văn bản số %(number)s.") % {"number": document.number_symbol}

    def do_withdraw(self, request, document):
        permission_first(domain.check_can_withdraw_document, request.user, document)
        if document.state == DocumentState.ISSUED:
            require_confirmation(request, confirmations(document)["withdraw_confirm"])
        domain.withdraw_document(actor=request.user, document=document, reason=request.POST.get("reason", ""))
        return _("Đã thu hồi văn bản; số văn bản được giữ lại, không cấp lại.")

    def do_replace(self, request, document):
        replacement = _document_or_404(request.user, request.POST.get("replacement"))
        domain.replace_document(actor=request.user, document=document, replacement=replacement)
        return _("Đã đánh dấu văn bản bị thay thế.")

    def do_disseminate(self, request, document):
        permission_first(domain.check_can_disseminate, request.user, document)
        form = DisseminateForm(request.POST, organization=document.organization)
        if not form.is_valid():
            raise DomainError(_("Đối tượng phổ biến không hợp lệ."))
        if document.state == DocumentState.ISSUED:
            require_confirmation(request, confirmations(document)["disseminate_confirm"])
        data = form.cleaned_data
        sent = domain.disseminate(
            actor=request.user,
            document=document,
            audience=data["audience"],
            cells=list(data["cells"]),
            members=list(data["members"]),
        )
        return _("Đã phổ biến đến %(n)d đảng viên.") % {"n": sent.recipient_count}

    def do_acknowledge(self, request, document):
        domain.acknowledge(actor=request.user, document=document)
        return _("Đã ghi nhận: đồng chí đã nghiên cứu, quán triệt văn bản.")

    def do_reminders(self, request, document):
        dissemination = Dissemination.objects.filter(
            document=document, pk=form_id(request.POST.get("dissemination"))
        ).first()
        if dissemination is None:
            raise NotFound(_("Không tìm thấy đợt phổ biến này."))
        count = domain.prepare_reminders(actor=request.user, dissemination=dissemination)
        return _("Đã soạn %(n)d thư nhắc, chờ duyệt trong Hộp thư đi.") % {"n": count}


@method_decorator(xframe_options_sameorigin, name="dispatch")
class DocumentHtmlView(LoginRequiredMixin, View):
    """The document as a standalone HTML page, shown inside the detail page's iframe."""

    def get(self, request, pk):
        return HttpResponse(document_html(_document_or_404(request.user, pk)))


class DocumentDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk, fmt):
        if fmt not in FileFormat.values:
            raise Http404()
        output = document_file(_document_or_404(request.user, pk), fmt)
        response = HttpResponse(output.content, content_type=output.content_type)
        disposition = "inline" if request.GET.get("inline") and fmt == FileFormat.PDF else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{output.file_name}"'
        return response


class PendingView(LoginRequiredMixin, TemplateView):
    """Members of one cell who have not acknowledged a document (for its secretary and above)."""

    template_name = "web/documents/pending.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = _document_or_404(self.request.user, kwargs["pk"])
        try:
            cell = get_organization_for(self.request.user, kwargs["cell_pk"])
        except NotFound as error:
            raise Http404(error.message) from None
        if not can_oversee_organization(self.request.user, cell):
            raise Http404(_("Bạn không theo dõi chi bộ này."))
        context.update(document=document, cell=cell, pending=domain.pending_recipients(document, cell))
        return context


OUTBOX_CONFIRMATION = gettext_lazy(
    "Thư đã chọn sẽ được gửi đi (Duyệt và gửi) hoặc bỏ hẳn (Bỏ thư đã chọn); không thu lại được."
)


class OutboxView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    """Messages waiting for review in the organizations the user manages; release or discard."""

    template_name = "web/documents/outbox.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["outbox_confirm"] = OUTBOX_CONFIRMATION
        context["messages_waiting"] = waiting_messages_for(self.request.user).select_related("organization")[
            :500
        ]
        return context

    def post(self, request):
        organization = get_organization_for(request.user, request.POST.get("organization"))
        permission_first(check_can_review, request.user, organization)
        chosen = OutboxMessage.objects.filter(pk__in=form_ids(request.POST.getlist("message")))
        require_confirmation(request, str(OUTBOX_CONFIRMATION))
        if request.POST.get("action") == "discard":
            count = discard(actor=request.user, organization=organization, messages=chosen)
            messages.success(request, _("Đã bỏ %(n)d thư.") % {"n": count})
        else:
            count = release(actor=request.user, organization=organization, messages=chosen)
            send_outbox.enqueue()
            messages.success(request, _("Đã duyệt %(n)d thư; thư được gửi đi.") % {"n": count})
        return redirect("outbox")
