"""URLs of the demo shop: oscar-api under /api/, product images under /media/, oscar's own
storefront and dashboard under / (mounted so that oscar's URL names resolve)."""

from django.apps import apps
from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

urlpatterns = [
    path("api/", include("oscarapi.urls")),
    # DEBUG is off, so Django would not serve uploaded files: serve product images anyway, so
    # the image URLs the API returns answer.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include(apps.get_app_config("oscar").urls[0])),
]
