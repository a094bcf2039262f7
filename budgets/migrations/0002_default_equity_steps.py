"""Give associations that existed before the step table the national council's 20 % step."""

from decimal import Decimal

from django.db import migrations


def add_steps(apps, schema_editor):
    Association = apps.get_model("members", "Association")
    EquityStep = apps.get_model("budgets", "EquityStep")
    for association in Association.objects.all():
        if not EquityStep.objects.filter(association=association).exists():
            EquityStep.objects.create(
                association=association, up_to=7_000_000, max_percent=Decimal("20")
            )


class Migration(migrations.Migration):
    dependencies = [("budgets", "0001_initial")]
    operations = [migrations.RunPython(add_steps, migrations.RunPython.noop)]
