"""Page-number pagination whose page size a client may choose."""

from rest_framework.pagination import PageNumberPagination


class PageNumberWithSize(PageNumberPagination):
    """DRF's PageNumberPagination (PAGE_SIZE 20) plus ``?page_size=`` (1 to 100).

    A page_size above 100 is cut to 100; zero, negative or non-numeric values fall back to
    the default of 20 (that is what DRF does with an invalid page_size).
    """

    page_size_query_param = "page_size"
    max_page_size = 100
