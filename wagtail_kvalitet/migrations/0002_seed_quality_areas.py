"""Create the seven national quality areas; they stay editable in the admin afterwards.

The names are the national terms (data in Swedish, like a municipality's own content);
the codes are stable identifiers for imports and exports.
"""

from django.db import migrations

QUALITY_AREAS = [
    (
        "respect",
        "Bemötande och förhållningssätt",
        "Den enskilde möts med respekt, vänlighet och förståelse, och personalen är lyhörd för "
        "hens önskemål.",
    ),
    (
        "self-determination",
        "Självbestämmande och integritet",
        "Den enskilde kan påverka hur stödet utformas och när det ges, och hens privatliv och "
        "personliga integritet skyddas.",
    ),
    (
        "holistic-view",
        "Helhetssyn och samordning",
        "Stödet utgår från hela livssituationen, och insatser från olika verksamheter hänger "
        "ihop för den enskilde.",
    ),
    (
        "safety",
        "Trygghet och säkerhet",
        "Verksamheten förebygger risker och skador, och den enskilde kan känna sig trygg med "
        "stödet och med personalen.",
    ),
    (
        "knowledge-based",
        "Kunskapsbaserad verksamhet",
        "Arbetet bygger på bästa tillgängliga kunskap, den enskildes erfarenheter och "
        "personalens yrkeskunnande.",
    ),
    (
        "accessibility",
        "Tillgänglighet",
        "Det är lätt att komma i kontakt med verksamheten och att få stöd i rimlig tid, och "
        "informationen går att förstå.",
    ),
    (
        "efficiency",
        "Effektivitet",
        "Resurserna används så att de gör mest nytta för den enskilde och når verksamhetens mål.",
    ),
]


def create_quality_areas(apps, schema_editor):
    QualityArea = apps.get_model("wagtail_kvalitet", "QualityArea")
    for order, (code, name, description) in enumerate(QUALITY_AREAS, start=1):
        QualityArea.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "sort_order": order}
        )


def remove_quality_areas(apps, schema_editor):
    QualityArea = apps.get_model("wagtail_kvalitet", "QualityArea")
    QualityArea.objects.filter(code__in=[code for code, _, _ in QUALITY_AREAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("wagtail_kvalitet", "0001_initial")]

    operations = [migrations.RunPython(create_quality_areas, remove_quality_areas)]
