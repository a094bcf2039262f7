"""The few rows Finsam Plan keeps outside the associations' data."""

from __future__ import annotations

from django.db import models


class LoginFailures(models.Model):
    """Failed logins counted in one window, for throttling (finsam.throttle).

    In the database, not in a process's memory: gunicorn runs several workers (and a bigger
    installation several machines), and a counter per process would give an attacker a new
    set of tries on every worker.
    """

    key = models.CharField(max_length=80, primary_key=True)  # a hash: no username is stored
    count = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "misslyckade inloggningar"
        verbose_name_plural = "misslyckade inloggningar"

    def __str__(self) -> str:
        return f"{self.key[:24]}… {self.count}"
