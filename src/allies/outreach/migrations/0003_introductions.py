from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("outreach", "0002_approach")]

    operations = [
        migrations.AddField(
            model_name="introductionrequest",
            name="private",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "The path uses a connection the asker keeps private: only they see the request."
                ),
                verbose_name="private",
            ),
        ),
    ]
