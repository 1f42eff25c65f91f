from functools import update_wrapper

from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from organizations.forms import AdminLoginForm


class AdminSite(admin.AdminSite):
    """The Django admin, for administrators (scoped to their subtree) and superusers.

    A signed-in user who is not an administrator gets a 404, as for any page that is
    not theirs, rather than an invitation to sign in again.
    """

    login_form = AdminLoginForm
    site_header = _("Lộ trình administration")
    site_title = _("Lộ trình")
    index_title = _("Administration")

    def has_permission(self, request) -> bool:
        return request.user.is_active and getattr(request.user, "can_administer", False)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)
