"""`manage.py prune_jobs`: delete finished background jobs and their files once EXPORT_FILE_HOURS
have passed (the job worker does it too, every 10 minutes; this is for a timer or cron)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from core.jobs import prune


class Command(BaseCommand):
    help = "Delete finished background jobs and their files EXPORT_FILE_HOURS after they finished."

    def handle(self, *args, **options):
        deleted = prune()
        self.stdout.write(
            f"{deleted} finished jobs deleted with their files "
            f"(kept {settings.EXPORT_FILE_HOURS} h after they finished)."
        )
