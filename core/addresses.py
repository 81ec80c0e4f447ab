"""Who a request came from, without keeping it: the client's address (behind PROXY_COUNT
proxies) and a keyed hash of it, for the rate limit, abuse review and the audit log."""

import hashlib
import hmac
import ipaddress

from django.conf import settings


def address_key(ip):
    """What counts as one address: an IPv4 address, or an IPv6 /64 network (one household or
    machine gets a whole /64 and may rotate through it at will)."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ip
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def hash_ip(ip):
    """A keyed hash of the address (an IPv6 /64, see address_key): lets abuse review group
    signatures, and the rate limit count them, by address without keeping it."""
    if not ip:
        return ""
    key = address_key(ip).encode()
    return hmac.new(settings.SECRET_KEY.encode(), key, hashlib.sha256).hexdigest()


def client_ip(request):
    """The signer's IP: REMOTE_ADDR, or the address the PROXY_COUNT-th proxy from us saw."""
    proxies = settings.PROXY_COUNT
    if proxies:
        forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies and forwarded[-proxies]:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
