from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.i18n import set_language

from .views import home, imports, member_edit, members, orgs

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("ngon-ngu/", set_language, name="set_language"),
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
    path("dang-vien/<int:pk>/sua/", member_edit.MemberEditView.as_view(), name="member-edit"),
    path("to-chuc/<int:pk>/them-dang-vien/", member_edit.MemberCreateView.as_view(), name="member-create"),
]
