"""Password reset by email for staff, at /admin/password_reset/: Django's own views in the admin's
look, with our emails (both languages; sent in the language of the page asking for it)."""

from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.urls import path

EMAILS = {
    "subject_template_name": "emails/password-reset-subject.txt",
    "email_template_name": "emails/password-reset-body.txt",
    "html_email_template_name": "emails/password-reset-body.html",
}


class StaffPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        """Django's users, and invited staff who have not chosen a password yet (Django leaves
        out users without a usable password)."""
        found = list(super().get_users(email))
        invited = get_user_model()._default_manager.filter(
            email__iexact=email, is_active=True, is_staff=True
        )
        return found + [u for u in invited if not u.has_usable_password() and u not in found]


urlpatterns = [
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=StaffPasswordResetForm, **EMAILS),
        name="admin_password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
