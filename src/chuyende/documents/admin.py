from django.contrib import admin

from .models import DocumentType, NumberSeries, OfficialDocument


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    """Reference data an administrator may correct (names, recipients, signing form, template)."""

    list_display = ["code", "name", "signing_form", "signer_position", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["code", "name"]


@admin.register(OfficialDocument)
class OfficialDocumentAdmin(admin.ModelAdmin):
    """Read-only: documents change only through the domain (issuing freezes them)."""

    list_display = ["number_symbol", "summary", "organization", "document_type", "state", "issued_on"]
    list_filter = ["state", "document_type"]
    search_fields = ["summary", "number_symbol"]
    # Stored files have no public URL (common.storage): they open from the document's page.
    exclude = ["pdf_file", "docx_file"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NumberSeries)
class NumberSeriesAdmin(admin.ModelAdmin):
    list_display = ["organization", "document_type", "term", "last_number"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
