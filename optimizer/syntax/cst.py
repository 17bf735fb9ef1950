"""The lossless concrete syntax tree.

As in LibCST, nodes own their white space and are immutable: a transformation returns new
nodes, and every node that was not replaced prints exactly the text it was parsed from.
``Dockerfile.code`` is the concatenation of its nodes' ``code``.

What BuildKit makes of an instruction (keyword, flags, JSON or shell form, arguments,
heredocs) is available on each ``Instruction`` through ``model``; typed subclasses (``Run``,
``Copy``, ``Env``...) name the parts users and passes care about.
"""

from __future__ import annotations

from optimizer.record import Record
from optimizer.syntax import buildkit

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from typing import ClassVar


class _HashLine(Record):
    """A line that starts with `#`: its indent, its text, its line ending."""

    indent: str
    text: str
    newline: str

    def __init__(self, indent: str, text: str, newline: str) -> None:
        # Record's __init__, without its *args (a hot record: see record.py).
        values = self.__dict__
        values["indent"] = indent
        values["text"] = text
        values["newline"] = newline

    @property
    def code(self) -> str:
        return self.indent + self.text + self.newline


class Directive(_HashLine):
    """A parser directive line: ``# syntax=...``, ``# escape=...``, ``# check=...``."""


class Comment(_HashLine):
    """A comment line between instructions."""


class Blank(Record):
    """An empty (or white-space only) line."""

    indent: str
    newline: str

    def __init__(self, indent: str, newline: str) -> None:
        values = self.__dict__
        values["indent"] = indent
        values["newline"] = newline

    @property
    def code(self) -> str:
        return self.indent + self.newline


class Word(Record):
    """A run of non-blank text on an instruction line (the keyword is the first one)."""

    text: str

    def __init__(self, text: str) -> None:
        self.__dict__["text"] = text

    @property
    def code(self) -> str:
        return self.text


class Space(Record):
    """Blanks between words on an instruction line."""

    text: str

    def __init__(self, text: str) -> None:
        self.__dict__["text"] = text

    @property
    def code(self) -> str:
        return self.text


class Continuation(Record):
    """A line continuation: escape character, trailing blanks, line ending, and the comment or
    empty lines that stand before the instruction goes on (BuildKit skips them)."""

    marker: str
    lines: tuple[str, ...] = ()

    def __init__(self, marker: str, lines: tuple[str, ...] = ()) -> None:
        values = self.__dict__
        values["marker"] = marker
        values["lines"] = lines

    @property
    def code(self) -> str:
        return self.marker + "".join(self.lines)

    @property
    def comments(self) -> tuple[str, ...]:
        return tuple(line for line in self.lines if line.strip())


class HeredocBody(Record):
    """The body lines of one heredoc and its terminator line, verbatim."""

    lines: tuple[str, ...]
    terminator: str

    @property
    def code(self) -> str:
        return "".join(self.lines) + self.terminator

    @property
    def content(self) -> str:
        return "".join(self.lines)


Part = Word | Space | Continuation


