"""Recording who saw or changed signers' data (the audit log, `core.models.AuditEvent`).

Written by hand rather than with an audit library: most of what must be recorded are reads and
downloads (exports, packets, a signature viewed), which model-change libraries such as
django-auditlog do not see, and what they do see (field values) is what this log must not keep.
"""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from core.addresses import client_ip, hash_ip
from core.models import AuditEvent

Action = AuditEvent.Action


def prune(before):
    """Delete entries older than `before` (AUDIT_RETENTION_DAYS). Returns how many."""
    return AuditEvent.objects.older_than(before).delete()[0]


def record(request, action, *, petition=None, target="", user=None, **details):
    """Write one entry. `request` may be None (a management command); `details` must hold no
    personal data: numbers, formats, filters, ids."""
    user = user if user is not None else getattr(request, "user", None)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if signed_in:
        name = user.get_username()
    elif request is None:
        name = "command"
    else:
        name = details.pop("username", "")
    return AuditEvent.objects.create(
        actor=user if signed_in else None,
        actor_name=name[:150],
        address_hash=hash_ip(client_ip(request)) if request is not None else "",
        action=action,
        petition_id=getattr(petition, "pk", petition),
        target=str(target)[:200],
        details=details,
    )


@receiver(user_logged_in, dispatch_uid="firmamos-audit-login")
def _logged_in(sender, request, user, **kwargs):
    record(request, Action.LOGIN, user=user)


@receiver(user_login_failed, dispatch_uid="firmamos-audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = "".join(ch for ch in str(credentials.get("username", "")) if ch.isprintable())
    record(request, Action.LOGIN_FAILED, username=username[:150])
