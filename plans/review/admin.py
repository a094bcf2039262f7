"""Admin for plans and the review records.

Approved plans and the audit trail are read-only here; the model layer (plans.review.freeze,
AuditEntry.save/delete and the database triggers) refuses changes even if this were bypassed.
"""

from __future__ import annotations

from django.contrib import admin

from plans.models import Goal, Intervention, Plan, Section

from .models import ApprovedDocument, AuditEntry, Comment, ReadReceipt


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "action", "model_label", "object_repr", "field_label")
    list_filter = ("action", "model")
    search_fields = ("object_repr", "old_value", "new_value", "actor_name")
    date_hierarchy = "at"


@admin.register(ApprovedDocument)
class ApprovedDocumentAdmin(ReadOnlyAdmin):
    list_display = ("plan", "sha256", "size", "created_at")


@admin.register(ReadReceipt)
class ReadReceiptAdmin(ReadOnlyAdmin):
    list_display = ("plan", "user", "first_read_at", "last_read_at")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("plan", "target_label", "author", "created_at", "resolved_at")
    list_filter = ("resolved_at",)
    readonly_fields = ("plan", "target_type", "target_id", "target_label", "parent", "author")


class FrozenAwareAdmin(admin.ModelAdmin):
    """Everything read-only when the object's plan is approved or superseded."""

    def _frozen(self, obj) -> bool:
        if obj is None:
            return False
        plan = obj if isinstance(obj, Plan) else None
        if plan is None:
            from .freeze import FROZEN, plan_status_of

            return plan_status_of(type(obj), pk=obj.pk) in FROZEN
        return plan.is_frozen

    def get_readonly_fields(self, request, obj=None):
        if self._frozen(obj):
            return [f.name for f in self.model._meta.fields] + [
                f.name for f in self.model._meta.many_to_many
            ]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(Plan)
class PlanAdmin(FrozenAwareAdmin):
    list_display = ("__str__", "association", "year", "revision", "status", "decision_date")
    list_filter = ("status", "association")


@admin.register(Section)
class SectionAdmin(FrozenAwareAdmin):
    list_display = ("title", "plan", "order", "included")
    list_filter = ("plan__association",)


@admin.register(Intervention)
class InterventionAdmin(FrozenAwareAdmin):
    list_display = ("name", "plan", "kind", "status")
    list_filter = ("plan__association",)


@admin.register(Goal)
class GoalAdmin(FrozenAwareAdmin):
    list_display = ("__str__", "plan", "level")
    list_filter = ("plan__association",)
