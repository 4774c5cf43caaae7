"""The demo shop's catalog, generated deterministically (fixed seed, no Django needed).

``build_catalog()`` returns the same categories and products on every run and every machine.
The loader command (management/commands/deskbridge_load_catalog.py) writes them into oscar.

What the catalog holds, on purpose:

* nested categories up to 3 levels (``Maison > Cuisine > Tasses``), two leaves with the same
  name and slug under different parents (``Mode > Femme > Chaussures`` and ``Mode > Homme >
  Chaussures``), an empty category, names with accents, ``&``, emoji and CJK, and one
  non-public category;
* public products with accents, emoji, CJK, quotes, ``&``, ``<``, ``%`` and ``_`` in titles,
  HTML descriptions (one with a ``<script>``), some without UPC, some in two categories, some
  attached to a non-leaf category;
* stock cases: in stock, out of stock, all stock allocated, no stock record at all, a stock
  record without a price, and a product class that does not track stock (gift cards);
* a few non-public products (``is_public=False``) inside public categories, so a listing that
  forgets to hide them shows them.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal

SEED = 20240601

#: Product classes: name -> tracks stock.
PRODUCT_CLASSES = {"Article": True, "Numérique": False}


@dataclass(frozen=True)
class CategorySpec:
    """A category, named by its path from the root."""

    path: tuple
    is_public: bool = True
    description: str = ""


@dataclass(frozen=True)
class StockSpec:
    """The product's only stock record (price excluding tax, or None for "no price")."""

    sku: str
    price: Decimal | None
    num_in_stock: int | None
    num_allocated: int | None


@dataclass
class ProductSpec:
    """A product as the loader creates it."""

    key: str
    title: str
    upc: str | None
    description: str
    product_class: str
    category_paths: list
    is_public: bool
    stock: StockSpec | None
    images: list = field(default_factory=list)
    created_at: datetime | None = None


CATEGORIES = [
    CategorySpec(("Maison",), description="<p>Tout pour la <em>maison</em>.</p>"),
    CategorySpec(("Maison", "Cuisine")),
    CategorySpec(("Maison", "Cuisine", "Tasses")),
    CategorySpec(("Maison", "Cuisine", "Assiettes")),
    CategorySpec(("Maison", "Cuisine", "Couteaux")),
    CategorySpec(("Maison", "Salon")),
    CategorySpec(("Maison", "Salon", "Coussins")),
    CategorySpec(("Maison", "Salon", "Lampes")),
    CategorySpec(("Maison", "Jardin"), description="<p>Bientôt.</p>"),  # stays empty
    CategorySpec(("Mode",)),
    CategorySpec(("Mode", "Femme")),
    CategorySpec(("Mode", "Femme", "Robes")),
    CategorySpec(("Mode", "Femme", "Chaussures")),
    CategorySpec(("Mode", "Homme")),
    CategorySpec(("Mode", "Homme", "Chemises")),
    CategorySpec(("Mode", "Homme", "Chaussures")),
    CategorySpec(("Mode", "Accessoires")),
    CategorySpec(("Livres & Papeterie",)),
    CategorySpec(("Livres & Papeterie", "Romans")),
    CategorySpec(("Livres & Papeterie", "BD")),
    CategorySpec(("Livres & Papeterie", "BD", "Mangas 漫画")),
    CategorySpec(("Livres & Papeterie", "BD", "Franco-belge")),
    CategorySpec(("Livres & Papeterie", "Papeterie")),
    CategorySpec(("Électronique",)),
    CategorySpec(("Électronique", "Audio")),
    CategorySpec(("Électronique", "Audio", "Casques 🎧")),
    CategorySpec(("Électronique", "Câbles")),
    CategorySpec(("Cartes cadeaux",)),
    CategorySpec(("Réserve",), is_public=False, description="<p>Interne : ne pas publier.</p>"),
]

COLORS = ["bleu", "rouge", "vert sauge", "noir", "blanc cassé", "jaune moutarde", "écru", "terracotta"]

