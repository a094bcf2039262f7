from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """Board review, approval, freezing and the audit trail (a sub-app of plans)."""

    name = "plans.review"
    label = "review"
