"""Loads the document types of reference/document_types.json (domain.md §3).

Existing rows are updated by code, so an administrator's later edits in the admin survive only
until the next reference-data migration that names the same code (on purpose: the file is the
versioned source; local changes belong in the admin after that)."""

import json
from pathlib import Path

from django.db import migrations

REFERENCE = Path(__file__).resolve().parent.parent / "reference" / "document_types.json"
FIELDS = ["name", "signing_form", "signer_position", "default_recipients", "template", "sort_order"]


def load(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    for entry in data["types"]:
        DocumentType.objects.update_or_create(
            code=entry["code"], defaults={field: entry[field] for field in FIELDS}
        )


def unload(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    DocumentType.objects.filter(documents__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_documents_number_register_dissemination")]
    operations = [migrations.RunPython(load, unload)]
