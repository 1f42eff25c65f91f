from django.contrib import admin

from organizations.admin import ScopedAdmin
from organizations.models import User

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdmin):
    """Tokens of the administrator's subtree, to see and revoke (delete). They are made
    with ``manage.py apitoken``, which shows the key once."""

    list_display = ["user", "name", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__full_name", "name"]
    fields = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        # Not the tokens of anyone above the administrator (a superuser's, say).
        people = User.objects.within_powers_of(request.user)
        return super().get_queryset(request).filter(user__in=people)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or request.user.manages(obj.user)
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
