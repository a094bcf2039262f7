from django.apps import AppConfig


class FinsamConfig(AppConfig):
    name = "finsam"
    verbose_name = "Finsam Plan"

    def ready(self) -> None:
        from django.db.models import fields
        from django.utils.translation import gettext_lazy as _

        from . import freshness

        freshness.connect()
        # Django 6.1's empty choice in every select ("- Select an option -") has no Swedish
        # translation; Django lets an app's ready() replace it.
        fields.BLANK_CHOICE_LABEL = _("– Välj –")
