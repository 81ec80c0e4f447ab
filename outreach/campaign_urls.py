from django.urls import path
from django.utils.translation import pgettext_lazy

from outreach import views

app_name = "campaigns"

urlpatterns = [
    path("<slug:slug>/", views.campaign_detail, name="detail"),
    path(
        pgettext_lazy("URL", "<slug:slug>/events/<int:event_id>.ics"),
        views.event_ics,
        name="event-ics",
    ),
]
