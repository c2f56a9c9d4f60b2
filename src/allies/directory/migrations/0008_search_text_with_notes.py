"""Organization search also looks in what staff wrote (interests, needs, notes): rebuild every
organization's search text. No column changes; every row is kept."""

from django.db import migrations

FIELDS = ("name", "city", "mission", "current_interests", "needs", "notes", "ntee_code")


def rebuild(apps, schema_editor):
    from allies.directory.models import search_text_of
    from allies.directory.ntee import ntee_title

    Organization = apps.get_model("directory", "Organization")
    batch = []
    for organization in Organization.objects.only("id", *FIELDS).order_by("id").iterator(2000):
        organization.search_text = search_text_of(
            organization.name,
            organization.city,
            organization.mission,
            organization.current_interests,
            organization.needs,
            organization.notes,
            ntee_title(organization.ntee_code),
        )
        batch.append(organization)
        if len(batch) >= 1000:
            Organization.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Organization.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_duplicates_and_merges")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
