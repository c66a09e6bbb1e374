"""The per-install secret the demo's tracking codes are drawn from.

A tracking code is all a citizen needs to open a request on the public page, so two installs must not share
demo codes: anyone who read this source could otherwise look up the demo requests of every install.
"""

import hashlib
import hmac
import random
import secrets
from pathlib import Path

from django.conf import settings

SECRET_FILE_NAME = "demo-secret"


def demo_secret() -> str:
    """The deployment's SECRET_KEY; with the development key, a random value stored once in the data dir."""
    if settings.SECRET_KEY != settings.DEVELOPMENT_SECRET_KEY:
        return str(settings.SECRET_KEY)
    path = Path(settings.DATA_DIR) / SECRET_FILE_NAME
    try:
        # "x" creates the file only if it is missing, so a second load keeps the first value.
        with path.open("x", encoding="ascii") as file:
            file.write(secrets.token_hex(32))
    except FileExistsError:
        pass
    return path.read_text(encoding="ascii").strip()


def secret_generator(secret: str, purpose: str) -> random.Random:
    """A generator seeded from the secret, separate per purpose so the rest of the demo stays reproducible."""
    return random.Random(hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest())
