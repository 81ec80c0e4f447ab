"""Where files holding signers' data are kept: PRIVATE_FILES_ROOT, a folder no URL leads to.

They are read only by the admin views that check, on every download, that the person may see
them (petitions/admin/jobs.py). The storage is a callable so that the folder stays a setting
(tests use a scratch one) and never lands in a migration.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage():
    return FileSystemStorage(location=settings.PRIVATE_FILES_ROOT, base_url=None)
