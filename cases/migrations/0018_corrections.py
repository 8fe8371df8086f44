"""Corrections of intake data with a reason (issue 17 item 3): the timeline's two new events, and
the paper a re-issue event names."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0017_rule_validity")]
    operations = [
        migrations.AlterField(
            model_name="caseevent",
            name="code",
            field=models.CharField(
                choices=[
                    ("receive", "Request received"),
                    ("paper", "Proving paper recorded"),
                    ("request_papers", "Ask for missing papers"),
                    ("accept", "Accept the case"),
                    ("refuse", "Refuse"),
                    ("refer", "Refer elsewhere"),
                    ("appoint", "Appoint a performer"),
                    ("request_replacement", "Record a replacement request"),
                    ("decide_replacement", "Answer the replacement request"),
                    ("log_work", "Log work"),
                    ("suspend", "Suspend"),
                    ("resume", "Resume"),
                    ("terminate", "Stop the legal aid"),
                    ("complete", "Complete the case"),
                    ("assign_appraisal", "Assign the appraisal"),
                    ("appraise", "Record the appraisal"),
                    ("survey", "Satisfaction survey"),
                    ("complaint", "Complaint recorded"),
                    ("evaluation_drawn", "Drawn for evaluation"),
                    ("evaluated", "Evaluated by the Department of Justice"),
                    ("payment", "Payment recorded"),
                    ("correct", "Data corrected"),
                    ("reissue", "Paper re-issued"),
                ],
                max_length=24,
                verbose_name="event",
            ),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="paper",
            field=models.CharField(blank=True, max_length=40, verbose_name="paper"),
        ),
    ]
