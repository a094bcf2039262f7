"""Login throttling: after repeated failures for a username from one address, wait.

A second, larger limit counts all failures from one address, so guessing one common password
across many usernames ("password spraying") is throttled too. A successful login clears only
the username+address counter; the address counter runs out with its window.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(username: str, ip: str) -> str:
    digest = hashlib.sha256(f"{username.lower()}|{ip}".encode()).hexdigest()
    return f"login-fail:{digest}"


def _ip_key(ip: str) -> str:
    return f"login-fail-ip:{hashlib.sha256(ip.encode()).hexdigest()}"


def _ip_limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_IP_LIMIT", 30)


def is_locked(username: str, ip: str) -> bool:
    return (
        cache.get(_key(username, ip), 0) >= settings.LOGIN_FAILURE_LIMIT
        or cache.get(_ip_key(ip), 0) >= _ip_limit()
    )


def _count(key: str) -> None:
    cache.add(key, 0, settings.LOGIN_FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.LOGIN_FAILURE_WINDOW)


def record_failure(username: str, ip: str) -> None:
    _count(_key(username, ip))
    _count(_ip_key(ip))


def reset(username: str, ip: str) -> None:
    cache.delete(_key(username, ip))
