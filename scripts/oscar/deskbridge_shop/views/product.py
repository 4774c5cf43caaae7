"""This project's replacements for oscar-api's product and category list views.

oscar-api looks these names up in ``OSCARAPI_OVERRIDE_MODULES`` (settings.py) before its own
``oscarapi.views.product``. Stock oscar-api 3.3 can only filter products by ``?structure=``;
a gateway needs to list one category's products and to search, so these views add:

* ``/api/products/?category=<id>``: products in that category or any category below it.
* ``/api/products/?search=<text>``: DRF's SearchFilter on title and UPC (every whitespace-
  separated term must appear, case-insensitively for ASCII letters; "quoted phrases" stay whole).
* ``/api/products/?is_public=true|false`` and ``/api/categories/?is_public=true|false``.
  Without it, non-public products and categories are listed too, exactly as stock oscar-api
  does (django-oscar-api issue #307).
"""

from oscar.core.loading import get_model
from rest_framework import filters, serializers

from oscarapi.views import product as oscarapi_product

Category = get_model("catalogue", "Category")

_TRUE = {"true", "1"}
_FALSE = {"false", "0"}


def _boolean_parameter(request, name):
    """The value of a true/false query parameter, None when absent; 400 when malformed."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise serializers.ValidationError({name: ["Must be true or false."]})


def _integer_parameter(request, name):
    """The value of an integer query parameter, None when absent; 400 when malformed."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise serializers.ValidationError({name: ["A valid integer is required."]}) from None


class ProductList(oscarapi_product.ProductList):
    """oscar-api's product list plus ``category``, ``search`` and ``is_public`` filters."""

    filter_backends = [filters.SearchFilter]
    search_fields = ["title", "upc"]

    def get_queryset(self):
        queryset = super().get_queryset()
        is_public = _boolean_parameter(self.request, "is_public")
        if is_public is not None:
            queryset = queryset.filter(is_public=is_public)
        category_id = _integer_parameter(self.request, "category")
        if category_id is not None:
            category = Category.objects.filter(pk=category_id).first()
            if category is None:
                return queryset.none()
            tree = Category.get_tree(category)
            queryset = queryset.filter(categories__in=tree).distinct()
        return queryset


class CategoryList(oscarapi_product.CategoryList):
    """oscar-api's category list (roots, or the children of a breadcrumb path) plus
    ``is_public``."""

    def get_queryset(self):
        queryset = super().get_queryset()
        is_public = _boolean_parameter(self.request, "is_public")
        if is_public is not None:
            queryset = queryset.filter(is_public=is_public)
        return queryset
