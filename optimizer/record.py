"""Immutable records with value equality, without ``dataclasses``' start-up cost.

``@dataclass`` generates each class's methods with ``exec`` at import time: about 0.6 ms a
class, ~20 ms over the CST and analysis types, which ``dopt fmt`` on every editor save
would pay.  ``Record`` gives the same shape (typed fields, defaults, keyword or positional
construction, ``==``, ``hash``, ``repr``, ``replace``) with plain methods.

Fields are the annotated names of the class and its Record bases, in order.  A field whose
name starts with ``_`` is a cache: not compared, hashed or shown.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

if TYPE_CHECKING or sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # pragma: no cover - Python 3.10

    def dataclass_transform(**_: Any) -> Any:
        return lambda cls: cls


R = TypeVar("R", bound="Record")
_MISSING = object()


@dataclass_transform(frozen_default=True)
class Record:
    __fields__: ClassVar[tuple[str, ...]] = ()
    __defaults__: ClassVar[dict[str, Any]] = {}

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
        cls.__defaults__ = defaults

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self.__fields__
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__} takes at most {len(fields)} arguments")
        values = dict(zip(fields, args, strict=False))
        for key, value in kwargs.items():
            if key not in fields:
                raise TypeError(f"{type(self).__name__} has no field {key!r}")
            if key in values:
                raise TypeError(f"{type(self).__name__} got {key!r} twice")
            values[key] = value
        set_ = object.__setattr__
        for name in fields:
            value = values.get(name, self.__defaults__.get(name, _MISSING))
            if value is _MISSING:
                raise TypeError(f"{type(self).__name__} missing field {name!r}")
            set_(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use replace()")

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, n) for n in self.__fields__ if not n.startswith("_"))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((type(self), self._key()))

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{n}={getattr(self, n)!r}" for n in self.__fields__ if not n.startswith("_")
        )
        return f"{type(self).__name__}({shown})"

    def replace(self: R, **changes: Any) -> R:
        values = {n: getattr(self, n) for n in self.__fields__}
        values.update(changes)
        return type(self)(**values)
