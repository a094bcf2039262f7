"""Login throttling: after repeated failures for a username from one address, wait.

A second, larger limit counts all failures from one address, so guessing one common password
across many usernames ("password spraying") is throttled too. A successful login clears only
the username+address counter; the address counter runs out with its window.

The counters are rows (finsam.models.LoginFailures) shared by every worker process and
machine. Only hashes of the username and address are stored.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .models import LoginFailures


def _key(username: str, ip: str) -> str:
    digest = hashlib.sha256(f"{username.lower()}|{ip}".encode()).hexdigest()
    return f"user:{digest}"


def _ip_key(ip: str) -> str:
    return f"ip:{hashlib.sha256(ip.encode()).hexdigest()}"


def _ip_limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_IP_LIMIT", 30)


def is_locked(username: str, ip: str) -> bool:
    limits = {_key(username, ip): settings.LOGIN_FAILURE_LIMIT, _ip_key(ip): _ip_limit()}
    counts = LoginFailures.objects.filter(key__in=limits, window_ends__gt=timezone.now())
    return any(row.count >= limits[row.key] for row in counts)


def _count(key: str) -> None:
    now = timezone.now()
    counted = LoginFailures.objects.filter(key=key, window_ends__gt=now).update(
        count=F("count") + 1
    )
    if not counted:  # the first failure of a window: a window of its own from now
        window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
        LoginFailures.objects.update_or_create(
            key=key, defaults={"count": 1, "window_ends": now + window}
        )


def record_failure(username: str, ip: str) -> None:
    _count(_key(username, ip))
    _count(_ip_key(ip))
    LoginFailures.objects.filter(window_ends__lte=timezone.now()).delete()  # keep it small


def reset(username: str, ip: str) -> None:
    LoginFailures.objects.filter(key=_key(username, ip)).delete()
