"""Review, approval and audit records.

None of these is a PlanPart: comments and read receipts are about the plan, not in it, and the
audit trail must outlive the objects it describes (so it stores ids and labels, not foreign keys
to plan parts).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import Plan
from plans.richtext import html_to_text


class Comment(models.Model):
    """A board member's comment on a part of a plan (or the plan as a whole), with answers."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="review_comments")
    # Target: a section, intervention, goal or budget line of the same plan; empty = the plan.
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_label = models.CharField(_("gäller"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("kommentar"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        indexes = [models.Index(fields=["plan", "parent", "resolved_at"])]

    def __str__(self) -> str:
        return self.body[:80]

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class ReadReceipt(models.Model):
    """A board member opened the reading view of a plan (first and latest time)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="read_receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    first_read_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(auto_now=True)
    plan_version = models.PositiveIntegerField(_("planens version vid läsning"), default=1)

    class Meta:
        ordering = ["first_read_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="one_receipt_per_reader")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.plan}"


class ApprovedDocument(models.Model):
    """The fixed PDF of an approved plan and its checksum. Written once, never changed."""

    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="approved_document")
    pdf = models.FileField(_("PDF"), upload_to="approved/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    minutes_sha256 = models.CharField(_("SHA-256 för protokollet"), max_length=64, blank=True)
    # The document as it read at the decision. Names of members, board seats, groups and the
    # association are association data that keep changing after the plan is decided: the PDFs
    # (official and archival) and the reading view of a decided plan come from these, so the
    # decided document never changes. Blank for plans decided before they were kept.
    print_html = models.TextField(_("dokumentet som HTML (utskrift)"), blank=True, editable=False)
    reading_html = models.TextField(_("dokumentet som HTML (läsvy)"), blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fastställt dokument")
        verbose_name_plural = _("fastställda dokument")

    def __str__(self) -> str:
        return f"{self.plan} ({self.sha256[:12]})"

    def save(self, *args, **kwargs) -> None:
        # The PDF may be attached once (the row is created first, the file right after).
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values("sha256").first()
            if stored and stored["sha256"]:
                raise PermissionDenied("Det fastställda dokumentet kan inte ändras.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Det fastställda dokumentet kan inte tas bort.")


class AuditEntry(models.Model):
    """One changed field (or a created/deleted object) of a plan or anything in it.

    Append-only: save() refuses an existing row and delete() refuses always; the admin is
    read-only and there are no edit views.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Skapad")
        UPDATE = "update", _("Ändrad")
        DELETE = "delete", _("Borttagen")
        STATUS = "status", _("Status")

    # Plain ids, not foreign keys: the trail survives deleted plans and objects.
    association_id = models.PositiveBigIntegerField(db_index=True)
    plan_id = models.PositiveBigIntegerField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("vem"), max_length=150, blank=True)
    action = models.CharField(_("händelse"), max_length=10, choices=Action.choices)
    model = models.CharField(_("modell"), max_length=100)  # app_label.ModelName
    model_label = models.CharField(_("typ"), max_length=100)  # verbose name, Swedish
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(_("objekt"), max_length=200)
    field = models.CharField(_("fält"), max_length=100, blank=True)
    field_label = models.CharField(_("fältnamn"), max_length=100, blank=True)
    old_value = models.TextField(_("gammalt värde"), blank=True)
    new_value = models.TextField(_("nytt värde"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("ändringslogg")
        verbose_name_plural = _("ändringslogg")
        indexes = [models.Index(fields=["plan_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionDenied("Ändringsloggen kan inte ändras.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Ändringsloggen kan inte ändras.")

    # Fields stored as HTML: the log shows what the reader saw, not the markup.
    HTML_FIELDS = frozenset({("plans.Section", "body")})

    def _shown(self, value: str) -> str:
        if (self.model, self.field) in self.HTML_FIELDS:
            return html_to_text(value)
        return value

    @property
    def old_text(self) -> str:
        return self._shown(self.old_value)

    @property
    def new_text(self) -> str:
        return self._shown(self.new_value)
