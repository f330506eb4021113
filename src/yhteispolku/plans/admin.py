from django.contrib import admin

from yhteispolku.plans.models import ServiceType


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    """The catalogue holds no client data; a region adds its own services here."""

    list_display = ("name_fi", "code", "organiser", "is_kuty", "active")
    list_filter = ("organiser", "is_kuty", "active")
    search_fields = ("name_fi", "name_sv", "name_en", "code")
    ordering = ("organiser", "sort_order", "name_fi")
