from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff import two_factor

# django-otp's device pages would show every person's secret key to every admin: an admin resets
# a person's two-step verification instead (below), and the person sets it up again.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.action(description=_("Reset two-step verification (they set it up again at next sign-in)"))
def reset_two_factor(modeladmin, request, queryset):
    for user in queryset:
        two_factor.reset(user)
    count = queryset.count()
    messages.success(
        request,
        ngettext(
            "Two-step verification was reset for %(count)d person.",
            "Two-step verification was reset for %(count)d people.",
            count,
        )
        % {"count": count},
    )


User = get_user_model()
if admin.site.is_registered(User):
    user_admin = type(admin.site.get_model_admin(User))
    admin.site.unregister(User)
else:  # pragma: no cover
    user_admin = UserAdmin


@admin.register(User)
class StaffUserAdmin(user_admin):
    actions = [*(user_admin.actions or []), reset_two_factor]
