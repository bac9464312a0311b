from django.utils.translation import gettext as _

from chuyende.common.errors import NotAllowed
from chuyende.common.outbox import MessageDraft, prepare_messages

from ..models import Dissemination, Recipient
from ..rules import can_manage_documents


def prepare_reminders(*, actor, dissemination: Dissemination) -> int:
    """Prepares (does not send) a reminder in the outbox for every member reached by
    `dissemination` who has not acknowledged and has an e-mail address; a member who already has a
    reminder waiting for this dissemination gets no second one. Returns how many were prepared."""
    document = dissemination.document
    if not can_manage_documents(actor, document.organization):
        raise NotAllowed(_("Bạn không có quyền nhắc nhở đảng viên về văn bản này."))
    pending = (
        Recipient.objects.filter(dissemination=dissemination, acknowledged_at__isnull=True)
        .exclude(member__email="")
        .select_related("member")
        .order_by("member__sort_key")
    )
    subject = _("Nhắc nghiên cứu văn bản %(number)s") % {"number": document.number_symbol}
    drafts = (
        MessageDraft(
            member=recipient.member,
            to_email=recipient.member.email,
            subject=subject,
            body=_(
                "Kính gửi đồng chí %(name)s,\n\n"
                "%(type)s số %(number)s về %(summary)s đã được phổ biến đến đồng chí. Đề nghị đồng chí "
                "đăng nhập hệ thống, nghiên cứu văn bản và bấm “Đã nghiên cứu, quán triệt”.\n\n%(org)s"
            )
            % {
                "name": recipient.member.full_name,
                "type": document.document_type.name.capitalize(),
                "number": document.number_symbol,
                "summary": document.summary,
                "org": document.organization.name,
            },
        )
        for recipient in pending.iterator(chunk_size=2000)
    )
    return prepare_messages(
        actor=actor,
        organization=document.organization,
        topic=f"documents.dissemination:{dissemination.pk}",
        drafts=drafts,
    )
