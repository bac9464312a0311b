from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.i18n import set_language

from .login import FirstRunLoginView, ThrottledPasswordChangeView
from .views import accounts as account_views
from .views import archive as archive_views
from .views import (
    consultation_steps,
    consultations,
    draft_edits,
    draft_paste,
    drafts,
    home,
    imports,
    lockouts,
    member_edit,
    members,
    org_structure,
    orgs,
    synthesis,
    volume_compose,
)
from .views import documents as documents_views
from .views import meetings as meeting_views
from .views import papers as paper_views
from .views import plans as plan_views
from .views import roles as role_views

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("ngon-ngu/", set_language, name="set_language"),
    path(
        "dang-nhap/",
        FirstRunLoginView.as_view(),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", ThrottledPasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("kich-hoat/", account_views.ActivateView.as_view(), name="activate"),
    path("quen-mat-khau/", account_views.ForgotPasswordView.as_view(), name="forgot-password"),
    path(
        "dang-vien/<int:pk>/tai-khoan/<slug:action>/",
        account_views.AccountActionView.as_view(),
        name="member-account",
    ),
    path(
        "to-chuc/<int:pk>/tai-khoan/", account_views.OrganizationAccountsView.as_view(), name="org-accounts"
    ),
    path(
        "to-chuc/<int:pk>/ma-kich-hoat.<str:fmt>",
        account_views.ActivationSheetView.as_view(),
        name="org-activation-sheet",
    ),
    path(
        "to-chuc/<int:pk>/thu-kich-hoat/",
        account_views.ActivationEmailView.as_view(),
        name="org-activation-email",
    ),
    path("to-chuc/", orgs.OrganizationTreeView.as_view(), name="org-tree"),
    path("to-chuc/them/", org_structure.OrganizationCreateView.as_view(), name="org-create-root"),
    path("to-chuc/nhap-cay/", org_structure.OrganizationImportView.as_view(), name="org-import"),
    path(
        "to-chuc/nhap-cay/mau.xlsx",
        org_structure.OrganizationImportTemplateView.as_view(),
        name="org-import-template",
    ),
    path(
        "to-chuc/nhap-cay/<int:import_pk>/",
        org_structure.OrganizationImportPreviewView.as_view(),
        name="org-import-preview",
    ),
    path(
        "to-chuc/nhap-cay/<int:import_pk>/tien-do/",
        org_structure.OrganizationImportProgressView.as_view(),
        name="org-import-progress",
    ),
    path(
        "to-chuc/<int:pk>/them-truc-thuoc/",
        org_structure.OrganizationCreateView.as_view(),
        name="org-create-child",
    ),
    path("to-chuc/<int:pk>/sua/", org_structure.OrganizationEditView.as_view(), name="org-edit"),
    path("to-chuc/<int:pk>/chuyen/", org_structure.OrganizationMoveView.as_view(), name="org-move"),
    path("to-chuc/<int:pk>/giai-the/", org_structure.OrganizationCloseView.as_view(), name="org-close"),
    path("to-chuc/<int:pk>/mo-lai/", org_structure.OrganizationReopenView.as_view(), name="org-reopen"),
    path("to-chuc/<int:pk>/nhiem-ky/", org_structure.TermCreateView.as_view(), name="org-term-create"),
    path("to-chuc/<int:pk>/vai-tro/", role_views.RolesView.as_view(), name="org-roles"),
    path(
        "to-chuc/<int:pk>/vai-tro/tim-dang-vien/",
        role_views.RoleMemberSearchView.as_view(),
        name="org-role-search",
    ),
    path(
        "to-chuc/<int:pk>/vai-tro/<int:assignment_pk>/ket-thuc/",
        role_views.RoleEndView.as_view(),
        name="org-role-end",
    ),
    path("to-chuc/<int:pk>/", orgs.OrganizationDetailView.as_view(), name="org-detail"),
    path("to-chuc/<int:pk>/truc-thuoc/", orgs.OrganizationChildrenView.as_view(), name="org-children"),
    path("to-chuc/<int:pk>/nhap-danh-sach/", imports.MemberImportUploadView.as_view(), name="member-import"),
    path(
        "to-chuc/<int:pk>/nhap-danh-sach/<int:import_pk>/",
        imports.MemberImportPreviewView.as_view(),
        name="member-import-preview",
    ),
    path(
        "to-chuc/<int:pk>/nhap-danh-sach/<int:import_pk>/tien-do/",
        imports.MemberImportProgressView.as_view(),
        name="member-import-progress",
    ),
    path("dang-vien/", members.MemberListView.as_view(), name="member-list"),
    path("dang-vien/<int:pk>/", members.MemberDetailView.as_view(), name="member-detail"),
    path("dang-vien/<int:pk>/sua/", member_edit.MemberEditView.as_view(), name="member-edit"),
    path("to-chuc/<int:pk>/them-dang-vien/", member_edit.MemberCreateView.as_view(), name="member-create"),
    # official documents
    path("van-ban/", documents_views.DocumentListView.as_view(), name="document-list"),
    path("van-ban/soan/", documents_views.DocumentFormView.as_view(), name="document-create"),
    path("van-ban/<int:pk>/", documents_views.DocumentDetailView.as_view(), name="document-detail"),
    path("van-ban/<int:pk>/sua/", documents_views.DocumentFormView.as_view(), name="document-edit"),
    path("van-ban/<int:pk>/xem/", documents_views.DocumentHtmlView.as_view(), name="document-html"),
    path(
        "van-ban/<int:pk>/tai/<str:fmt>/",
        documents_views.DocumentDownloadView.as_view(),
        name="document-file",
    ),
    path(
        "van-ban/<int:pk>/chi-bo/<int:cell_pk>/",
        documents_views.PendingView.as_view(),
        name="document-pending",
    ),
    path(
        "van-ban/<int:pk>/<slug:action>/",
        documents_views.DocumentActionView.as_view(),
        name="document-action",
    ),
    path("hop-thu-di/", documents_views.OutboxView.as_view(), name="outbox"),
    path("khoa-dang-nhap/", lockouts.LockoutListView.as_view(), name="lockout-list"),
    # meetings, plans and papers
    path("sinh-hoat/", meeting_views.MeetingListView.as_view(), name="meeting-list"),
    path("sinh-hoat/tao/", meeting_views.MeetingCreateView.as_view(), name="meeting-create"),
    path("sinh-hoat/<int:pk>/", meeting_views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("sinh-hoat/<int:pk>/sua/", draft_edits.MeetingEditView.as_view(), name="meeting-edit"),
    path("sinh-hoat/<int:pk>/diem-danh/", meeting_views.AttendanceView.as_view(), name="meeting-attendance"),
    path("sinh-hoat/<int:pk>/bien-ban/", meeting_views.MinutesView.as_view(), name="meeting-minutes"),
    path(
        "sinh-hoat/<int:pk>/bien-ban.pdf",
        meeting_views.MinutesDownloadView.as_view(),
        name="meeting-minutes-pdf",
    ),
    path(
        "sinh-hoat/<int:pk>/bien-ban.docx",
        meeting_views.MinutesDownloadView.as_view(),
        {"kind": "docx"},
        name="meeting-minutes-docx",
    ),
    path("sinh-hoat/<int:pk>/xep-loai/", meeting_views.GradeView.as_view(), name="meeting-grade"),
    path("sinh-hoat/<int:pk>/lich.ics", meeting_views.MeetingCalendarView.as_view(), name="meeting-ics"),
    path(
        "sinh-hoat/tai-lieu/<int:pk>/", meeting_views.MaterialDownloadView.as_view(), name="material-download"
    ),
    path("lich/<str:token>.ics", meeting_views.PersonalFeedView.as_view(), name="calendar-feed"),
    path("ke-hoach/", plan_views.PlanListView.as_view(), name="plan-list"),
    path("ke-hoach/tao/", plan_views.PlanCreateView.as_view(), name="plan-create"),
    path("ke-hoach/<int:pk>/", plan_views.PlanDetailView.as_view(), name="plan-detail"),
    path("ke-hoach/<int:pk>/sua/", draft_edits.PlanEditView.as_view(), name="plan-edit"),
    path("ke-hoach/<int:pk>/ke-hoach.pdf", plan_views.PlanDocumentView.as_view(), name="plan-pdf"),
    path("to-chuc/<int:pk>/tong-hop/", plan_views.RollupView.as_view(), name="org-rollup"),
    path("tham-luan/", paper_views.PaperListView.as_view(), name="paper-list"),
    path("tham-luan/tao/", paper_views.PaperCreateView.as_view(), name="paper-create"),
    path("tham-luan/<int:pk>/", paper_views.PaperDetailView.as_view(), name="paper-detail"),
    path("tham-luan/<int:pk>/sua/", paper_views.PaperEditView.as_view(), name="paper-edit"),
    path("tham-luan/<int:pk>/tai-len/", paper_views.PaperUploadView.as_view(), name="paper-upload"),
    path("tham-luan/<int:pk>/trang-thai/", paper_views.PaperStateView.as_view(), name="paper-state"),
    path("tham-luan/<int:pk>/so-sanh/", paper_views.PaperDiffView.as_view(), name="paper-diff"),
    path("tham-luan/<int:pk>/gop-y/", paper_views.PaperCommentView.as_view(), name="paper-comment"),
    path(
        "tham-luan/gop-y/<int:pk>/tra-loi/",
        paper_views.CommentAnswerView.as_view(),
        name="paper-comment-answer",
    ),
    path("tham-luan/tep/<int:pk>/", paper_views.PaperFileView.as_view(), name="paper-file"),
    path("to-chuc/<int:pk>/bieu-hien/", paper_views.StatisticsView.as_view(), name="paper-stats"),
    path("sinh-hoat/<int:pk>/tham-luan/", paper_views.SessionView.as_view(), name="paper-session"),
]

from .views import commitments as commitment_views  # noqa: E402

urlpatterns += [
    path("cua-toi/", commitment_views.MyPageView.as_view(), name="my-page"),
    path("cam-ket/", commitment_views.CommitmentListView.as_view(), name="commitment-list"),
    path("cam-ket/tao/", commitment_views.CommitmentCreateView.as_view(), name="commitment-create"),
    path("cam-ket/<int:pk>/", commitment_views.CommitmentDetailView.as_view(), name="commitment-detail"),
    path("cam-ket/<int:pk>/sua/", commitment_views.CommitmentEditView.as_view(), name="commitment-edit"),
    path("cam-ket/tong-hop/<int:pk>/", commitment_views.RollupView.as_view(), name="commitment-rollup"),
    path(
        "cam-ket/minh-chung/<int:pk>/",
        commitment_views.EvidenceDownloadView.as_view(),
        name="evidence-download",
    ),
    path(
        "cam-ket/bao-cao/<int:pk>.pdf",
        commitment_views.YearEndReportView.as_view(),
        name="commitment-report-pdf",
    ),
    path(
        "cam-ket/bao-cao/<int:pk>.docx",
        commitment_views.YearEndReportView.as_view(),
        {"kind": "docx"},
        name="commitment-report-docx",
    ),
    path("lay-y-kien/", consultations.ConsultationListView.as_view(), name="consultation-list"),
    path("lay-y-kien/<int:pk>/", consultations.ConsultationDetailView.as_view(), name="consultation-detail"),
    path(
        "lay-y-kien/<int:pk>/gop-y/",
        consultations.CommentFormView.as_view(),
        name="consultation-comment-draft",
    ),
    path(
        "lay-y-kien/<int:pk>/gop-y/<str:uid>/",
        consultations.CommentFormView.as_view(),
        name="consultation-comment",
    ),
    path(
        "lay-y-kien/<int:pk>/rut/<int:comment_pk>/",
        consultations.CommentWithdrawView.as_view(),
        name="consultation-withdraw",
    ),
    path("lay-y-kien/<int:pk>/xu-ly/", consultations.HandlingView.as_view(), name="consultation-handling"),
    path("lay-y-kien/<int:pk>/nhom-y-kien/", synthesis.GroupsView.as_view(), name="consultation-groups"),
    path(
        "lay-y-kien/<int:pk>/nhom-y-kien.xlsx",
        synthesis.GroupsXlsxView.as_view(),
        name="consultation-groups-xlsx",
    ),
    path(
        "lay-y-kien/<int:pk>/nhom-y-kien/<int:group_pk>/",
        synthesis.GroupActionView.as_view(),
        name="consultation-group",
    ),
    path(
        "lay-y-kien/<int:pk>/nhom-y-kien/<int:group_pk>/chon-nhom/",
        synthesis.GroupPickerView.as_view(),
        name="consultation-group-picker",
    ),
    path(
        "lay-y-kien/<int:pk>/nhom-y-kien/<int:group_pk>/y-kien/",
        synthesis.GroupCommentsView.as_view(),
        name="consultation-group-comments",
    ),
    path(
        "lay-y-kien/<int:pk>/tong-hop/", consultations.SynthesisView.as_view(), name="consultation-synthesis"
    ),
    path(
        "lay-y-kien/<int:pk>/buoc/<slug:action>/",
        consultation_steps.ConsultationStepView.as_view(),
        name="consultation-step",
    ),
    path("lay-y-kien/<int:pk>/bao-cao/", consultations.ReportView.as_view(), name="consultation-report"),
    path("du-thao/", drafts.DraftListView.as_view(), name="draft-list"),
    path("du-thao/nhap/", drafts.DraftImportView.as_view(), name="draft-import"),
    path("du-thao/dan/", draft_paste.DraftPasteView.as_view(), name="draft-paste"),
    path("du-thao/<int:pk>/lay-y-kien/", draft_paste.DraftOpenView.as_view(), name="draft-open"),
    path(
        "du-thao/<int:pk>/tim-dang-vien/",
        draft_paste.AudienceMemberSearchView.as_view(),
        name="draft-audience-search",
    ),
    path("du-thao/<int:pk>/sua/", drafts.DraftEditView.as_view(), name="draft-edit"),
    path("du-thao/<int:pk>/so-sanh/", consultations.DraftDiffView.as_view(), name="draft-diff"),
    path("luu-tru/", archive_views.ArchiveBrowseView.as_view(), name="archive-browse"),
    path("luu-tru/tim/", archive_views.ArchiveSearchView.as_view(), name="archive-search"),
    path("luu-tru/quyen/tao/", volume_compose.VolumeCreateView.as_view(), name="archive-volume-create"),
    path("luu-tru/quyen/<int:pk>/", archive_views.VolumeDetailView.as_view(), name="archive-volume"),
    path(
        "luu-tru/quyen/<int:pk>/noi-dung/", volume_compose.VolumeComposeView.as_view(), name="archive-compose"
    ),
    path(
        "luu-tru/quyen/<int:pk>/bien-soan/", archive_views.VolumeCompileView.as_view(), name="archive-compile"
    ),
    path(
        "luu-tru/quyen/<int:pk>/tien-do/<int:build_id>/",
        archive_views.VolumeProgressView.as_view(),
        name="archive-progress",
    ),
    path(
        "luu-tru/quyen/<int:pk>/tai/<int:build_id>.<str:fmt>",
        archive_views.VolumeDownloadView.as_view(),
        name="archive-download",
    ),
    path(
        "luu-tru/sinh-hoat/<int:meeting_id>/goi.zip",
        archive_views.MeetingPackageView.as_view(),
        name="archive-package",
    ),
]
