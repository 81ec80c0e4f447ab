from django.urls import path

from bench import baseline
from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench/baseline/page/", baseline.page, name="bench-baseline-page"),
    path("bench/baseline/page/<str:language>/", baseline.page, name="bench-baseline-page-in"),
    path("bench/baseline/sign/<slug:slug>/", baseline.sign, name="bench-baseline-sign"),
    *app_urlpatterns,
]
