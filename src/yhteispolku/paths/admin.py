from django.contrib import admin

from yhteispolku.paths.models import YouthOneStopUnit


@admin.register(YouthOneStopUnit)
class YouthOneStopUnitAdmin(admin.ModelAdmin):
    """Which units run a youth one-stop (Ohjaamo): their professionals keep the low-threshold contacts."""

    list_display = ["unit"]
    list_select_related = ["unit__organisation"]
    autocomplete_fields = ["unit"]
