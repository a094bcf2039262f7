from django.apps import AppConfig


class FinsamConfig(AppConfig):
    name = "finsam"
    verbose_name = "Finsam Plan"

    def ready(self) -> None:
        from . import freshness

        freshness.connect()
