"""A cheaper password hash for the demo user.

HTTP Basic auth makes Django verify the password on every API request. With Django 4.2's
default of 600,000 PBKDF2 rounds that is a large CPU cost per call on a 2-core machine, and
the integration tests make hundreds of calls. The algorithm is Django's own; only the round
count is lower. Never do this for a real shop.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class DemoPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2-SHA256 with 1,000 rounds, stored under its own algorithm name."""

    algorithm = "pbkdf2_sha256_demo"
    iterations = 1000