# Per leaf category: (how many generated products, title patterns). "{c}" is a color,
# "{n}" a number, "{m}" a made-up model name.
GENERATED = {
    ("Maison", "Cuisine", "Tasses"): (
        13,
        ["Tasse en grès {c}", "Mug émaillé {c} « {m} »", "Tasse à expresso {c} (lot de {n})"],
    ),
    ("Maison", "Cuisine", "Assiettes"): (
        10,
        ["Assiette plate {c} Ø {n} cm", "Assiette creuse {c}", "Assiette à dessert « {m} »"],
    ),
    ("Maison", "Cuisine", "Couteaux"): (
        8,
        ["Couteau d'office {m}", "Couteau à pain {m} {n} cm", "Couteau de chef {m}"],
    ),
    ("Maison", "Salon", "Coussins"): (
        9,
        ["Coussin en lin {c} {n}×{n} cm", "Housse de coussin {c} « {m} »"],
    ),
    ("Maison", "Salon", "Lampes"): (
        9,
        ["Lampe de chevet {m} {c}", "Lampadaire {m}", "Applique murale {c}"],
    ),
    ("Mode", "Femme", "Robes"): (
        10,
        ["Robe portefeuille {c}", "Robe longue {m} {c}", "Robe chemise en coton {c}"],
    ),
    ("Mode", "Femme", "Chaussures"): (
        8,
        ["Escarpins {m} {c} T{n}", "Baskets femme {m} {c}", "Sandales {m}"],
    ),
    ("Mode", "Homme", "Chemises"): (
        10,
        ["Chemise Oxford {c}", "Chemise en lin {c} « {m} »", "Chemise à carreaux {c}"],
    ),
    ("Mode", "Homme", "Chaussures"): (
        8,
        ["Derbies {m} {c}", "Mocassins {m}", "Baskets homme {m} {c}"],
    ),
    ("Mode", "Accessoires"): (
        6,
        ["Écharpe {c} {m}", "Ceinture en cuir {c}", "Casquette {m}"],
    ),
    ("Livres & Papeterie", "Romans"): (
        9,
        ["Le {m} des forêts", "La nuit de {m}", "L'été à {m}", "Les lettres de {m} — roman"],
    ),
    ("Livres & Papeterie", "BD", "Mangas 漫画"): (
        8,
        ["星の旅人 第{n}巻", "海辺の図書館 第{n}巻", "Sakura 桜 — tome {n}"],
    ),
    ("Livres & Papeterie", "BD", "Franco-belge"): (
        6,
        ["Les Aventures de {m} — tome {n}", "{m} et le secret du phare"],
    ),
    ("Livres & Papeterie", "Papeterie"): (
        4,
        ["Carnet A5 pointillé {c}", "Stylo plume {m}", "Agenda {n} {c}"],
    ),
    ("Électronique", "Audio", "Casques 🎧"): (
        7,
        ["Casque sans fil 🎧 {m}", "Écouteurs intra-auriculaires {m} {c}", "Casque studio {m}"],
    ),
    ("Électronique", "Câbles"): (
        5,
        ["Câble Lightning {n} m", "Câble USB-A vers USB-C {n} m {c}", "Rallonge {m} {n} m"],
    ),
}

MODEL_NAMES = [
    "Aurore", "Belle-Île", "Camargue", "Dune", "Étretat", "Fjord", "Garrigue", "Hêtre",
    "Iroise", "Jasmin", "Kerlouan", "Lavande", "Mistral", "Noé", "Orée", "Pampa", "Quimper",
    "Ré", "Sémaphore", "Tilleul", "Ubaye", "Vercors", "Zoé",
]

DESCRIPTION_PATTERNS = [
    "<p>{title} : un classique de notre sélection.</p>",
    "<p><strong>{title}</strong></p><ul><li>Fabriqué en France</li><li>Garantie 2 ans</li></ul>",
    "<p>Idéal pour offrir &amp; se faire plaisir.</p><p>Entretien&nbsp;: à la main.</p>",
    "<div class=\"desc\"><h3>Détails</h3><p>Modèle <em>{title}</em>, livré avec sa notice.</p></div>",
    "",
]


def _ean13(number):
    """A 13-digit EAN with a valid check digit, built from a 12-digit number."""
    digits = f"{number:012d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def _price(rng):
    """A plausible shop price excluding tax, in euros with cents."""
    euros = rng.choice([4, 7, 9, 12, 14, 19, 24, 29, 34, 39, 49, 59, 79, 99, 129, 189])
    cents = rng.choice(["00", "50", "90", "95", "99", "17", "33"])
    return Decimal(f"{euros}.{cents}")