class Instruction(Record):
    """One instruction, from its indent to the end of its last heredoc body."""

    indent: str
    parts: tuple[Part, ...]
    newline: str
    heredocs: tuple[HeredocBody, ...] = ()
    escape: str = "\\"
    # BuildKit's reading, computed by the scanner (or on first use for a built node).
    _model: buildkit.Node | None = None
    _markers: tuple[buildkit.HeredocMarker, ...] | None = None

    keywords: ClassVar[frozenset[str]] = frozenset()

    def __init__(
        self,
        indent: str,
        parts: tuple[Part, ...],
        newline: str,
        heredocs: tuple[HeredocBody, ...] = (),
        escape: str = "\\",
        _model: buildkit.Node | None = None,
        _markers: tuple[buildkit.HeredocMarker, ...] | None = None,
    ) -> None:
        values = self.__dict__
        values["indent"] = indent
        values["parts"] = parts
        values["newline"] = newline
        values["heredocs"] = heredocs
        values["escape"] = escape
        values["_model"] = _model
        values["_markers"] = _markers

    @property
    def code(self) -> str:
        # Kept on the instance (not a field, so replace() never copies it): the rules and the
        # fixer ask each instruction for its text many times per round.
        code: str | None = self.__dict__.get("_code_memo")
        if code is None:
            code = (
                self.indent
                + "".join(p.code for p in self.parts)
                + self.newline
                + "".join(h.code for h in self.heredocs)
            )
            object.__setattr__(self, "_code_memo", code)
        return code

    @property
    def line(self) -> str:
        """The logical line BuildKit reads: continuations joined, inner comments dropped."""
        line: str | None = self.__dict__.get("_line_memo")  # as code's: the layout and the
        if line is None:  # guard ask each instruction for it several times
            line = "".join([p.text for p in self.parts if not isinstance(p, Continuation)])
            object.__setattr__(self, "_line_memo", line)
        return line

    @property
    def model(self) -> buildkit.Node:
        if self._model is None:
            object.__setattr__(self, "_model", buildkit.new_node(self.line, self.escape))
        assert self._model is not None
        return self._model

    @property
    def markers(self) -> tuple[buildkit.HeredocMarker, ...]:
        if self._markers is None:
            found = (
                buildkit.heredoc_markers(self.line)
                if buildkit.can_contain_heredoc(self.model)
                else []
            )
            object.__setattr__(self, "_markers", tuple(found))
        assert self._markers is not None
        return self._markers

    @property
    def keyword(self) -> str:
        """The instruction keyword, upper case (ONBUILD for ONBUILD)."""
        keyword: str | None = self.__dict__.get("_keyword_memo")  # as code's
        if keyword is None:
            keyword = self.model.cmd.upper()
            object.__setattr__(self, "_keyword_memo", keyword)
        return keyword

    @property
    def flags(self) -> tuple[str, ...]:
        return self.model.flags

    @property
    def is_json(self) -> bool:
        return self.model.json

    @property
    def values(self) -> tuple[str, ...]:
        return self.model.plain_values

    @property
    def comments(self) -> tuple[str, ...]:
        """Comment lines inside the instruction's continuations."""
        return tuple(c for p in self.parts if isinstance(p, Continuation) for c in p.comments)

    def heredoc_models(self) -> tuple[buildkit.Heredoc, ...]:
        return tuple(
            buildkit.Heredoc(m.name, m.file_descriptor, body.content, m.chomp, m.expand)
            for m, body in zip(self.markers, self.heredocs, strict=False)
        )

    def flag(self, name: str) -> str | None:
        """Value of ``--name=value`` (last one wins), ``""`` for a bare ``--name``, else None."""
        found = None
        for f in self.flags:
            key, sep, value = f[2:].partition("=")
            if key == name:
                found = value if sep else ""
        return found


class From(Instruction):
    keywords: ClassVar[frozenset[str]] = frozenset({"FROM"})

    @property
    def image(self) -> str:
        return self.values[0] if self.values else ""

    @property
    def stage_name(self) -> str | None:
        v = self.values
        if len(v) >= 3 and v[1].lower() == "as":
            return v[2].lower()
        return None


class Run(Instruction):
    keywords: ClassVar[frozenset[str]] = frozenset({"RUN"})

    @property
    def shell(self) -> str | None:
        """The command ``/bin/sh -c`` gets, for shell form; None for exec form."""
        if self.is_json:
            return None
        return self.values[0] if self.values else ""


class Copy(Instruction):
    keywords: ClassVar[frozenset[str]] = frozenset({"COPY", "ADD"})

    @property
    def sources(self) -> tuple[str, ...]:
        return self.values[:-1]

    @property
    def dest(self) -> str | None:
        return self.values[-1] if self.values else None


class Env(Instruction):
    keywords: ClassVar[frozenset[str]] = frozenset({"ENV", "LABEL"})

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        v = self.values
        return tuple((v[i], v[i + 1]) for i in range(0, len(v) - 1, 2))


