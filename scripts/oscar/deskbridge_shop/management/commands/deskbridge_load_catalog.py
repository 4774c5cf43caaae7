"""Loads the demo catalog into a freshly migrated shop, checks it through the real API, and
writes the expectations the Swift tests compare against (expected.json).

    python manage.py deskbridge_load_catalog --expected PATH

Run by setup.sh on a new database; it refuses a database that already has products.
"""

import base64
import json
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from urllib.parse import urlsplit

import django
import oscar
import oscarapi
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client
from oscar.core.loading import get_model
from PIL import Image, ImageDraw

from deskbridge_shop.catalog import PRODUCT_CLASSES, build_catalog
from deskbridge_shop.pagination import PageNumberWithSize
from deskbridge_shop.strategy import TAX_RATE

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

USERNAME = "deskbridge"
PASSWORD = "deskbridge-demo"
EMAIL = "deskbridge@example.com"
CURRENCY = "EUR"
IMAGE_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]


class Command(BaseCommand):
    help = "Loads DeskBridge's demo catalog, checks it through the API and writes expected.json."

    def add_arguments(self, parser):
        parser.add_argument("--expected", required=True, help="where to write expected.json")

    def handle(self, *args, **options):
        if Product.objects.exists():
            raise CommandError("the database already has products: setup.sh builds a new one")
        categories, products = build_catalog()
        self._write_images()
        with transaction.atomic():
            self._create_user()
            by_path = self._create_categories(categories)
            created = self._create_products(products, by_path)
        self.stdout.write(f"  loaded {len(by_path)} categories and {len(created)} products")
        expected = self._check_through_api(by_path, created)
        target = Path(options["expected"])
        target.write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        self.stdout.write(f"  checked every product through the API; wrote {target}")

    # Loading

    def _write_images(self):
        folder = Path(settings.MEDIA_ROOT) / "images" / "products" / "deskbridge"
        folder.mkdir(parents=True, exist_ok=True)
        for number, color in enumerate(IMAGE_COLORS, start=1):
            image = Image.new("RGB", (64, 64), color)
            ImageDraw.Draw(image).rectangle((16, 16, 47, 47), outline="white", width=3)
            image.save(folder / f"{number}.png", format="PNG")

    def _create_user(self):
        user_model = get_user_model()
        user_model.objects.create_superuser(username=USERNAME, email=EMAIL, password=PASSWORD)
        site = Site.objects.get_current()
        site.domain, site.name = "127.0.0.1", "DeskBridge Demo"
        site.save()

    def _create_categories(self, categories):
        by_path = {}
        for spec in categories:
            fields = {"name": spec.path[-1], "description": spec.description, "is_public": spec.is_public}
            if len(spec.path) == 1:
                category = Category.add_root(**fields)
            else:
                category = by_path[spec.path[:-1]].add_child(**fields)
            by_path[spec.path] = category
        return by_path

    def _create_products(self, products, by_path):
        classes = {
            name: ProductClass.objects.create(name=name, track_stock=tracks, requires_shipping=tracks)
            for name, tracks in PRODUCT_CLASSES.items()
        }
        partner = Partner.objects.create(name="DeskBridge Demo", code="deskbridge-demo")
        created = []
        for spec in products:
            product = Product.objects.create(
                title=spec.title,
                upc=spec.upc,
                description=spec.description,
                product_class=classes[spec.product_class],
                structure=Product.STANDALONE,
                is_public=spec.is_public,
            )
            for path in spec.category_paths:
                ProductCategory.objects.create(product=product, category=by_path[path])
            if spec.stock is not None:
                StockRecord.objects.create(
                    product=product,
                    partner=partner,
                    partner_sku=spec.stock.sku,
                    price_currency=CURRENCY,
                    price=spec.stock.price,
                    num_in_stock=spec.stock.num_in_stock,
                    num_allocated=spec.stock.num_allocated,
                )
            for order, name in enumerate(spec.images):
                ProductImage.objects.create(
                    product=product, original=f"images/products/{name}", caption=spec.title[:200], display_order=order
                )
            # auto_now_add/auto_now ignore given values: set the times afterwards.
            Product.objects.filter(pk=product.pk).update(date_created=spec.created_at, date_updated=spec.created_at)
            created.append((spec, product.pk))
        return created

    # Checking and expectations

    def _check_through_api(self, by_path, created):
        token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
        client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Basic {token}")
        problems = []

        def get(url):
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"GET {url} answered {response.status_code}: {response.content[:500]!r}")
            return response.json()

        def check(what, actual, wanted):
            if actual != wanted:
                problems.append(f"{what}: API says {actual!r}, expected {wanted!r}")

        path_of = {category.pk: path for path, category in by_path.items()}
        products = []
        for spec, pk in sorted(created, key=lambda item: item[0].created_at, reverse=True):
            detail = get(f"/api/products/{pk}/")
            price = get(f"/api/products/{pk}/price/")
            availability = get(f"/api/products/{pk}/availability/")
            wanted_price = self._expected_price(spec)
            check(f"product {pk} title", detail["title"], spec.title)
            # A product without UPC is stored as NULL but shown as "".
            check(f"product {pk} upc", detail["upc"], spec.upc or "")
            check(f"product {pk} is_public", detail["is_public"], spec.is_public)
            check(f"product {pk} description", detail["description"], spec.description)
            check(f"product {pk} price", price if wanted_price else None, wanted_price)
            available, num_available = self._expected_availability(spec)
            check(f"product {pk} availability", availability["is_available_to_buy"], available)
            check(f"product {pk} num_available", availability.get("num_available"), num_available)
            images = [f"{settings.MEDIA_URL}images/products/{name}" for name in spec.images]
            check(f"product {pk} images", [urlsplit(i["original"]).path for i in detail["images"]], images)
            category_ids = sorted(by_path[path].pk for path in spec.category_paths)
            products.append(
                {
                    "id": pk,
                    "title": spec.title,
                    "upc": spec.upc or "",
                    "description": spec.description,
                    "is_public": spec.is_public,
                    "product_class": detail["product_class"],
                    "category_ids": category_ids,
                    "category_paths": [list(path_of[cid]) for cid in category_ids],
                    "category_breadcrumbs": detail["categories"],
                    "price": wanted_price,
                    "price_response": price,
                    "availability": availability,
                    "stock": self._stock_facts(spec),
                    "images": images,
                    "date_created": spec.created_at.isoformat().replace("+00:00", "Z"),
                }
            )

        public = [p for p in products if p["is_public"]]
        categories = self._category_entries(by_path, public)

        # The list endpoints, as a gateway will call them.
        def list_ids(query):
            ids, page = [], 1
            while True:
                body = get(f"/api/products/?{query}&page_size=100&page={page}")
                ids += [item["id"] for item in body["results"]]
                if not body["next"]:
                    return ids, body["count"]
                page += 1

        all_ids, count = list_ids("x=1")
        check("unfiltered list", (all_ids, count), ([p["id"] for p in products], len(products)))
        public_ids, count = list_ids("is_public=true")
        check("is_public=true list", (public_ids, count), ([p["id"] for p in public], len(public)))
        for category in categories:
            ids, _ = list_ids(f"category={category['id']}&is_public=true")
            check(f"category {category['id']} list", ids, category["all_product_ids"])
        for term in ["tasse", "Café", "100%", "_", "漫画", "🎧", "Carte cadeau"]:
            ids, _ = list_ids(f"search={term}&is_public=true")
            wanted = [p["id"] for p in public if term.lower() in p["title"].lower() or term.lower() in (p["upc"] or "").lower()]
            check(f"search {term!r}", ids, wanted)
        roots = get("/api/categories/?page_size=100")["results"]
        check("root categories", [c["id"] for c in roots], [c["id"] for c in categories if c["parent_id"] is None])
        for category in categories:
            if category["child_ids"]:
                children = get(f"/api/categories/{category['full_slug']}/?page_size=100")["results"]
                check(f"children of {category['id']}", [c["id"] for c in children], category["child_ids"])

        if problems:
            raise CommandError("the API does not answer what was loaded:\n  " + "\n  ".join(problems))
        return {
            "format": 1,
            "versions": {
                "django": django.get_version(),
                "oscar": oscar.get_version(),
                "oscarapi": oscarapi.version,
            },
            "credentials": {"username": USERNAME, "password": PASSWORD},
            "currency": CURRENCY,
            "tax_rate": str(TAX_RATE),
            "default_page_size": settings.REST_FRAMEWORK["PAGE_SIZE"],
            "max_page_size": PageNumberWithSize.max_page_size,
            "categories": categories,
            "products": public,
            "hidden_products": [p for p in products if not p["is_public"]],
            "list_order_all": [p["id"] for p in products],
        }

    @staticmethod
    def _expected_price(spec):
        """The price oscar-api should show, computed here independently of oscar (None when
        the product has no price)."""
        if spec.stock is None or spec.stock.price is None:
            return None
        excl = spec.stock.price
        tax = (excl * TAX_RATE).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
        return {"currency": CURRENCY, "excl_tax": f"{excl:.2f}", "incl_tax": f"{excl + tax:.2f}", "tax": f"{tax:.2f}"}

    @staticmethod
    def _expected_availability(spec):
        """(is_available_to_buy, num_available) by oscar's stock rules."""
        if spec.stock is None:
            return False, None
        if not PRODUCT_CLASSES[spec.product_class]:
            return True, None
        net = (spec.stock.num_in_stock or 0) - (spec.stock.num_allocated or 0)
        return net > 0, net

    @staticmethod
    def _stock_facts(spec):
        if spec.stock is None:
            return None
        return {
            "sku": spec.stock.sku,
            "num_in_stock": spec.stock.num_in_stock,
            "num_allocated": spec.stock.num_allocated,
        }

    @staticmethod
    def _category_entries(by_path, public_products):
        """Every category in tree order, with the public products directly in it and in its
        subtree (in the API's list order)."""
        entries = []
        for path, category in sorted(by_path.items(), key=lambda item: item[1].path):
            parent = by_path.get(path[:-1]) if len(path) > 1 else None
            subtree = {c.pk for p, c in by_path.items() if p[: len(path)] == path}
            entries.append(
                {
                    "id": category.pk,
                    "name": category.name,
                    "slug": category.slug,
                    "full_slug": category.full_slug,
                    "breadcrumbs": category.full_name,
                    "path": list(path),
                    "depth": len(path),
                    "parent_id": parent.pk if parent else None,
                    "child_ids": [c.pk for p, c in sorted(by_path.items(), key=lambda i: i[1].path) if p[:-1] == path and len(p) == len(path) + 1],
                    "is_public": category.is_public,
                    "product_ids": [p["id"] for p in public_products if category.pk in p["category_ids"]],
                    "all_product_ids": [p["id"] for p in public_products if subtree & set(p["category_ids"])],
                }
            )
        return entries