def _fixed_products():
    """Hand-written products that carry the edge cases (titles, HTML, stock, visibility)."""
    d = Decimal
    article = "Article"
    return [
        ProductSpec(
            "mug-cafe-emoji", "Tasse ☕ « Café du matin »", _ean13(376000000001),
            "<p>La tasse du <strong>petit-déjeuner</strong> ☕.</p>", article,
            [("Maison", "Cuisine", "Tasses")], True, StockSpec("FIX-001", d("12.90"), 25, 0),
        ),
        ProductSpec(
            "set-cuisine", "Set de cuisine « Bistrot » & accessoires", _ean13(376000000002),
            "<p>Rangé directement dans <em>Cuisine</em> (pas dans une sous-catégorie).</p>",
            article, [("Maison", "Cuisine")], True, StockSpec("FIX-002", d("89.00"), 4, 1),
        ),
        ProductSpec(
            "cable-hdmi", "Câble USB-C <-> HDMI & DisplayPort 2 m", _ean13(376000000003),
            "<p>Compatible 4K&nbsp;@&nbsp;60&nbsp;Hz.</p><script>alert('xss')</script>",
            article, [("Électronique", "Câbles")], True, StockSpec("FIX-003", d("19.99"), 40, 0),
        ),
        ProductSpec(
            "housse-coton", "Housse de couette 100% coton bio 240×220", _ean13(376000000004),
            "<p>100&nbsp;% coton issu de l'agriculture biologique.</p>", article,
            [("Maison", "Salon", "Coussins")], True, StockSpec("FIX-004", d("79.00"), 7, 0),
        ),
        ProductSpec(
            "tasse-underscore", "Tasse_verte édition limitée", None,
            "<p>Référence interne sans code-barres.</p>", article,
            [("Maison", "Cuisine", "Tasses")], True, StockSpec("FIX-005", d("9.50"), 3, 0),
        ),
        ProductSpec(
            "lampe-enceinte", "Lampe enceinte Bluetooth 🎧 « Veilleuse »", _ean13(376000000006),
            "<p>Une lampe <em>et</em> une enceinte.</p>", article,
            [("Maison", "Salon", "Lampes"), ("Électronique", "Audio")], True,
            StockSpec("FIX-006", d("59.90"), 12, 2),
        ),
        ProductSpec(
            "roman-long-titre",
            "Le très long voyage immobile de Mademoiselle Héloïse de la Tour-d'Auvergne à "
            "travers les saisons, les lettres jamais envoyées et les jardins oubliés du Sud — "
            "édition intégrale illustrée, revue et augmentée",
            _ean13(976000000007), "", article, [("Livres & Papeterie", "Romans")], True,
            StockSpec("FIX-007", d("24.50"), 2, 0),
        ),
        ProductSpec(
            "catalogue-gratuit", "Catalogue papier (gratuit)", None,
            "<p>Offert.</p>", article, [("Livres & Papeterie", "Papeterie")], True,
            StockSpec("FIX-008", d("0.00"), 500, 0),
        ),
        ProductSpec(
            "casque-pro", "Casque \"Pro\" réduction de bruit 🎧", _ean13(376000000009),
            "<p>Le haut de gamme : <b>40 h</b> d'autonomie.</p>", article,
            [("Électronique", "Audio", "Casques 🎧")], True, StockSpec("FIX-009", d("1249.90"), 1, 0),
        ),
        ProductSpec(
            "prix-sur-demande", "Lampadaire design (prix sur demande)", _ean13(376000000010),
            "<p>Contactez-nous pour un devis.</p>", article,
            [("Maison", "Salon", "Lampes")], True, StockSpec("FIX-010", None, 2, 0),
        ),
        ProductSpec(
            "escarpins-alloues", "Escarpins « Gala » vernis noir T38", _ean13(376000000011),
            "<p>Tout le stock est réservé.</p>", article,
            [("Mode", "Femme", "Chaussures")], True, StockSpec("FIX-011", d("129.00"), 3, 3),
        ),
        ProductSpec(
            "pack-mode", "Pack découverte mode & accessoires", None,
            "<p>Dans deux catégories.</p>", article,
            [("Mode", "Accessoires"), ("Mode", "Femme", "Robes")], True,
            StockSpec("FIX-012", d("39.00"), 10, 0),
        ),
        # Gift cards: the product class does not track stock, so they are always available.
        *[
            ProductSpec(
                f"carte-cadeau-{amount}", f"Carte cadeau {amount} €", _ean13(376100000000 + amount),
                f"<p>Valable un an, utilisable en ligne. Montant&nbsp;: {amount}&nbsp;€.</p>",
                "Numérique", [("Cartes cadeaux",)], True,
                StockSpec(f"GIFT-{amount}", Decimal(amount), None, None),
            )
            for amount in (25, 50, 100, 150)
        ],
        # Not public: inside public categories, so a listing that does not hide them leaks.
        ProductSpec(
            "tasse-prototype", "Tasse prototype (non publiée)", _ean13(376900000001),
            "<p>Ne doit pas apparaître.</p>", article,
            [("Maison", "Cuisine", "Tasses")], False, StockSpec("HID-001", d("5.00"), 10, 0),
        ),
        ProductSpec(
            "casque-prototype", "Casque 🎧 prototype secret", _ean13(376900000002),
            "<p>Ne doit pas apparaître.</p>", article,
            [("Électronique", "Audio", "Casques 🎧")], False, StockSpec("HID-002", d("299.00"), 5, 0),
        ),
        ProductSpec(
            "roman-inedit", "Roman inédit — manuscrit", _ean13(976900000003),
            "<p>Ne doit pas apparaître.</p>", article,
            [("Livres & Papeterie", "Romans"), ("Réserve",)], False, None,
        ),
    ]


