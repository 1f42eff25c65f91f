"""Loaded before Django by ``-p tests.environment`` (see pyproject.toml).

The suite runs the way production does, with DEBUG off, so it has to provide what
production must: a secret key and a host list. DATABASE_URL is left alone: unset means
SQLite, and `.ci/run` sets it to run the same suite on PostgreSQL.
"""

import os

os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client speaks plain HTTP; production redirects it to HTTPS.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
