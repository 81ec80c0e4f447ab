from django.urls import path
from django.utils.translation import pgettext_lazy

from petitions import views, views_signer

app_name = "petitions"

urlpatterns = [
    path("<slug:slug>/", views.petition_detail, name="detail"),
    path(pgettext_lazy("URL", "<slug:slug>/preview.png"), views.petition_image, name="image"),
    path(pgettext_lazy("URL", "<slug:slug>/thanks/"), views.petition_thanks, name="thanks"),
    path(
        pgettext_lazy("URL", "<slug:slug>/confirm/<str:token>/"),
        views_signer.confirm_signature,
        name="confirm",
    ),
    path(
        pgettext_lazy("URL", "<slug:slug>/withdraw/<str:token>/"),
        views_signer.withdraw_signature,
        name="withdraw",
    ),
]
