from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chuyende.common.errors import DomainError

from .models import Member, MemberImport, Organization, OrganizationImport, RoleAssignment, Term


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "body_code", "depth", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    readonly_fields = ["path", "depth"]

    def get_readonly_fields(self, request, obj=None):
        # The tree position is fixed at creation: moving a node would leave its subtree's paths wrong.
        return [*self.readonly_fields, "parent", "kind"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        """A new node goes through the domain (permission, materialized path, audit), so an
        administrator can build the tree from an empty database in the browser."""
        if change:
            return super().save_model(request, obj, form, change)
        from .domain.organizations import EDITABLE_FIELDS, create_organization

        fields = {f: form.cleaned_data[f] for f in EDITABLE_FIELDS if f in form.cleaned_data}
        created = create_organization(
            actor=request.user, parent=obj.parent, kind=obj.kind, name=fields.pop("name"), **fields
        )
        obj.pk, obj.path, obj.depth, obj.created_at = (
            created.pk,
            created.path,
            created.depth,
            created.created_at,
        )
        obj._state.adding = False


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["organization", "name", "starts_on", "ends_on"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "cell", "status", "position", "is_active"]
    list_filter = ["status", "is_active"]
    search_fields = ["full_name", "name_folded", "party_card_number"]
    raw_id_fields = ["cell", "user"]


class RoleAssignmentForm(forms.ModelForm):
    """The roles page's rules, not a copy (`orgs.domain.roles`): a new appointment is checked by
    `check_assignment` (one secretary at a time, no overlapping period of the same role…) and an
    existing one takes only an end date, checked by `check_end`. A refusal shows on the form."""

    actor = None  # the administrator, set by RoleAssignmentAdmin.get_form

    class Meta:
        model = RoleAssignment
        fields = ["user", "organization", "role", "title", "starts_on", "ends_on"]

    def clean(self):
        from .domain.roles import check_assignment, check_end

        data = super().clean()
        if self.errors:
            return data
        try:
            if self.instance.pk is None:
                check_assignment(actor=self.actor, user=data["user"], organization=data["organization"],
                                 role=data["role"], starts_on=data.get("starts_on"), ends_on=data.get("ends_on"))  # fmt: skip
            elif "ends_on" in self.changed_data:  # self.instance still holds the recorded dates
                check_end(actor=self.actor, assignment=self.instance, ends_on=data.get("ends_on"))
        except DomainError as error:
            raise ValidationError(error.message) from None
        return data


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Appointments go through the domain (permission, overlap checks, audit) as on the roles page
    (/to-chuc/<id>/vai-tro/). Who held which role from when is history: once recorded, only the
    end date changes (`end_role`), and nothing is deleted."""

    form = RoleAssignmentForm
    list_display = ["user", "role", "organization", "title", "starts_on", "ends_on"]
    list_filter = ["role"]
    raw_id_fields = ["user", "organization"]
    fieldsets = [
        (
            None,
            {
                "fields": ["user", "organization", "role", "title", "starts_on", "ends_on"],
                "description": _(
                    "Phân công được kiểm tra như trên trang Vai trò của tổ chức (mỗi lúc một bí thư, "
                    "không trùng thời gian cùng vai trò). Phân công đã ghi chỉ sửa được ngày kết thúc."
                ),
            },
        )
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "organization", "role", "title", "starts_on"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from .domain.roles import assign_role, end_role

        if not change:
            created = assign_role(actor=request.user, user=obj.user, organization=obj.organization, role=obj.role,
                                  title=obj.title, starts_on=obj.starts_on, ends_on=obj.ends_on)  # fmt: skip
            obj.pk = created.pk
            obj._state.adding = False
        elif "ends_on" in form.changed_data:
            recorded = RoleAssignment.objects.select_related("organization", "user").get(pk=obj.pk)
            end_role(actor=request.user, assignment=recorded, ends_on=obj.ends_on)


@admin.register(MemberImport)
class MemberImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "organization", "status", "created_at"]
    exclude = ["content"]


@admin.register(OrganizationImport)
class OrganizationImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "organization", "status", "created_at"]
    exclude = ["content"]
