"""The two access rules every view follows.

1. Objects are fetched through ``Model.objects.for_user(user)``: another unit's object
   is a 404, as if it did not exist.
2. A write by a role that may only read is a 403, decided after the lookup so that it
   never reveals whether another unit's object exists.
"""

from django.core.exceptions import PermissionDenied


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
