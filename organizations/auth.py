"""Who is signed in, looked up at every request."""

from django.contrib.auth.backends import ModelBackend

from config.prepared import Prepared

from .models import User

#: the person with their unit and its kind (the manager's select_related), by id
_PERSON = Prepared(lambda pk: User._default_manager.filter(pk=pk), int)


class PersonBackend(ModelBackend):
    """Django's ModelBackend, but the signed-in person of every request is looked up with
    SQL compiled once per process (``config.prepared``) instead of at each request."""

    def get_user(self, user_id):
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = _PERSON.first(pk)
        return user if user is not None and self.user_can_authenticate(user) else None
