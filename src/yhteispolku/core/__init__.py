"""The project's shared kernel: helpers every app may use (domain errors, form pages, registries).

It imports Django and nothing of Yhteispolku's own, so it stands below every app (docs/architecture.md).
"""
