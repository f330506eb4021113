"""The professional roles of SPEC §1 and §5.1, as data."""

from django.db import migrations

EMPLOYMENT = ["employment_authority"]
COUNTY = ["wellbeing_county"]
KELA = ["kela"]
AUTHORITIES = ["employment_authority", "wellbeing_county", "kela"]

# code, sector, health professional, organisation kinds, fi, sv, en
ROLES = [
    ("employment_expert", "employment", False, EMPLOYMENT,
     "työllisyysasiantuntija", "sysselsättningsexpert", "employment expert"),
    ("social_worker", "social", False, COUNTY,
     "sosiaalityöntekijä", "socialarbetare", "social worker"),
    ("social_counsellor", "social", False, COUNTY,
     "sosiaaliohjaaja", "socialhandledare", "social counsellor"),
    ("public_health_nurse", "health", True, COUNTY,
     "terveydenhoitaja", "hälsovårdare", "public health nurse"),
    ("physician", "health", True, COUNTY, "lääkäri", "läkare", "physician"),
    ("psychologist", "health", True, COUNTY, "psykologi", "psykolog", "psychologist"),
    ("therapist", "health", True, COUNTY, "terapeutti", "terapeut", "therapist"),
    ("work_ability_coordinator", "health", True, COUNTY,
     "työkykykoordinaattori", "arbetsförmågekoordinator", "work-ability coordinator"),
    ("kela_service_expert", "kela", False, KELA,
     "Kelan palveluasiantuntija", "FPA:s serviceexpert", "Kela service expert"),
    ("kela_work_ability_advisor", "kela", False, KELA,
     "Kelan TYM-työkykyneuvoja", "FPA:s TYM-arbetsförmågerådgivare", "Kela TYM work-ability advisor"),
    ("tym_coordinator", "coordination", False, AUTHORITIES,
     "TYM-koordinaattori", "TYM-koordinator", "TYM coordinator"),
    ("unit_manager", "coordination", False, AUTHORITIES,
     "yksikön esihenkilö", "enhetschef", "unit manager"),
    ("steering_group_member", "steering", False, AUTHORITIES,
     "johtoryhmän jäsen", "medlem av ledningsgruppen", "steering-group member"),
    ("service_provider", "provider", False, ["service_provider"],
     "palveluntuottajan työntekijä", "tjänsteproducentens anställd", "service provider"),
    ("administrator", "administration", False, AUTHORITIES,
     "pääkäyttäjä", "huvudanvändare", "administrator"),
    ("data_protection_officer", "administration", False, AUTHORITIES,
     "tietosuojavastaava", "dataskyddsombud", "data-protection officer"),
]


def add_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for order, (code, sector, health, kinds, fi, sv, en) in enumerate(ROLES, start=1):
        Role.objects.update_or_create(
            code=code,
            defaults={
                "sector": sector,
                "is_health_professional": health,
                "organisation_kinds": kinds,
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "sort_order": order * 10,
            },
        )


def remove_roles(apps, schema_editor):
    apps.get_model("accounts", "Role").objects.filter(code__in=[row[0] for row in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(add_roles, remove_roles)]
