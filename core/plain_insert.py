"""A model's row stored by one INSERT statement built once, for the rows written with every
signature: the signature itself and its email job.

Written by hand because `Model.save()` costs more Python than the whole rest of storing a signature
(bench/profile_sign.py: compiling the same INSERT again for each row, then the save machinery), and
signing is the request whose cost matters most. What goes in is still the model's own: its concrete
columns, the defaults set when the instance was made, and each field's `pre_save` and conversion
for the database. What it skips: `save()` overrides and the pre_save/post_save signals, so only
models with neither may use it (checked when it is built, and by tests/test_plain_insert.py).
"""

from django.db import connections, models, router
from django.db.models.signals import post_save, pre_save


class PlainInsert:
    """The INSERT of one row of `model`; `save(obj)` stores an unsaved instance and sets its pk."""

    def __init__(self, model):
        if model.save is not models.Model.save or model.save_base is not models.Model.save_base:
            raise ValueError(f"{model.__name__} overrides save(); use it")
        if pre_save.has_listeners(model) or post_save.has_listeners(model):
            raise ValueError(f"{model.__name__} has save signals; use save()")
        self.model = model
        self.fields = [field for field in model._meta.concrete_fields if not field.primary_key]
        self.columns = [field.column for field in self.fields]
        self.table = model._meta.db_table
        self.pk_column = model._meta.pk.column
        names, values = ", ".join(self.columns), ", ".join(["%s"] * len(self.columns))
        # The table and column names are the model's; the values are parameters.
        self._sql = (
            f"INSERT INTO {self.table} ({names}) VALUES ({values}) RETURNING {self.pk_column}"  # noqa: S608
        )

    def params(self, obj, connection):
        """The row's values as the database takes them (what the ORM's INSERT would send)."""
        fields = self.fields
        return [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]

    def sql(self):
        """INSERT INTO table (columns) VALUES (%s, ...) RETURNING pk; the model's names."""
        return self._sql

    def select_sql(self, source, replaced):
        """INSERT INTO table (columns) SELECT ... FROM `source`, where the columns in `replaced`
        ({column: SQL expression}) take the expression and the others a parameter: for a row
        written in the same statement as the one it refers to (a WITH query named `source`).
        Its parameters: `params()` without those columns' (see `select_params`)."""
        names = ", ".join(self.columns)
        values = ", ".join(replaced.get(column, "%s") for column in self.columns)
        return f"INSERT INTO {self.table} ({names}) SELECT {values} FROM {source}"  # noqa: S608

    def select_params(self, obj, connection, replaced):
        params = self.params(obj, connection)
        pairs = zip(self.columns, params, strict=True)
        return [value for column, value in pairs if column not in replaced]

    def save(self, obj):
        """Store `obj` (unsaved) and set its pk, as `obj.save(force_insert=True)` would."""
        alias = router.db_for_write(self.model, instance=obj)
        connection = connections[alias]
        if not connection.features.can_return_columns_from_insert:
            obj.save(force_insert=True, using=alias)
            return obj
        with connection.cursor() as cursor:
            cursor.execute(self.sql(), self.params(obj, connection))
            self.saved(obj, cursor.fetchone()[0], alias)
        return obj

    def saved(self, obj, pk, alias):
        """Mark `obj` as stored with this pk (after a statement that stored it)."""
        obj.pk = pk
        obj._state.adding, obj._state.db = False, alias
