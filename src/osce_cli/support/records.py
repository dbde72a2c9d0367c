"""Plain records that change after they are made: ``repr`` and equality from a list of fields.

The rule for records: a record is a ``typing.NamedTuple`` (cheap to import,
to make and to pickle between processes). These classes are for the records
a NamedTuple cannot be: filled in after they are made (tree nodes, a report,
a worker's state), or made by an ``__init__`` of their own (defaults worked
out at call time, as in settings), or compared on some fields only
(diagnostics). Pydantic models are only for what validates user input or
gives a JSON Schema; ``dataclasses`` is not used (importing it costs the
start-up of every run). These classes write their ``__init__`` by hand and
take the rest from here.
"""

from __future__ import annotations

from typing import Any, ClassVar


class Record:
    """A mutable record: equal to a record of the same class with equal fields."""

    __slots__ = ()
    #: The fields, in order: what ``repr`` shows and equality compares.
    _fields: ClassVar[tuple[str, ...]] = ()

    def _field_values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Record)
        return self._field_values() == other._field_values()

    __hash__ = None  # type: ignore[assignment]  # mutable: like a dataclass with eq

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({shown})"


class FrozenRecord(Record):
    """A record whose fields are not changed after ``__init__``: it can be hashed.

    The fields are declared ``Final`` in ``__init__``, so mypy refuses an
    assignment; nothing checks it at run time.
    """

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]  # Record sets None
        return hash(self._field_values())