class Arg(Instruction):
    keywords: ClassVar[frozenset[str]] = frozenset({"ARG"})

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(w.split("=", 1)[0] for w in self.values)


class Onbuild(Instruction):
    keywords: ClassVar[frozenset[str]] = frozenset({"ONBUILD"})


_BY_KEYWORD: dict[str, type[Instruction]] = {
    kw: cls for cls in (From, Run, Copy, Env, Arg, Onbuild) for kw in cls.keywords
}


def instruction_class(keyword: str) -> type[Instruction]:
    return _BY_KEYWORD.get(keyword.upper(), Instruction)


Item = Directive | Comment | Blank | Instruction


class Command(Record):
    """One instruction as BuildKit's parser reports it (the ``dockerfile`` package's model)."""

    cmd: str
    sub_cmd: str | None
    json: bool
    flags: tuple[str, ...]
    value: tuple[str, ...]
    start_line: int
    end_line: int
    heredocs: tuple[buildkit.Heredoc, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "cmd": self.cmd,
            "sub_cmd": self.sub_cmd,
            "json": self.json,
            "flags": list(self.flags),
            "value": list(self.value),
            "start_line": self.start_line,
            "end_line": self.end_line,
            "heredocs": [{"name": h.name, "content": h.content} for h in self.heredocs],
        }


class Dockerfile(Record):
    """A whole file: an optional BOM and its lines, as directives, comments, blanks and
    instructions."""

    items: tuple[Item, ...]
    bom: str = ""
    escape: str = "\\"
    _newline: str | None = None  # emit.newline_style's answer, computed once per tree

    @property
    def code(self) -> str:
        return self.bom + "".join(item.code for item in self.items)

    @property
    def instructions(self) -> tuple[Instruction, ...]:
        return tuple(i for i in self.items if isinstance(i, Instruction))

    def positions(self) -> list[tuple[Item, int, int]]:
        """Each item with its first and last line (1-based)."""
        # Kept beside the fields, as Instruction.code: checking a file asks several times.
        found: tuple[tuple[Item, int, int], ...] | None = self.__dict__.get("_positions_")
        if found is None:
            found = self.__dict__["_positions_"] = tuple(self._positions())
        return list(found)

    def _positions(self) -> list[tuple[Item, int, int]]:
        out = []
        line = 1
        for item in self.items:
            code = item.code
            breaks = code.count("\n")
            last = line + breaks - (1 if code.endswith("\n") else 0)
            out.append((item, line, max(line, last)))
            line += breaks
        return out

    def commands(self) -> list[Command]:
        """The instruction stream as BuildKit sees it, one ``Command`` per instruction."""
        out = []
        for item, start, _ in self.positions():
            if not isinstance(item, Instruction):
                continue
            node = item.model
            # Like BuildKit's line count: a heredoc terminator is the instruction's last line;
            # otherwise the last header line (inner comment lines count, trailing ones too).
            end = start + item.code.count("\n") - (1 if item.code.endswith("\n") else 0)
            sub_cmd = None
            heredocs = item.heredoc_models()
            if node.cmd.lower() == "onbuild" and node.child is not None:
                sub_cmd = node.child.cmd.upper()
                node = node.child
                heredocs = ()  # the dockerfile package reports none for ONBUILD
            out.append(
                Command(
                    cmd=item.model.cmd.upper(),
                    sub_cmd=sub_cmd,
                    json=node.json,
                    flags=item.model.flags,  # ONBUILD: the package reports the outer flags
                    value=node.plain_values,
                    start_line=start,
                    end_line=max(start, end),
                    heredocs=heredocs,
                )
            )
        return out

    def dump(self) -> str:
        """BuildKit's ``AST.Dump()`` plus a newline, as in its parser test ``result`` files."""
        return "".join("(" + i.model.dump() + ")\n" for i in self.instructions)
