"""Signature list filters: town (of the user's own signatures), confirmed, delivered, valid."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class TownFilter(admin.SimpleListFilter):
    title = _("town")
    parameter_name = "town"

    def lookups(self, request, model_admin):
        towns = (
            model_admin.get_queryset(request)
            .exclude(town="")
            .order_by("town")
            .values_list("town", flat=True)
            .distinct()
        )
        return [(town, town) for town in towns]

    def queryset(self, request, queryset):
        if self.value():
            # No town holds a NUL byte (and PostgreSQL refuses one in a query).
            if "\x00" in self.value():
                return queryset.none()
            return queryset.filter(town=self.value())
        return queryset


class YesNoFilter(admin.SimpleListFilter):
    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{self.lookup: self.value() == "no"})
        return queryset


class ConfirmedFilter(YesNoFilter):
    title = _("confirmed")
    parameter_name = "confirmed"
    lookup = "confirmed_at__isnull"


class DeliveredFilter(YesNoFilter):
    title = _("delivered")
    parameter_name = "delivered"
    lookup = "delivery__isnull"


class ValidityFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [
            ("valid", _("Valid")),
            ("invalidated", _("Invalidated")),
            ("withdrawn", _("Withdrawn")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "valid":
            return queryset.valid()
        if self.value() == "invalidated":
            return queryset.filter(invalidated_at__isnull=False)
        if self.value() == "withdrawn":
            return queryset.filter(withdrawn_at__isnull=False)
        return queryset


class _ExactValueFilter(admin.SimpleListFilter):
    """A filter reached by a link (from the abuse review), not picked from a list: it shows
    only when set, with the value it filters by."""

    def lookups(self, request, model_admin):
        value = self.value()
        return [(value, self.label(value))] if value else []

    def label(self, value):
        return value

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if "\x00" in value:  # in no stored value; PostgreSQL refuses it in a query
            return queryset.none()
        return queryset.filter(**{self.lookup: self.prefix + value})


class IpHashFilter(_ExactValueFilter):
    title = _("IP address (hashed)")
    parameter_name = "ip_hash"
    lookup = "ip_hash"
    prefix = ""

    def label(self, value):
        return value[:12] + "…" if len(value) > 12 else value


class EmailDomainFilter(_ExactValueFilter):
    title = _("email domain")
    parameter_name = "domain"
    lookup = "email__iendswith"
    prefix = "@"
