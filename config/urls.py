from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import pgettext_lazy

from outreach import api as campaign_api
from outreach import unsubscribe_views
from outreach import views as campaign_views
from petitions import admin_abuse, views_signer
from petitions import api as petition_api

urlpatterns = [
    path("favicon.ico", lambda request: redirect(static("favicon.svg"), permanent=True)),
    path(
        "admin/abuse/",
        admin.site.admin_view(admin_abuse.abuse_review),
        name="admin-abuse-review",
    ),
    path("admin/", include("staff.urls")),  # password reset (staff/passwords.py)
    path("admin/", admin.site.urls),
    # set_language: the admin's English/Español switch (templates/admin/base_site.html).
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/petitions/<slug:slug>.json", petition_api.petition_json, name="api-petition"),
    path("api/campaigns/<slug:slug>.json", campaign_api.campaign_json, name="api-campaign"),
]

urlpatterns += i18n_patterns(
    path("", campaign_views.home, name="home"),
    path(pgettext_lazy("URL", "privacy/"), views_signer.privacy, name="privacy"),
    path(pgettext_lazy("URL", "petitions/"), include("petitions.urls")),
    path(pgettext_lazy("URL", "campaigns/"), include("outreach.campaign_urls")),
    path(
        pgettext_lazy("URL", "unsubscribe/<str:token>/"),
        unsubscribe_views.unsubscribe,
        name="unsubscribe",
    ),
    prefix_default_language=True,
)

# Error pages in the page's language and the site's layout (config/error_views.py).
handler400 = "config.error_views.bad_request"
handler403 = "config.error_views.permission_denied"
handler404 = "config.error_views.page_not_found"
handler500 = "config.error_views.server_error"
