from functools import update_wrapper
from types import FunctionType

from django.contrib import admin
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import URLResolver, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from organizations.forms import AdminLoginForm


class AdminSite(admin.AdminSite):
    """The Django admin, for administrators (scoped to their subtree) and superusers.

    A signed-in user who is not an administrator gets a 404, as for any page that is
    not theirs, rather than an invitation to sign in again; so does an administrator for
    every page of a model the admin gives them no right on (groups, background tasks,
    sign-in records: superusers' only). A visitor not signed in is sent to the admin's
    sign-in page from every admin address.
    """

    login_form = AdminLoginForm
    site_header = _("Lộ trình administration")
    site_title = _("Lộ trình")
    index_title = _("Administration")

    def has_permission(self, request) -> bool:
        return request.user.is_active and getattr(request.user, "can_administer", False)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)
        # A ModelAdmin's pages are its bound methods: the model they show is known.
        model_admin = getattr(view, "__self__", None)
        if not isinstance(model_admin, admin.ModelAdmin):
            model_admin = None

        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated:
                if not self.has_permission(request):
                    raise Http404
                if model_admin and not any(model_admin.get_model_perms(request).values()):
                    raise Http404
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def get_urls(self):
        urlpatterns = [
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            )
            if getattr(pattern, "name", None) == "view_on_site"
            else pattern
            for pattern in super().get_urls()
        ]
        self._send_visitors_to_admin_login(urlpatterns)
        return urlpatterns

    def _send_visitors_to_admin_login(self, urlpatterns) -> None:
        """The site's own pages tell LoginRequiredMiddleware to send a visitor not signed
        in to the admin's sign-in page; the models' pages do not, and would send them to
        the app's. Every page of the admin says so here."""
        for pattern in urlpatterns:
            if isinstance(pattern, URLResolver):
                self._send_visitors_to_admin_login(pattern.url_patterns)
            elif isinstance(pattern.callback, FunctionType):
                pattern.callback.login_url = reverse_lazy("admin:login", current_app=self.name)

    def view_on_site(self, request, content_type_id, object_id):
        """The "view on site" link of an admin form: to the page of an object the admin
        shows this user. Any other content type or object is a 404, whether it exists or
        not (a model without admin pages, one they may not see, another unit's row)."""
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ValueError, ContentType.DoesNotExist) as error:
            raise Http404 from error
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            raise Http404
        obj = model_admin.get_object(request, object_id)
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)
