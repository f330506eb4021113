from django.contrib import admin

from yhteispolku.rules.models import Rule, RuleVersion


class RuleVersionInline(admin.TabularInline):
    model = RuleVersion
    extra = 0
    fields = ("version", "effective_from", "effective_to", "parameters", "note")


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ("rule_id", "region", "title_fi")
    list_filter = ("region",)
    search_fields = ("rule_id", "title_fi")
    inlines = [RuleVersionInline]
