from django.contrib import admin

from .models import Member, MemberImport, Organization, RoleAssignment, Term


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "body_code", "depth", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    readonly_fields = ["path", "depth"]


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
    list_display = ["user", "role", "organization", "title"]
    list_filter = ["role"]
    raw_id_fields = ["user", "organization"]


@admin.register(MemberImport)
class MemberImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "organization", "status", "created_at"]
    exclude = ["content"]
