from __future__ import annotations

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """Board review, approval, freezing and the audit trail (a sub-app of plans)."""

    name = "plans.review"
    label = "review"
    verbose_name = "Granskning och beslut"

    def ready(self) -> None:
        from django.apps import apps
        from django.db.backends.signals import connection_created
        from django.db.models import signals

        from . import audit, freeze, triggers

        connection_created.connect(triggers.register_sqlite_function, dispatch_uid="finsam_fz_fn")
        signals.post_migrate.connect(triggers.after_migrate, sender=self, dispatch_uid="finsam_fz")
        for model in apps.get_models():
            if audit.is_plan_model(model) and not model._meta.proxy:
                uid = f"finsam_{model._meta.label_lower}"
                # Order matters: the freeze guard refuses before the audit reads the old row.
                signals.pre_save.connect(freeze.guard_save, sender=model, dispatch_uid=uid + "_g")
                signals.pre_save.connect(audit.before_save, sender=model, dispatch_uid=uid + "_a")
                signals.post_save.connect(audit.after_save, sender=model, dispatch_uid=uid)
                signals.pre_delete.connect(
                    freeze.guard_delete, sender=model, dispatch_uid=uid + "_g"
                )
                signals.pre_delete.connect(
                    audit.before_delete, sender=model, dispatch_uid=uid + "_a"
                )
        for through, _cols in triggers.through_tables():
            uid = f"finsam_m2m_{through._meta.label_lower}"
            signals.m2m_changed.connect(freeze.guard_m2m, sender=through, dispatch_uid=uid + "_g")
            signals.m2m_changed.connect(audit.m2m_changed, sender=through, dispatch_uid=uid)
