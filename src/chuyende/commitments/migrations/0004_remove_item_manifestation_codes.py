from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("commitments", "0003_map_manifestation_codes")]

    operations = [migrations.RemoveField(model_name="commitmentitem", name="manifestation_codes")]
