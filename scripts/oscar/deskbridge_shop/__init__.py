"""This project's additions to django-oscar and django-oscar-api (see README.md)."""
