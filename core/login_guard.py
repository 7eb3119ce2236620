"""Repeated login failures lock an account and a client address for a while.

Counters live in Django's cache, which is Redis when REDIS_URL is set, so the
limits hold across server processes.
"""

from django.conf import settings
from django.core.cache import cache

from core.errors import ApplicationError


def _keys(*, account_key: str, client_ip: str | None):
    keys = [f"login-fail:account:{account_key}"]
    if client_ip:
        keys.append(f"login-fail:ip:{client_ip}")
    return keys


def _ip_limit():
    return settings.LOGIN_FAILURE_LIMIT * 4


def login_guard_check(*, account_key: str, client_ip: str | None) -> None:
    """Refuse with 429 while the account or the address is locked out."""
    account, *ip = _keys(account_key=account_key, client_ip=client_ip)
    counts = cache.get_many([account, *ip])
    if counts.get(account, 0) >= settings.LOGIN_FAILURE_LIMIT or (
        ip and counts.get(ip[0], 0) >= _ip_limit()
    ):
        raise ApplicationError(
            "Too many failed logins. Try again later.", code="throttled", status=429
        )


def login_guard_fail(*, account_key: str, client_ip: str | None) -> None:
    timeout = settings.LOGIN_FAILURE_WINDOW_MINUTES * 60
    for key in _keys(account_key=account_key, client_ip=client_ip):
        cache.add(key, 0, timeout)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout)


def login_guard_clear(*, account_key: str) -> None:
    cache.delete(f"login-fail:account:{account_key}")
