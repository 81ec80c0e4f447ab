from django.contrib import admin

from core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read only, for admins: nobody adds, changes or deletes entries here."""

    list_display = ("at", "actor_name", "action", "petition_id", "target", "details")
    list_filter = ("action", "actor_name", "petition_id", ("at", admin.DateFieldListFilter))
    search_fields = ("actor_name", "target")
    date_hierarchy = "at"

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
