"""Records: a hot record's own ``__init__`` builds what ``Record.__init__`` builds."""

from __future__ import annotations

import inspect

import pytest

from optimizer.record import Record
from optimizer.syntax import buildkit, cst


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


# The records of the syntax tree and BuildKit's model with an __init__ of their own.
HOT = sorted(
    {
        c
        for c in _subclasses(Record)
        if c.__module__ in (cst.__name__, buildkit.__name__) and c.__init__ is not Record.__init__
    },
    key=lambda c: c.__qualname__,
)


def test_the_parse_records_have_their_own_init() -> None:
    names = {c.__name__ for c in HOT}
    assert {"Word", "Space", "Blank", "Comment", "Continuation", "Instruction", "Run"} <= names
    assert "Node" in names


@pytest.mark.parametrize("cls", HOT, ids=lambda c: c.__qualname__)
def test_an_own_init_takes_the_fields(cls: type[Record]) -> None:
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert tuple(p.name for p in params) == cls.__fields__
    assert all(p.kind is p.POSITIONAL_OR_KEYWORD for p in params)
    defaults = {p.name: p.default for p in params if p.default is not p.empty}
    assert defaults == cls.__defaults__


@pytest.mark.parametrize("cls", HOT, ids=lambda c: c.__qualname__)
def test_an_own_init_builds_what_record_builds(cls: type[Record]) -> None:
    values = [f"value {i}" for i in range(len(cls.__fields__))]
    required = len(cls.__fields__) - len(cls.__defaults__)
    for args in (values, values[:required]):
        ours = cls(*args)
        generic = cls.__new__(cls)
        Record.__init__(generic, *args)
        assert ours.__dict__ == generic.__dict__
        assert list(ours.__dict__) == list(generic.__dict__)  # in the fields' order
        assert ours == generic and repr(ours) == repr(generic)
        assert cls(**dict(zip(cls.__fields__, args, strict=False))).__dict__ == ours.__dict__
        assert ours.replace().__dict__ == ours.__dict__
    with pytest.raises(TypeError):
        cls(*values, "one too many")
    with pytest.raises(TypeError):
        cls(**{"no_such_field": 1})
