from django.contrib import admin

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


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization", "title", "starts_on", "ends_on"]
    list_filter = ["role"]
    raw_id_fields = ["user", "organization"]


@admin.register(MemberImport)
class MemberImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "organization", "status", "created_at"]
    exclude = ["content"]


@admin.register(OrganizationImport)
class OrganizationImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "organization", "status", "created_at"]
    exclude = ["content"]
