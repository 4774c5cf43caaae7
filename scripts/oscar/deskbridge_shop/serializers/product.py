"""This project's replacement for oscar-api's category serializer: it adds ``id``.

Stock oscar-api names a category only by its ``url`` (``.../api/categories/12/``) and its
``breadcrumbs``; the product list filter ``?category=<id>`` (views/product.py) takes the id,
so the category answers carry it too. Loaded through ``OSCARAPI_OVERRIDE_MODULES``.
"""

from rest_framework import serializers

from oscarapi.serializers import product as oscarapi_product


class CategorySerializer(oscarapi_product.CategorySerializer):
    """oscar-api's category fields plus the numeric ``id``."""

    id = serializers.IntegerField(read_only=True)
