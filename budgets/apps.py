from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = "Budget"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers
