from django.apps import AppConfig
from django.db.models.signals import pre_save


class MembersConfig(AppConfig):
    name = "members"

    def ready(self) -> None:
        from plans.models import Plan

        from .signals import record_key_on_approval

        pre_save.connect(
            record_key_on_approval, sender=Plan, dispatch_uid="members_record_key_on_approval"
        )
