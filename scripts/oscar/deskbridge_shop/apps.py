"""The Django app of this project (no models of its own)."""

import os

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _unsafe_fast_sqlite(sender, connection, **kwargs):
    """While setup.sh builds a new database file, skip fsync: a crash there only means the
    file is thrown away and built again."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA journal_mode=MEMORY")


class DeskBridgeShopConfig(AppConfig):
    name = "deskbridge_shop"
    verbose_name = "DeskBridge demo shop"

    def ready(self):
        if os.environ.get("DESKBRIDGE_OSCAR_FAST_WRITES") == "1":
            connection_created.connect(_unsafe_fast_sqlite)