def build_catalog():
    """The categories and products, identical on every call."""
    rng = random.Random(SEED)
    products = _fixed_products()
    titles = {p.title for p in products}
    serial = 0
    for path, (count, patterns) in GENERATED.items():
        for index in range(count):
            serial += 1
            title = None
            for attempt in range(50):
                candidate = rng.choice(patterns).format(
                    c=rng.choice(COLORS), n=rng.randint(2, 12), m=rng.choice(MODEL_NAMES)
                )
                if candidate not in titles:
                    title = candidate
                    break
            if title is None:
                raise RuntimeError(f"could not make a unique title for {path}")
            titles.add(title)
            products.append(
                ProductSpec(
                    key=f"gen-{serial:03d}",
                    title=title,
                    upc=_ean13(300000000000 + serial * 7919),
                    description=rng.choice(DESCRIPTION_PATTERNS).format(title=title.replace("&", "&amp;").replace("<", "&lt;")),
                    product_class="Article",
                    category_paths=[path],
                    is_public=True,
                    stock=StockSpec(f"GEN-{serial:03d}", _price(rng), rng.randint(1, 60), rng.choice([0, 0, 0, 1, 2])),
                )
            )

    # Stock cases among generated products, chosen by the seeded generator.
    generated = [p for p in products if p.key.startswith("gen-")]
    picks = rng.sample(generated, 18)
    for product in picks[:6]:  # no stock record at all: no price, unavailable
        product.stock = None
    for product in picks[6:16]:  # out of stock
        product.stock = StockSpec(product.stock.sku, product.stock.price, 0, 0)
    for product in picks[16:18]:  # everything allocated to orders
        product.stock = StockSpec(product.stock.sku, product.stock.price, 2, 2)

    # A few images (files made by the loader), on about half the products.
    for product in products:
        if rng.random() < 0.5:
            product.images = [f"deskbridge/{rng.randint(1, 6)}.png"]
            if rng.random() < 0.2:
                product.images.append(f"deskbridge/{rng.randint(1, 6)}.png")

    # Creation times decide oscar-api's list order (newest first): shuffle them, so that
    # neither id order nor title order is the list order.
    start = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc)
    order = list(range(len(products)))
    rng.shuffle(order)
    for product, slot in zip(products, order):
        product.created_at = start + timedelta(minutes=37 * slot, seconds=slot % 60)
    return CATEGORIES, products
