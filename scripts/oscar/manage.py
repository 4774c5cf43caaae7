#!/usr/bin/env python
"""Django's command line for the demo shop; run it with the venv's python, see README.md."""

import os
import sys

if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    # Compiled files go next to the shop, not into the repository.
    home = os.environ.get("DESKBRIDGE_OSCAR_HOME", os.path.join(here, "..", "..", ".build", "oscar"))
    if sys.pycache_prefix is None:
        sys.pycache_prefix = os.path.join(os.path.abspath(home), "pycache")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
