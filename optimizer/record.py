"""Immutable records with value equality, without ``dataclasses``' start-up cost.

``@dataclass`` generates each class's methods with ``exec`` at import time: about 0.6 ms a
class, ~20 ms over the CST and analysis types, which ``dopt fmt`` on every editor save
would pay.  ``Record`` gives the same shape (typed fields, defaults, keyword or positional
construction, ``==``, ``hash``, ``repr``, ``replace``) with plain methods.

Fields are the annotated names of the class and its Record bases, in order.  A field whose
name starts with ``_`` is a cache: not compared, hashed or shown.

A record made by the hundred in each parse (``cst.Word``, ``cst.Space``, ``cst.Instruction``,
``buildkit.Node``...) has its own ``__init__``, which takes its fields (same names, order
and defaults) and stores them in ``__dict__`` as the one here does: a third of the cost,
without the ``*args``, ``**kwargs`` and ``zip``.  tests/test_record.py holds each to that.
"""

from __future__ import annotations

# Not `from typing import ...`: importing typing costs ~3 ms of each start-up, and at run
# time this module needs none of it (mypy reads the names below as if imported).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar, TypeVar, dataclass_transform

    R = TypeVar("R", bound="Record")
    T = TypeVar("T")
else:

    def dataclass_transform(**_: object) -> object:
        return lambda cls: cls


_MISSING = object()


@dataclass_transform(frozen_default=True)
class Record:
    __fields__: ClassVar[tuple[str, ...]] = ()
    __defaults__: ClassVar[dict[str, Any]] = {}
    __fieldset__: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields = list(getattr(cls, "__fields__", ()))
        defaults = dict(getattr(cls, "__defaults__", {}))
        # Not inspect.get_annotations: importing inspect costs more than this module saves.
        annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
        for name, annotation in annotations.items():
            if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
                continue
            if name not in fields:
                fields.append(name)
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
        cls.__fields__ = tuple(fields)
        cls.__fieldset__ = frozenset(fields)
        cls.__defaults__ = defaults

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self.__fields__
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__} takes at most {len(fields)} arguments")
        if not kwargs:
            # The common call (every field positional, or the last ones defaulted): ~1,400
            # records per formatted file, so this path is kept short.
            values = self.__dict__
            values.update(zip(fields, args, strict=False))
            if len(args) < len(fields):
                defaults = self.__defaults__
                for name in fields[len(args) :]:
                    value = defaults.get(name, _MISSING)
                    if value is _MISSING:
                        values.clear()  # leave no half-built record behind
                        raise TypeError(f"{type(self).__name__} missing field {name!r}")
                    values[name] = value
            return
        # Keywords (a table's records, replace()): a set to check the names against, and the
        # fields stored in order straight into __dict__, as the positional path does.
        values = dict(zip(fields, args, strict=False))
        names = self.__fieldset__
        for key, value in kwargs.items():
            if key not in names:
                raise TypeError(f"{type(self).__name__} has no field {key!r}")
            if key in values:
                raise TypeError(f"{type(self).__name__} got {key!r} twice")
            values[key] = value
        defaults = self.__defaults__
        stored = self.__dict__
        for name in fields:
            value = values.get(name, _MISSING)
            if value is _MISSING:
                value = defaults.get(name, _MISSING)
                if value is _MISSING:
                    stored.clear()  # leave no half-built record behind
                    raise TypeError(f"{type(self).__name__} missing field {name!r}")
            stored[name] = value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use replace()")

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, n) for n in self.__fields__ if not n.startswith("_"))

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        # Kept once computed (a record never changes): a shell analysis used as a key is
        # hashed by the rules again each fix round, and hashing walks every record in it.
        found: int | None = self.__dict__.get("_hash_memo")
        if found is None:
            found = hash((type(self), self._key()))
            self.__dict__["_hash_memo"] = found
        return found

    def __getstate__(self) -> dict[str, Any]:
        # Not the kept hash: a string's hash differs in another process (pickle, copy).
        state = dict(self.__dict__)
        state.pop("_hash_memo", None)
        return state

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{n}={getattr(self, n)!r}" for n in self.__fields__ if not n.startswith("_")
        )
        return f"{type(self).__name__}({shown})"

    def replace(self: R, **changes: Any) -> R:
        values = {n: getattr(self, n) for n in self.__fields__}
        values.update(changes)
        return type(self)(**values)


_NOT_KEPT = object()


def kept_on(record: R, name: str, make: Callable[[R], T]) -> T:
    """``make(record)``, kept on the record under ``name``: for an answer that reads the
    record alone (it never changes), which ``dopt fix`` asks again each round of what the
    round left alone (the same objects)."""
    found = record.__dict__.get(name, _NOT_KEPT)
    if found is _NOT_KEPT:
        found = make(record)
        record.__dict__[name] = found
    return found
