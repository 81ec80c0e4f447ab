"""Inviting an organiser: an admin gives an email and a campaign; the person gets a link, in the
language the admin chose, to choose their own password (Django's password-reset token: it works
for `PASSWORD_RESET_TIMEOUT` and stops working once a password is set). Nobody else ever knows it.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign
from campaigns.roles import make_organiser
from core import emails


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email"), max_length=150)
    campaign = forms.ModelChoiceField(
        Campaign.objects.all(), label=gettext_lazy("Campaign they organize")
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the invitation"), choices=settings.LANGUAGES
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        users = get_user_model()._default_manager
        if users.filter(username__iexact=email).exclude(email__iexact=email).exists():
            raise forms.ValidationError(
                _("Another account already uses this address as its username."), code="taken"
            )
        return email


def set_password_link(user):
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return emails.absolute_url(path)


def send_invitation(user, campaign, language, invited_by):
    """Sent at once, not queued: the link sets a password and must not wait in the task table."""
    emails.build_email(
        "organiser-invite",
        user.email,
        {
            "campaign_title": campaign.title,
            "invited_by": invited_by.get_full_name() or invited_by.get_username(),
            "link": set_password_link(user),
            "username": user.get_username(),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            "admin_url": emails.absolute_url(reverse("admin:index")),
        },
        language,
    ).send()


def invite(request):
    """/admin/organisers/invite/: admins only."""
    if not request.user.is_superuser:
        raise PermissionDenied
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, campaign = form.cleaned_data["email"], form.cleaned_data["campaign"]
        users = get_user_model()._default_manager
        user = users.filter(email__iexact=email).order_by("pk").first()
        if user is None:
            user = users.model(username=email, email=email)
            user.set_unusable_password()
            user.save()
        make_organiser(user, campaign)
        if user.has_usable_password():
            messages.success(
                request,
                _("%(email)s already has an account and now organizes “%(campaign)s”.")
                % {"email": email, "campaign": campaign},
            )
        else:
            send_invitation(user, campaign, form.cleaned_data["language"], request.user)
            messages.success(
                request,
                _("Invitation sent to %(email)s to organize “%(campaign)s”.")
                % {"email": email, "campaign": campaign},
            )
        return redirect("admin:invite_organizer")
    context = {
        **admin.site.each_context(request),
        "title": _("Invite an organizer"),
        "form": form,
    }
    return TemplateResponse(request, "staff/invite.html", context)
