"""Forms of the paper pages: they parse input; the domain functions decide."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from chuyende.orgs.models import Member
from chuyende.papers.enums import CommentTarget, Disposition
from chuyende.papers.models import Manifestation

from .forms import UploadForm

TEXT_HELP = _("Mỗi đoạn cách nhau một dòng trống. Dòng bắt đầu bằng “#” là tiêu đề.")


class PaperCreateForm(forms.Form):
    title = forms.CharField(label=_("Tên bài tham luận"), max_length=500)
    topic = forms.CharField(label=_("Chuyên đề của chi bộ"), max_length=500, required=False)
    text = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=TEXT_HELP)  # fmt: skip


class PaperEditForm(PaperCreateForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    authors = forms.ModelMultipleChoiceField(label=_("Tác giả"), queryset=Member.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)  # fmt: skip
    manifestations = forms.ModelMultipleChoiceField(
        label=_("Biểu hiện suy thoái được nêu trong bài"), queryset=Manifestation.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    causes = forms.CharField(label=_("Nguyên nhân"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    solutions = forms.CharField(
        label=_("Giải pháp"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    commitments = forms.CharField(
        label=_("Cam kết"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, paper, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authors"].queryset = Member.objects.filter(cell=paper.organization, is_active=True)
        self.fields["manifestations"].queryset = Manifestation.objects.filter(
            tag_set__is_active=True
        ).select_related("tag_set")


class PaperUploadForm(UploadForm):
    allowed_suffixes = (".docx", ".pdf")
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Góp ý của đồng chí"), widget=forms.Textarea(attrs={"rows": 3}))
    target = forms.ChoiceField(choices=CommentTarget.choices, widget=forms.HiddenInput)
    anchor = forms.CharField(required=False, widget=forms.HiddenInput)
    idempotency_key = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)


class SessionCommentForm(CommentForm):
    """A comment made aloud at the session, recorded by the secretary for a named member."""

    paper = forms.IntegerField(widget=forms.HiddenInput)
    on_behalf_of = forms.ModelChoiceField(label=_("Người phát biểu"), queryset=Member.objects.none())
    target = forms.ChoiceField(choices=[(CommentTarget.PAPER, CommentTarget.PAPER.label),
                                        (CommentTarget.CELL, CommentTarget.CELL.label)],
                               label=_("Góp ý cho"))  # fmt: skip

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"].queryset = members


class AnswerForm(forms.Form):
    disposition = forms.ChoiceField(
        label=_("Tiếp thu"), widget=forms.RadioSelect,
        choices=[(Disposition.ACCEPTED, Disposition.ACCEPTED.label), (Disposition.REJECTED, Disposition.REJECTED.label)],
    )  # fmt: skip
    answer = forms.CharField(label=_("Trả lời, giải trình"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
