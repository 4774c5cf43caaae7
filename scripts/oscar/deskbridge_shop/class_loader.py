"""Oscar's class loader, except that ``partner.strategy.Selector`` is this project's.

settings.OSCAR_DYNAMIC_CLASS_LOADER names this function. It lives apart from strategy.py
because oscar's strategy module itself loads classes through the loader while it imports.
"""

from oscar.core.loading import default_class_loader


def class_loader(module_label, classnames, module_prefix):
    classes = default_class_loader(module_label, classnames, module_prefix)
    if module_label == "partner.strategy" and "Selector" in classnames:
        from deskbridge_shop.strategy import Selector

        classes = [Selector if name == "Selector" else found for name, found in zip(classnames, classes)]
    return classes
