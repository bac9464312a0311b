"""Loads reference/manifestations.json (the 27 manifestations of Resolution 04-NQ/TW, short labels).
Existing rows are left alone so an office's corrections survive a re-run."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "reference" / "manifestations.json"


def load(apps, schema_editor):
    TagSet = apps.get_model("papers", "TagSet")
    Manifestation = apps.get_model("papers", "Manifestation")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for spec in data["tag_sets"]:
        items = spec.pop("manifestations")
        tag_set, _ = TagSet.objects.get_or_create(code=spec["code"], defaults=spec)
        for item in items:
            Manifestation.objects.get_or_create(tag_set=tag_set, code=item["code"], defaults=item)


def unload(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("papers", "0001_papers_versions_comments_tags_session")]
    operations = [migrations.RunPython(load, unload)]
