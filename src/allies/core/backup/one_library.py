"""One library moved to another Allies: which rows are its own, and the ids they get on arrival.

Which rows belong to a library is found from the foreign keys, so tables added later follow:
- a table with a foreign key to the library holds the library's rows where that key is the library;
- a table without one follows the keys that lead to such a table (a stage change follows its
  partnership; a history entry of an affiliation follows its person or its organization);
- a row of a table that belongs to nobody (a trainer's own material) comes along when a row of the
  library points to it; people (accounts) come along when they are members of the library or when
  a row of the library names them (who logged a contact, who changed a partnership).
Tables that are none of these (groups, permissions) are the site's, not a library's: not carried.

On arrival every row gets a new id: the target's next free id plus the old one, so that ids never
collide with the target's rows and every reference moves by the same amount as what it points to.
People are matched by e-mail address to the accounts the target already has; a new account never
brings administrator rights, and one that is not a member of the library comes without a password.
"""

from __future__ import annotations

from django.apps import apps as live_apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connections
from django.db.models import Q
from django.utils.translation import gettext as _

from allies.core.backup import BackupRefused
from allies.core.backup.archive import Archive
from allies.core.backup.load import (
    RestoreSummary,
    insert_rows,
    mapped_ids,
    row_converter,
    table_for,
)
from allies.core.backup.tables import Table, carried_tables


class LibraryScope:
    """The filter selecting one library's rows in each table it has rows in."""

    def __init__(self, apps, tables: list[Table], using: str, slug: str):
        self.apps = apps
        self.using = using
        self.library_model = apps.get_model("libraries", "Library")
        self.user_model = apps.get_model(settings.AUTH_USER_MODEL)
        library = self.library_model._base_manager.using(using).filter(slug=slug).first()
        if library is None:
            raise BackupRefused(
                _("There is no library with the short name %(slug)s.") % {"slug": slug}
            )
        self.library = library
        models = [table.model for table in tables]
        self.paths = self._paths_to_library(models)
        self.filters: dict[str, Q] = {
            model._meta.label_lower: self._filter(paths) for model, paths in self.paths.items()
        }
        self._add_referenced_rows(models)
        membership = apps.get_model("libraries", "Membership")
        self.member_ids = sorted(
            membership._base_manager.using(using)
            .filter(library=library)
            .values_list("user_id", flat=True)
        )

    def rows(self, table: Table):
        """This library's rows of a table, or None when the table has none of them."""
        query = self.filters.get(table.label)
        if query is None:
            return None
        return table.model._base_manager.using(self.using).filter(query)

    def _filter(self, paths: list[str]) -> Q:
        query = Q()
        for path in paths:
            query |= Q(**{path: self.library.pk})
        return query

    def _paths_to_library(self, models: list) -> dict:
        paths: dict = {self.library_model: ["pk"]}
        while True:
            layer = {}
            for model in models:
                if model in paths:
                    continue
                keys = [
                    field
                    for field in model._meta.concrete_fields
                    if field.is_relation and field.related_model is not model
                ]
                direct = [field.name for field in keys if field.related_model is self.library_model]
                through = [
                    f"{field.name}__{paths[field.related_model][0]}"
                    for field in keys
                    if field.related_model in paths
                    and field.related_model is not self.library_model
                ]
                if direct or through:
                    layer[model] = direct or through
            if not layer:
                return paths
            paths.update(layer)

    def _add_referenced_rows(self, models: list) -> None:
        """Rows of tables that belong to nobody, which the library's rows point to; people last,
        as those rows may name people too."""
        owned = list(self.paths)
        self.referenced = [
            model
            for model in models
            if model not in self.paths
            and model is not self.user_model
            and any(
                field.is_relation and field.related_model is model
                for source in owned
                for field in source._meta.concrete_fields
            )
        ]
        sources = list(owned)
        for model in [*self.referenced, self.user_model]:
            ids: set = set()
            for source in sources:
                ids |= self._referenced(source, self.filters[source._meta.label_lower], model)
            if model is self.user_model:
                membership = self.apps.get_model("libraries", "Membership")
                ids |= set(
                    membership._base_manager.using(self.using)
                    .filter(library=self.library)
                    .values_list("user_id", flat=True)
                )
            self.filters[model._meta.label_lower] = Q(pk__in=sorted(ids))
            sources.append(model)

    def site_wide(self, tables: list[Table]) -> set[str]:
        """The tables no library's rows are in (groups, permissions): not carried."""
        return {table.label for table in tables} - set(self.filters)

    def _referenced(self, source, query: Q, model) -> set:
        ids: set = set()
        for field in source._meta.concrete_fields:
            if field.is_relation and field.related_model is model:
                ids |= set(
                    source._base_manager.using(self.using)
                    .filter(query)
                    .exclude(**{f"{field.attname}__isnull": True})
                    .values_list(field.attname, flat=True)
                    .distinct()
                )
        return ids


