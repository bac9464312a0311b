"""Loads the shipped scoring templates (reference data). Uses the historical model, never app code."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "reference" / "scoring_templates.json"


def load(apps, schema_editor):
    ScoringTemplate = apps.get_model("meetings", "ScoringTemplate")
    for row in json.loads(DATA.read_text(encoding="utf-8")):
        ScoringTemplate.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "meeting_kind": row["meeting_kind"],
                "criteria": row["criteria"],
                "thresholds": row["thresholds"],
            },
        )


def unload(apps, schema_editor):
    codes = [row["code"] for row in json.loads(DATA.read_text(encoding="utf-8"))]
    apps.get_model("meetings", "ScoringTemplate").objects.filter(code__in=codes, organization=None).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_plans_meetings_minutes_grading")]
    operations = [migrations.RunPython(load, unload)]
