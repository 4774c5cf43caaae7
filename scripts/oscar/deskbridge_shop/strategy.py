"""Pricing and availability of the demo shop: oscar's stock rules with a 20 % VAT.

Oscar's default strategy charges no tax, so ``incl_tax`` would always equal ``excl_tax`` and
a gateway reading the wrong one would go unnoticed. This strategy is oscar's own building
blocks (first stock record, stock required unless the product class does not track stock,
fixed-rate tax) with the rate set to 20 %. oscar-api looks the ``Selector`` up through oscar's
class loader, which settings.OSCAR_DYNAMIC_CLASS_LOADER points at class_loader.py.
"""

from decimal import Decimal

from oscar.apps.partner import strategy as oscar_strategy

#: The VAT rate applied to every stock record price.
TAX_RATE = Decimal("0.20")


class VATStrategy(
    oscar_strategy.UseFirstStockRecord,
    oscar_strategy.StockRequired,
    oscar_strategy.FixedRateTax,
    oscar_strategy.Structured,
):
    """First stock record, stock required, 20 % tax rounded to the cent (Decimal's default
    half-even rounding, as oscar does)."""

    rate = TAX_RATE


class Selector:
    """Gives every request the VAT strategy."""

    def strategy(self, request=None, user=None, **kwargs):
        return VATStrategy(request)

