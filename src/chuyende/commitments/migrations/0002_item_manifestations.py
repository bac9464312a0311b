from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0001_commitments_items_progress_counters_reminders"),
        ("papers", "0002_load_manifestations"),
    ]

    operations = [
        migrations.AddField(
            model_name="commitmentitem",
            name="manifestations",
            field=models.ManyToManyField(
                blank=True,
                related_name="commitment_items",
                to="papers.manifestation",
                verbose_name="biểu hiện suy thoái",
            ),
        ),
    ]
