"""Column types shared by the entities."""

from __future__ import annotations

import enum

from sqlalchemy import Enum, String


def vocabulary(enum_cls: type[enum.Enum]) -> Enum:
    """Store an enum as its value text (not its Python name), checked on write."""
    return Enum(
        enum_cls,
        values_callable=lambda members: [m.value for m in members],
        native_enum=False,
        create_constraint=True,
        length=24,
        validate_strings=True,
        name=enum_cls.__name__.lower(),
    )


# Emails compare without regard to case in SQL: Ann@X.org finds ann@x.org.
EmailText = String(254, collation="NOCASE")
