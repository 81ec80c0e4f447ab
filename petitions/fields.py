from django.db import models


def normalise_email(value):
    """One signature per email: compared case-insensitively after trimming."""
    if value is None:
        return None
    return str(value).strip().lower()


class NormalisedEmailField(models.EmailField):
    """An email column that always stores (and looks up) the trimmed, lower-cased address.

    Normalising in the field means forms, the ORM, bulk imports and lookups all agree, and the
    database's unique constraint holds on the normalised value.
    """

    def get_prep_value(self, value):
        return normalise_email(super().get_prep_value(value))

    def to_python(self, value):
        return normalise_email(super().to_python(value))
