"""Login throttling: after repeated failures for a username from one address, wait."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(username: str, ip: str) -> str:
    digest = hashlib.sha256(f"{username.lower()}|{ip}".encode()).hexdigest()
    return f"login-fail:{digest}"


def is_locked(username: str, ip: str) -> bool:
    return cache.get(_key(username, ip), 0) >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username: str, ip: str) -> None:
    key = _key(username, ip)
    cache.add(key, 0, settings.LOGIN_FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.LOGIN_FAILURE_WINDOW)


def reset(username: str, ip: str) -> None:
    cache.delete(_key(username, ip))
