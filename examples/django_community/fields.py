"""A Django model field that stores a neighborly model as JSON through neighborly's
converter, so what comes back from the database is the same frozen, checked value
that went in (``structure(unstructure(x)) == x``).

Personal data (residents' names, phones, ID numbers) is written only when the field
says why: ``CommunityField(purpose="...")``.  Without a purpose it is left out, as
neighborly's exports leave it out by default, and the stored community comes back
without it.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from neighborly import Community, InvalidInput, structure, unstructure


class CommunityField(models.JSONField):
    """A :class:`neighborly.Community` kept in a JSON column."""

    description = "A neighborly community, stored as JSON"

    def __init__(self, *args: Any, purpose: str | None = None, **kwargs: Any) -> None:
        self.purpose = purpose
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        if self.purpose is not None:
            kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def _data(self, value: Community) -> Any:
        if self.purpose is None:
            return unstructure(value)
        return unstructure(value, personal_data=True, purpose=self.purpose)

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, Community):
            value = self._data(value)
        return super().get_prep_value(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        data = super().from_db_value(value, expression, connection)
        if data is None:
            return None
        return structure(data if not isinstance(data, str) else json.loads(data), Community)

    def to_python(self, value: Any) -> Community | None:
        """For forms and ``full_clean``: a community, or a ValidationError listing
        every problem with its path."""
        if value is None or isinstance(value, Community):
            return value
        try:
            return structure(json.loads(value) if isinstance(value, str) else value, Community)
        except InvalidInput as err:
            raise ValidationError([p.explain("en") for p in err.problems]) from err

    def validate(self, value: Any, model_instance: Any) -> None:
        # The community checked itself when it was built; JSONField's own check
        # would encode it with json, which does not know neighborly's models.
        if not isinstance(value, Community):
            super().validate(value, model_instance)
