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

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from allies.backup import BackupRefused
from allies.backup.tables import Table


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
