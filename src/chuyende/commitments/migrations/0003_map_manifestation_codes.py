"""Turns each item's `manifestation_codes` list into rows of the new many-to-many. A code is looked
up in the active tag sets first (the order the papers app uses), then in any set; a code found
nowhere is dropped and reported, never guessed."""

from django.db import migrations


def codes_to_tags(apps, schema_editor):
    CommitmentItem = apps.get_model("commitments", "CommitmentItem")
    Manifestation = apps.get_model("papers", "Manifestation")
    by_code = {}
    for tag in Manifestation.objects.order_by("-tag_set__is_active", "tag_set__order", "tag_set_id", "order"):
        by_code.setdefault(tag.code, tag.pk)
    Through = CommitmentItem.manifestations.through
    rows, unknown = [], set()
    for item_id, codes in (
        CommitmentItem.objects.exclude(manifestation_codes=[])
        .values_list("pk", "manifestation_codes")
        .iterator(chunk_size=2000)
    ):
        for code in dict.fromkeys(codes or []):
            if code in by_code:
                rows.append(Through(commitmentitem_id=item_id, manifestation_id=by_code[code]))
            else:
                unknown.add(code)
        if len(rows) >= 5000:
            Through.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    Through.objects.bulk_create(rows, ignore_conflicts=True)
    if unknown:
        print(f"\n  commitments: manifestation codes not found, dropped: {sorted(unknown)}")


def tags_to_codes(apps, schema_editor):
    CommitmentItem = apps.get_model("commitments", "CommitmentItem")
    for item in CommitmentItem.objects.prefetch_related("manifestations").iterator(chunk_size=2000):
        codes = [m.code for m in sorted(item.manifestations.all(), key=lambda m: m.order)]
        if codes:
            CommitmentItem.objects.filter(pk=item.pk).update(manifestation_codes=codes)


class Migration(migrations.Migration):
    dependencies = [("commitments", "0002_item_manifestations")]
    operations = [migrations.RunPython(codes_to_tags, tags_to_codes)]
