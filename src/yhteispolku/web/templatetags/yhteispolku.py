from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int:
    """Whole minutes of a duration, rounded up, so "0 minutes" is never shown."""
    if not value:
        return 0
    return -(-int(value.total_seconds()) // 60)


@register.filter
def category_labels(values: list[str]) -> str:
    """Data-category codes as their names in the active language, comma separated."""
    from yhteispolku.core.categories import DataCategory

    return ", ".join(str(DataCategory(value).label) for value in values)
