# Recognition's schema: publicity drafts, partners' consent to be listed, the public partner page.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [
        ("libraries", "0001_initial"),
        ("partnerships", "0004_commitments_ui"),
        ("stewardship", "0004_habits_health"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ListingConsent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("agreed", models.BooleanField(default=False, verbose_name="they agreed to be listed publicly")),
                ("recorded_on", models.DateField(blank=True, null=True, verbose_name="agreed or refused on")),
                ("public_name", models.CharField(blank=True, help_text="Leave empty to use the organization's name.", max_length=200, verbose_name="public name")),
                ("public_sentence", models.CharField(blank=True, help_text="Shown on the public page, so write it with them.", max_length=300, verbose_name="what they do with the library, in one sentence")),
                ("public_website", models.URLField(blank=True, verbose_name="public website")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("library", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="libraries.library")),
                ("partnership", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="listing_consent", to="partnerships.partnership")),
                ("recorded_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={"verbose_name": "consent to be listed"},
        ),
        migrations.CreateModel(
            name="PublicPage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("published", models.BooleanField(default=False, verbose_name="publish the partner page")),
                ("introduction", models.TextField(blank=True, help_text="One paragraph above the list of partners: why partners matter to you.", verbose_name="introduction")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("library", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="public_page", to="libraries.library")),
                ("updated_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={"verbose_name": "public partner page"},
        ),
        migrations.CreateModel(
            name="Recognition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("newsletter", "Newsletter paragraph"), ("website", "Website entry"), ("social", "Social media post"), ("press_release", "Press release"), ("certificate", "Certificate of appreciation")], max_length=20, verbose_name="kind")),
                ("text", models.TextField(verbose_name="text")),
                ("status", models.CharField(choices=[("draft", "Draft"), ("published", "Published")], default="draft", max_length=20, verbose_name="status")),
                ("published_on", models.DateField(blank=True, null=True, verbose_name="published on")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("contact", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="stewardship.contact")),
                ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("library", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="recognitions", to="libraries.library")),
                ("partnership", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="recognitions", to="partnerships.partnership")),
                ("published_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "recognition",
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["library", "status"], name="recognition_library_status")],
            },
        ),
    ]
