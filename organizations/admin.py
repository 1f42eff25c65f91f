from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import DOCUMENT_FIELDS, UNIT_FIELDS, CleanInputMixin, DissolutionMixin, HostForm
from .models import Host, ScopedQuerySet, Unit, UnitKind, User, UserQuerySet


def administers(request) -> bool:
    """The visitor may use the admin. The admin's own sign-in page lists the apps too, for
    a visitor who has not signed in (an AnonymousUser, with no role)."""
    return getattr(request.user, "can_administer", False)


class ScopedAdmin(admin.ModelAdmin):
    """Admin pages narrowed to the administrator's subtree, like every other page:
    rows outside it are not listed, not offered in choices, and are a 404 when asked for."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def has_module_permission(self, request):
        return administers(request)

    def has_view_permission(self, request, obj=None):
        return administers(request)

    def has_add_permission(self, request):
        return administers(request)

    def has_change_permission(self, request, obj=None):
        return administers(request)

    def has_delete_permission(self, request, obj=None):
        return administers(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = db_field.related_model._default_manager.all()
        if isinstance(queryset, UserQuerySet):
            kwargs["queryset"] = queryset.within_powers_of(request.user)
        elif isinstance(queryset, ScopedQuerySet):
            kwargs["queryset"] = queryset.for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404


@admin.register(UnitKind)
class UnitKindAdmin(admin.ModelAdmin):
    """A catalogue shared by the whole tree: administrators read it, superusers edit it."""

    list_display = ["name", "organisation", "is_branch", "order"]
    list_editable = ["order"]

    def has_module_permission(self, request):
        return administers(request)

    def has_view_permission(self, request, obj=None):
        return administers(request)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if {"is_branch", "organisation"} & set(form.changed_data):
                # Which units count as founded branches changed: their figures are recounted.
                from reports import figures  # the reports app builds on this one

                figures.rebuild(metric_ids=list(figures.founding_metric_ids()))


class UnitAdminForm(DissolutionMixin, CleanInputMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["parent", *UNIT_FIELDS]

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        if parent is None and not self.request_user.is_superuser:
            self.add_error("parent", _("Choose the unit this one belongs to."))
        if parent is not None and self.instance.pk and parent.is_within(self.instance):
            self.add_error(
                "parent", _("A unit cannot be moved under itself or one of its own units.")
            )
        self.check_dissolution(cleaned)
        return cleaned


class DissolvedFilter(admin.SimpleListFilter):
    """Current units, or those dissolved or merged by today (đã giải thể / sáp nhập)."""

    title = _("dissolved or merged")
    parameter_name = "giai-the"

    def lookups(self, request, model_admin):
        return [("khong", _("Current units")), ("co", _("Dissolved or merged"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "co":
            return queryset.dissolved_by(today)
        if self.value() == "khong":
            return queryset.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=today))
        return queryset


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    form = UnitAdminForm
    list_display = ["name", "kind", "parent", "depth", "is_active", "dissolved_on"]
    list_filter = ["kind", "is_active", DissolvedFilter]
    search_fields = ["name", "search_name"]
    list_select_related = ["kind", "parent"]
    prepopulated_fields = {"slug": ["name"]}

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request_user = request.user
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.unit_create(
                parent=obj.parent,
                kind=obj.kind,
                name=obj.name,
                slug=obj.slug,
                host=obj.host,
                founded_on=obj.founded_on,
                is_active=obj.is_active,
                dissolved_on=obj.dissolved_on,
                successor=obj.successor,
                **{name: getattr(obj, name) for name in DOCUMENT_FIELDS},
            )
            obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth
            return
        parent_changed = "parent" in form.changed_data
        services.unit_update(unit=obj, fields=UNIT_FIELDS)
        if parent_changed:
            try:
                services.unit_move(unit=obj, parent=obj.parent)
            except ValidationError as error:  # already checked by the form; never half-done
                raise Http404 from error

    def delete_model(self, request, obj):
        services.unit_delete(unit=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for unit in queryset:
                services.unit_delete(unit=unit)


class HostAdminForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = Host
        fields = HostForm.Meta.fields


@admin.register(Host)
class HostAdmin(ScopedAdmin):
    form = HostAdminForm
    list_display = ["name", "kind", "unit", "workers", "doan_since", "hoi_since"]
    list_filter = ["kind"]
    search_fields = ["name", "search_name", "address"]
    list_select_related = ["unit"]


class WithinPowersMixin:
    """A person an administrator adds or changes stays within their powers: a unit of
    their subtree (the only ones offered) and a role below theirs. The administrators of
    their own unit are their peers, appointed from the unit above. (Superuser, staff,
    group and permission fields are not in the form for them at all.)"""

    request_user = None  # set by the admin for each request

    def clean(self):
        cleaned = super().clean()
        admin = self.request_user
        if admin is None or admin.is_superuser:
            return cleaned
        unit, role = cleaned.get("unit"), cleaned.get("role")
        if unit is None and "unit" not in self.errors:
            self.add_error("unit", _("Choose the person's unit."))
        if unit is not None and admin.would_be_peer(
            person_pk=self.instance.pk, unit_id=unit.pk, role=role
        ):
            self.add_error(
                "role",
                _(
                    "The administrators of %(unit)s are appointed by the unit above it. "
                    "Choose another role, or a unit below yours."
                )
                % {"unit": unit},
            )
        return cleaned


class UserAdminForm(WithinPowersMixin, CleanInputMixin, DjangoUserAdmin.form):
    """Names and positions stored NFC, as everywhere else (passwords untouched)."""


class UserAdminAddForm(WithinPowersMixin, CleanInputMixin, DjangoUserAdmin.add_form):
    pass


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    form = UserAdminForm
    add_form = UserAdminAddForm
    list_display = ["username", "full_name", "unit", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name", "email"]
    list_select_related = ["unit"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "position", "email"]}),
        (_("Unit and role"), {"fields": ["unit", "role", "is_active"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    superuser_fieldsets = [
        (_("Superuser"), {"fields": ["is_staff", "is_superuser", "groups", "user_permissions"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        (_("Unit and role"), {"fields": ["unit", "role", "full_name", "position", "email"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        # Nobody above the administrator: a 404 in every admin page, left out of lists.
        return super().get_queryset(request).within_powers_of(request.user)

    def has_change_permission(self, request, obj=None):
        # Their peers are shown read only: a 403 for a change, a password or a deletion.
        return super().has_change_permission(request, obj) and (
            obj is None or request.user.manages(obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or request.user.manages(obj)
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request_user = request.user
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and request.user.is_superuser:
            return [*fieldsets, *self.superuser_fieldsets]
        return fieldsets

    def save_model(self, request, obj, form, change):
        # Administrators reach the admin by their role; nobody else does, bar superusers.
        if not obj.is_superuser:
            obj.is_staff = obj.role == User.Role.ADMINISTRATOR
        super().save_model(request, obj, form, change)
