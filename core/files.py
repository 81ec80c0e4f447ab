"""Where files holding signers' data are kept: PRIVATE_FILES_ROOT, a folder no URL leads to.

They are read only by the admin views that check, on every download, that the person may see
them (petitions/admin/jobs.py). The storage has no URL (asking for one is an error), follows the
setting as it is when used (tests point it at a scratch folder), and is given to the model as a
callable so that the folder never lands in a migration.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_FILES_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private files have no URL: they are served by the admin only")


_storage = PrivateStorage()


def private_storage():
    return _storage
