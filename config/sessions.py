"""Sessions kept in the database, as Django's, read with SQL compiled once per process
(``config.prepared``): every signed-in request reads its session."""

from datetime import datetime

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from config.prepared import Prepared

_LIVE = Prepared(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now), str, datetime
)


class SessionStore(DatabaseStore):
    def _get_session_from_db(self):
        session = _LIVE.first(self.session_key, timezone.now())
        if session is None:
            self._session_key = None
        return session
