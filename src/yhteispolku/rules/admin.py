from django.contrib import admin

from yhteispolku.rules.models import Rule, RuleVersion


class RuleVersionInline(admin.TabularInline):
    model = RuleVersion
    extra = 0
    fields = (
        "version",
        "effective_from",
        "effective_to",
        "parameters",
        "note",
        "note_fi",
        "note_sv",
        "note_en",
    )


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ("rule_id", "region", "group", "title_fi")
    list_filter = ("region", "group")
    search_fields = ("rule_id", "title_fi")
    fields = (
        "rule_id",
        "region",
        "group",
        "title_fi",
        "title_sv",
        "title_en",
        "summary_fi",
        "summary_sv",
        "summary_en",
        "region_name_fi",
        "region_name_sv",
        "region_name_en",
        "source",
        "legal_sources",
        "parameter_info",
    )
    # The legal sources and the words of the parameters come from the rule files (laws resolved against
    # data/laws/laws.toml); the loader checks them, so they are not typed in here.
    readonly_fields = ("legal_sources", "parameter_info")
    inlines = [RuleVersionInline]