def add_library(archive: Archive, using: str, progress) -> RestoreSummary:
    """One library's rows with new ids, its people matched by e-mail address."""
    connection = connections[using]
    info = archive.manifest["library"]
    library_model = live_apps.get_model("libraries", "Library")
    if library_model._base_manager.using(using).filter(slug=info["slug"]).exists():
        raise BackupRefused(
            _("A library with the short name %(slug)s is already here. Nothing was restored.")
            % {"slug": info["slug"]}
        )
    content_types, permissions = mapped_ids(archive, using, live_apps)
    tables = {table.label: table for table in carried_tables(live_apps)}
    ids = _NewIds(connection, tables, archive)
    user_label = settings.AUTH_USER_MODEL.lower()
    matched, added = _arrive_people(archive, tables[user_label], ids, set(info["members"]))
    ids.reserve_for([table_for(tables, entry) for entry in archive.tables])
    bar = progress(archive.total_rows, _("Restoring")) if progress else None
    rows = added
    for entry in archive.tables:
        if entry["label"] == user_label:
            continue
        table = table_for(tables, entry)
        convert = _renumbering_converter(table, connection, ids, content_types, permissions)
        rows += insert_rows(connection, table, map(convert, archive.rows(entry)), bar)
    if bar is not None:
        bar.close()
    new_library = library_model._base_manager.using(using).get(slug=info["slug"])
    return RestoreSummary(
        rows=rows,
        tables=len(archive.tables),
        library={"slug": new_library.slug, "name": new_library.name, "id": new_library.pk},
        people_matched=matched,
        people_added=added,
    )


class _NewIds:
    """New ids for one library's rows: the old id plus the target table's highest id so far."""

    def __init__(self, connection, tables: dict[str, Table], archive: Archive):
        self.connection = connection
        self.tables = tables
        self.archive = archive
        self.bases: dict[str, int] = {}
        self.people: dict[int, int] = {}
        self.user_label = settings.AUTH_USER_MODEL.lower()

    def __call__(self, label: str, old: int | None) -> int | None:
        if old is None:
            return None
        if label == self.user_label:
            return self.people.get(old)  # someone deleted since: their name is gone with them
        if label not in self.bases:
            raise RuntimeError(f"no new ids were reserved for {label}")
        return old + self.bases[label]

    def reserve_for(self, tables: list[Table]) -> None:
        """Fix the new ids of these tables and of every table they point to, before any row
        goes in (on PostgreSQL the rows go in by COPY, during which the connection takes no
        other query)."""
        labels = set()
        for table in tables:
            labels.add(table.label)
            labels |= {
                field.related_model._meta.label_lower for field in table.fields if field.is_relation
            }
            original = getattr(table.model, "instance_type", None)
            if original is not None:
                labels.add(original._meta.label_lower)
        labels -= {self.user_label, "contenttypes.contenttype", "auth.permission"}
        for label in sorted(labels - set(self.bases)):
            self.bases[label] = self._reserve(self.tables[label])

    def _reserve(self, table: Table) -> int:
        """The highest id the table has used; on PostgreSQL the sequence is moved past the
        block the arriving rows take, so that the site's own new rows never collide with them."""
        quote = self.connection.ops.quote_name
        entry = self.archive.table(table.label)
        span = (entry or {}).get("last_id") or 0
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({quote(table.pk.column)}) FROM {quote(table.db_table)}")  # noqa: S608 - names from the app registry
            highest = cursor.fetchone()[0] or 0
            if self.connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT pg_get_serial_sequence(%s, %s)", [table.db_table, table.pk.column]
                )
                sequence = cursor.fetchone()[0]
                if sequence:
                    cursor.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608 - a name PostgreSQL gave
                    highest = max(highest, cursor.fetchone()[0])
                    cursor.execute("SELECT setval(%s, %s)", [sequence, highest + span + 1])
            elif self.connection.vendor == "sqlite":
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table.db_table])
                found = cursor.fetchone()
                highest = max(highest, found[0] if found else 0)
        return highest


def _arrive_people(archive: Archive, table: Table, ids: _NewIds, members: set[int]):
    """Accounts matched by e-mail address; the others added without administrator rights, and
    without a password when they are not members of the library."""
    connection = ids.connection
    entry = archive.table(table.label)
    if entry is None:
        return 0, 0
    existing = {
        email.lower(): pk
        for pk, email in table.model._base_manager.using(connection.alias).values_list(
            "pk", "email"
        )
    }
    arriving = []
    for row in archive.rows(entry):
        values = dict(zip(entry["columns"], row, strict=True))
        email = values["email"].lower()
        if email in existing:
            ids.people[values["id"]] = existing[email]
            continue
        arriving.append(values)
    base = ids._reserve(table)
    for values in arriving:
        old = values["id"]
        values["id"] = ids.people[old] = old + base
        values["is_superuser"] = values["is_staff"] = False
        if old not in members:
            values["password"] = make_password(None)
    convert = row_converter(table, connection, {})
    rows = ([values[column] for column in table.columns] for values in arriving)
    insert_rows(connection, table, map(convert, rows), None)
    return len(ids.people) - len(arriving), len(arriving)


def _renumbering_converter(table: Table, connection, ids: _NewIds, content_types, permissions):
    label = table.label
    columns = table.columns
    shifts = []  # (index, label of the table the value is an id of)
    mapped = {}
    for index, field in enumerate(table.fields):
        if field.primary_key:
            shifts.append((index, label))
        elif field.is_relation:
            target = field.related_model._meta.label_lower
            if target == "contenttypes.contenttype":
                mapped[index] = content_types
            elif target == "auth.permission":
                mapped[index] = permissions
            else:
                shifts.append((index, target))
    original = getattr(table.model, "instance_type", None)
    if original is not None and original._meta.pk.attname in columns:
        # A history entry keeps the id of the record it is a version of.
        shifts.append((columns.index(original._meta.pk.attname), original._meta.label_lower))
    in_text = getattr(table.model, "renumber_ids_in_text", None)
    decode = row_converter(table, connection, mapped)

    def convert(row: list) -> list:
        for index, target in shifts:
            row[index] = ids(target, row[index])
        if in_text is not None:
            values = in_text(dict(zip(columns, row, strict=True)), ids)
            row = [values[column] for column in columns]
        return decode(row)

    return convert
