from django.contrib.auth import views as auth_views
from django.urls import path

from .views import consultations, drafts, home, imports, members, orgs

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("to-chuc/", orgs.OrganizationTreeView.as_view(), name="org-tree"),
    path("to-chuc/<int:pk>/", orgs.OrganizationDetailView.as_view(), name="org-detail"),
    path("to-chuc/<int:pk>/truc-thuoc/", orgs.OrganizationChildrenView.as_view(), name="org-children"),
    path("to-chuc/<int:pk>/nhap-danh-sach/", imports.MemberImportUploadView.as_view(), name="member-import"),
    path(
        "to-chuc/<int:pk>/nhap-danh-sach/<int:import_pk>/",
        imports.MemberImportPreviewView.as_view(),
        name="member-import-preview",
    ),
    path("dang-vien/", members.MemberListView.as_view(), name="member-list"),
    path("dang-vien/<int:pk>/", members.MemberDetailView.as_view(), name="member-detail"),
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
    path(
        "lay-y-kien/<int:pk>/tong-hop/", consultations.SynthesisView.as_view(), name="consultation-synthesis"
    ),
    path("lay-y-kien/<int:pk>/bao-cao/", consultations.ReportView.as_view(), name="consultation-report"),
    path("du-thao/", drafts.DraftListView.as_view(), name="draft-list"),
    path("du-thao/nhap/", drafts.DraftImportView.as_view(), name="draft-import"),
    path("du-thao/<int:pk>/sua/", drafts.DraftEditView.as_view(), name="draft-edit"),
    path("du-thao/<int:pk>/so-sanh/", consultations.DraftDiffView.as_view(), name="draft-diff"),
]
