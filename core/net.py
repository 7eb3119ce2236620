import ipaddress

from rest_framework.throttling import BaseThrottle


def client_ip(request) -> str | None:
    """The caller's address, trusting X-Forwarded-For only for NUM_PROXIES hops."""
    if request is None:
        return None
    ident = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(ident))
    except ValueError:
        return None
