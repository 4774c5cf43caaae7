"""Django settings of the demo django-oscar shop used by DeskBridge's integration tests.

A minimal oscar project: SQLite, DEBUG off, django-oscar-api mounted at /api/, DRF page-number
pagination, HTTP Basic + session auth. Everything a test may want to vary comes from environment
variables (all optional), listed in README.md:

    DESKBRIDGE_OSCAR_HOME      data folder (default: <repo>/.build/oscar)
    DESKBRIDGE_OSCAR_DB        SQLite file (default: $DESKBRIDGE_OSCAR_HOME/shop.sqlite3)
    DESKBRIDGE_OSCAR_AUTH      "required" (default: every API call needs a login) or "optional"
    DESKBRIDGE_OSCAR_THROTTLE  a DRF rate such as "5/min" for anonymous and logged-in clients
                               (default: no throttling)
    DESKBRIDGE_OSCAR_RUN_DIR   folder of one running server (cache for throttling); serve.sh sets it
"""

import os
from pathlib import Path

from oscar.defaults import *  # noqa: F401,F403  (oscar's documented way to get its settings)

PROJECT_DIR = Path(__file__).resolve().parent
REPOSITORY_DIR = PROJECT_DIR.parent.parent
HOME = Path(os.environ.get("DESKBRIDGE_OSCAR_HOME", REPOSITORY_DIR / ".build" / "oscar")).resolve()
DATABASE_FILE = Path(os.environ.get("DESKBRIDGE_OSCAR_DB", HOME / "shop.sqlite3"))
RUN_DIR = Path(os.environ.get("DESKBRIDGE_OSCAR_RUN_DIR", HOME / "run" / "default"))

# A local demo shop with published demo credentials: the key only has to exist.
SECRET_KEY = "deskbridge-demo-shop-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "oscar.apps.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",
    "oscar.apps.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "oscar.apps.partner.apps.PartnerConfig",
    "oscar.apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "oscar.apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "oscar.apps.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "django_tables2",
    "rest_framework",
    "oscarapi",
    # This project: the catalog loader command, the API overrides, the pricing strategy.
    "deskbridge_shop",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
]

ROOT_URLCONF = "urls"
WSGI_APPLICATION = "wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATABASE_FILE),
        # Several gunicorn threads read at once; a writer (sessions) waits instead of failing.
        "OPTIONS": {"timeout": 20},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# Throttle counters must be shared by the gunicorn workers, so they live in files.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(RUN_DIR / "cache"),
    }
}

AUTHENTICATION_BACKENDS = [
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# HTTP Basic auth checks the password on EVERY request. Django's default PBKDF2 (600,000
# rounds) costs a noticeable fraction of a second per call on a small machine, so the demo
# user's password is stored with fewer rounds (same algorithm). See deskbridge_shop/hashers.py.
PASSWORD_HASHERS = [
    "deskbridge_shop.hashers.DemoPBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "en-gb"  # oscar's own default; messages such as "In stock (3 available)"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
SITE_ID = 1

STATIC_URL = "/static/"
STATIC_ROOT = str(HOME / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = str(HOME / "media")

HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}

OSCAR_SHOP_NAME = "DeskBridge Demo"
OSCAR_DEFAULT_CURRENCY = "EUR"
# Prices carry 20 % VAT (so incl_tax differs from excl_tax): see deskbridge_shop/strategy.py.
OSCAR_DYNAMIC_CLASS_LOADER = "deskbridge_shop.class_loader.class_loader"

# django-oscar-api: let this project replace views (product list filters), and show whether a
# product is public (stock oscar-api lists non-public products too and does not say so).
OSCARAPI_OVERRIDE_MODULES = ["deskbridge_shop"]
OSCARAPI_PRODUCT_FIELDS = ("url", "id", "upc", "title", "is_public")
OSCARAPI_PRODUCTDETAIL_FIELDS = (
    "url",
    "upc",
    "id",
    "title",
    "description",
    "structure",
    "is_public",
    "date_created",
    "date_updated",
    "recommended_products",
    "attributes",
    "categories",
    "product_class",
    "images",
    "price",
    "availability",
    "stockrecords",
    "options",
    "children",
)

AUTH_MODE = os.environ.get("DESKBRIDGE_OSCAR_AUTH", "required")
if AUTH_MODE not in ("required", "optional"):
    raise ValueError(f"DESKBRIDGE_OSCAR_AUTH must be 'required' or 'optional', not {AUTH_MODE!r}")
THROTTLE_RATE = os.environ.get("DESKBRIDGE_OSCAR_THROTTLE", "").strip()

REST_FRAMEWORK = {
    # Basic first: a request without credentials gets 401 + WWW-Authenticate (not 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.BasicAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated"
        if AUTH_MODE == "required"
        else "rest_framework.permissions.AllowAny"
    ],
    # Every list is {count, next, previous, results}; ?page=N&page_size=M (max 100).
    "DEFAULT_PAGINATION_CLASS": "deskbridge_shop.pagination.PageNumberWithSize",
    "PAGE_SIZE": 20,
}
if THROTTLE_RATE:
    REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ]
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": THROTTLE_RATE, "user": THROTTLE_RATE}

# With DEBUG off Django would only mail errors; print them so they land in the server log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
