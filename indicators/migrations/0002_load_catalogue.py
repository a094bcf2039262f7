"""Load the shared NNS and statistics catalogues into every database."""

from django.db import migrations


def load(apps, schema_editor):
    from indicators.catalogue import sync_catalogue

    sync_catalogue(apps.get_model("indicators", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
