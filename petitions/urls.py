from django.urls import path
from django.utils.translation import pgettext_lazy

from petitions import views

app_name = "petitions"

urlpatterns = [
    path("<slug:slug>/", views.petition_detail, name="detail"),
    path(pgettext_lazy("URL", "<slug:slug>/thanks/"), views.petition_thanks, name="thanks"),
]
