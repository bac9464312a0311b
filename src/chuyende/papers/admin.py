from django.contrib import admin

from .models import Manifestation, PaperComment, PositionPaper, TagSet


class ManifestationInline(admin.TabularInline):
    model = Manifestation
    extra = 0
    fields = ["code", "group_code", "group_label", "number", "order", "short_label", "official_wording",
              "official_wording_verified"]  # fmt: skip


@admin.register(TagSet)
class TagSetAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "source", "is_active", "order"]
    inlines = [ManifestationInline]


@admin.register(Manifestation)
class ManifestationAdmin(admin.ModelAdmin):
    list_display = ["code", "short_label", "group_label", "tag_set", "official_wording_verified"]
    list_filter = ["tag_set", "group_code", "official_wording_verified"]
    search_fields = ["short_label", "official_wording"]


@admin.register(PositionPaper)
class PositionPaperAdmin(admin.ModelAdmin):
    """Read-mostly: papers change only through the domain functions (versions, audit)."""

    list_display = ["title", "organization", "state", "updated_at"]
    list_filter = ["state"]
    readonly_fields = [f.name for f in PositionPaper._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PaperComment)
class PaperCommentAdmin(admin.ModelAdmin):
    list_display = ["paper", "author", "target", "channel", "disposition", "created_at"]
    list_filter = ["target", "channel", "disposition"]
    readonly_fields = [f.name for f in PaperComment._meta.fields]

    def has_add_permission(self, request):
        return False
