from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.models import ApiToken


class Command(BaseCommand):
    help = (
        "Creates a personal API token for a user and prints its key. The key is shown only "
        "this once; revoke the token by deleting it in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username}.")
        if not user.is_active:
            raise CommandError(f"{username} is inactive: their tokens would not work.")
        _token, key = ApiToken.objects.issue(user=user, name=name)
        self.stdout.write(key)
        # stdout stays the bare key, for scripts; the warning goes beside it.
        self.stderr.write("Keep this key now: it is stored only as a hash and never shown again.")
