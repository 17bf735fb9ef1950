"""Suppression comments (pragmas), and which findings and fixes they switch off.

- ``# dopt: ignore=CODE[,CODE] [-- reason]`` on the comment lines right above an instruction;
  ``ignore=all`` switches off every rule there.  Codes may be hadolint's (``DL3059``).
- ``# dopt: ignore-file [-- reason]`` anywhere: dopt leaves the file alone (fmt, fix, check);
  ``# dopt: ignore-file=CODE[,CODE]`` switches those rules off for the whole file.
- hadolint's ``# hadolint ignore=DLxxxx`` (next instruction) and ``# hadolint global
  ignore=DLxxxx`` (whole file) switch off the dopt rules that answer to those codes.
- ``# dopt: off`` ... ``# dopt: on`` and ``# dopt: skip`` (the next instruction): fmt keeps
  those lines verbatim, check reports nothing in them, fix does not touch them.  The
  ``# fmt: off/on/skip`` spellings are for the formatter only, as in black and ruff.
- ``# dopt: keep`` between two RUNs keeps them apart (DOP101).

A ``# dopt:`` suppression that switches nothing off, names an unknown code or cannot be read
is reported as DOP001 (as ruff's RUF100); hadolint's own comments are hadolint's business
and never reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cached_property

from optimizer.record import Record, kept_on
from optimizer.regexes import rx
from optimizer.syntax import cst

UNUSED_CODE = "DOP001"
ALL = "ALL"

_RE_PRAGMA = rx(r"#[ \t]*(?P<tool>dopt|fmt|hadolint)\b[ \t]*(?P<colon>:?)[ \t]*(?P<body>.*)$")
_CODES = r"[A-Za-z0-9_]+(?:[ \t]*,[ \t]*[A-Za-z0-9_]+)*(?:[ \t]*,)?"  # a trailing comma is fine
_REASON = r"(?:[ \t]+--(?:[ \t].*)?|[ \t]*--)?[ \t]*$"
# Read only in pragmas, so compiled on first use (re's cache), not at import: ~0.8 ms of
# each `dopt fmt` start-up, most files having no pragma.
_RE_DOPT_IGNORE = rf"(?P<kind>ignore|ignore-file)[ \t]*=[ \t]*(?P<codes>{_CODES}){_REASON}"
_RE_DOPT_WORD = rf"(?P<kind>ignore-file|off|on|skip|keep){_REASON}"
_RE_FMT = r"(?P<kind>off|on|skip)[ \t]*$"
_RE_HADOLINT = rf"(?P<global>global[ \t]+)?ignore[ \t]*=[ \t]*(?P<codes>{_CODES}){_REASON}"
_RE_CODE = r"[A-Za-z0-9_]+"


class Pragma(Record):
    """One pragma comment, as written."""

    tool: str  # "dopt", "fmt" or "hadolint"
    kind: str  # "ignore", "ignore-file", "off", "on", "skip", "keep" or "bad" (unreadable)
    codes: tuple[str, ...] = ()  # upper case, in order
    spans: tuple[tuple[int, int], ...] = ()  # where each code is in the comment's text


def parse_pragma(text: str) -> Pragma | None:
    """The pragma in a comment's text (``# ...``), or None if it is an ordinary comment."""
    m = _RE_PRAGMA.match(text.strip())
    if m is None:
        return None
    tool, body = m.group("tool"), m.group("body").rstrip()
    offset = len(text) - len(text.lstrip()) + m.start("body")
    if tool == "fmt":
        w = re.match(_RE_FMT, body) if m.group("colon") else None
        return Pragma("fmt", w.group("kind")) if w else None
    if tool == "hadolint":
        h = re.match(_RE_HADOLINT, body)
        if h is None:
            return None  # hadolint's other comments (shell=...) are not ours
        codes, spans = _codes(h.group("codes"), offset + h.start("codes"))
        return Pragma("hadolint", "ignore-file" if h.group("global") else "ignore", codes, spans)
    if not m.group("colon"):
        return None  # "# dopt is great": prose, not a pragma
    i = re.match(_RE_DOPT_IGNORE, body)
    if i is not None:
        codes, spans = _codes(i.group("codes"), offset + i.start("codes"))
        return Pragma("dopt", i.group("kind"), codes, spans)
    w = re.match(_RE_DOPT_WORD, body)
    return Pragma("dopt", w.group("kind")) if w else Pragma("dopt", "bad")


def comment_pragma(comment: cst.Comment) -> Pragma | None:
    """``parse_pragma`` of a comment line, kept on it (immutable; the answer reads its text
    alone): each fix round reads the pragmas of the same comments again."""
    return kept_on(comment, "_pragma_memo", _parse_comment)


def _parse_comment(comment: cst.Comment) -> Pragma | None:
    return parse_pragma(comment.text)


def _codes(text: str, offset: int) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    found = list(re.finditer(_RE_CODE, text))
    codes = tuple(c.group().upper() for c in found)
    spans = tuple((offset + c.start(), offset + c.end()) for c in found)
    return codes, spans


def region_pragma(text: str, formatter: bool = True) -> str | None:
    """ "off", "on" or "skip" if the comment starts, ends or sets a verbatim region.

    ``formatter``: for fmt, which also honours the ``# fmt:`` spellings."""
    p = parse_pragma(text)
    if p is None or p.kind not in ("off", "on", "skip"):
        return None
    return p.kind if p.tool == "dopt" or (formatter and p.tool == "fmt") else None


def ignores_file(tree: cst.Dockerfile) -> bool:
    """``# dopt: ignore-file``: no command changes or reports anything in this file."""
    for item in tree.items:
        if isinstance(item, cst.Comment):
            p = comment_pragma(item)
            if p is not None and p.tool == "dopt" and p.kind == "ignore-file" and not p.codes:
                return True
    return False


def is_keep(comment: cst.Comment) -> bool:
    p = comment_pragma(comment)
    return p is not None and p.tool == "dopt" and p.kind == "keep"


class Unused(Record):
    """A ``# dopt:`` pragma comment that DOP001 reports."""

    item: int  # index of the comment in tree.items
    unused: tuple[str, ...]  # codes that switched nothing off
    unknown: tuple[str, ...]  # codes that name no rule
    new_text: str | None  # the comment's text without those codes ("" : drop the line);
    # None: the comment cannot be read, so there is nothing safe to remove


class Suppressions:
    """The pragmas of one file: what they switch off, and which of them were needed.

    ``lint`` asks ``suppresses`` about every finding (that records which codes were used),
    ``protected`` about every item a fix would edit, then ``unused`` for DOP001.
    """

    def __init__(
        self,
        tree: cst.Dockerfile,
        hadolint_map: Callable[[], dict[str, set[str]]],
        known: Callable[[], Iterable[str]],
    ) -> None:
        """``hadolint_map``: hadolint code -> the dopt codes it suppresses; ``known``: the
        dopt codes.  Both are asked for only when a pragma is read (``dopt fix`` makes a
        Suppressions each round, of files that mostly have none)."""
        self.items = tree.items
        self._hadolint_map = hadolint_map
        self._known_codes = known
        self.ignore_file = False
        self.pragmas: dict[int, Pragma] = {}  # comment index -> its ignore/ignore-file pragma
        self.bad: list[int] = []  # `# dopt:` comments that cannot be read
        self.protected: set[int] = set()  # items under `# dopt: off` / `# dopt: skip`
        self._used: set[tuple[int, str]] = set()
        off_from: int | None = None
        skip_from: int | None = None
        for index, item in enumerate(self.items):
            if off_from is not None:
                self.protected.add(index)
            if skip_from is not None:
                self.protected.add(index)
                if isinstance(item, cst.Instruction):
                    skip_from = None
            if not isinstance(item, cst.Comment):
                continue
            p = comment_pragma(item)
            if p is None or p.tool == "fmt":
                continue
            if p.kind == "bad":
                self.bad.append(index)
            elif p.kind == "ignore-file" and not p.codes:
                self.ignore_file = True
            elif p.kind in ("ignore", "ignore-file"):
                self.pragmas[index] = p
            elif p.kind == "off" and off_from is None:
                off_from = index
                self.protected.add(index)
            elif p.kind == "on" and off_from is not None:
                off_from = None
            elif p.kind == "skip" and off_from is None:
                skip_from = index
                self.protected.add(index)
        self._file_level = [k for k, p in self.pragmas.items() if p.kind == "ignore-file"]

    @cached_property
    def hadolint_map(self) -> dict[str, set[str]]:
        return self._hadolint_map()

    @cached_property
    def known(self) -> set[str]:
        return set(self._known_codes())

    def _matches(self, pragma: Pragma, written: str, code: str) -> bool:
        if pragma.tool == "dopt" and written in (ALL, code):
            return True
        return code in self.hadolint_map.get(written, ())

    def comments_above(self, index: int) -> list[int]:
        """The comment lines directly above an item (no blank line between)."""
        out = []
        k = index - 1
        while k >= 0 and isinstance(self.items[k], cst.Comment):
            out.append(k)
            k -= 1
        return out[::-1]

    def suppresses(self, code: str, index: int, record: bool = True) -> bool:
        """Is ``code`` switched off at item ``index``?  Records the pragmas that say so."""
        hit = False
        for k in dict.fromkeys((*self._file_level, *self.comments_above(index))):
            p = self.pragmas.get(k)
            if p is None:
                continue
            for written in p.codes:
                if self._matches(p, written, code):
                    if record:
                        self._used.add((k, written))
                    hit = True
        return hit

    def wanted_codes(self) -> set[str] | None:
        """The rules to run to tell which ``# dopt:`` codes are used (None: all of them)."""
        out: set[str] = set()
        for p in self.pragmas.values():
            if p.tool != "dopt":
                continue
            for written in p.codes:
                if written == ALL:
                    return None
                out |= self.hadolint_map.get(written, set()) | {written}
        return out

    def unused(self) -> list[Unused]:
        """``# dopt:`` pragmas with codes that switched nothing off or name no rule."""
        out = []
        for k, p in sorted(self.pragmas.items()):
            if p.tool != "dopt" or k in self.protected:
                continue
            if self._waived(k, p):
                continue
            unknown = tuple(c for c in p.codes if not self._known(c))
            unused = tuple(
                c
                for c in p.codes
                if self._known(c) and c != UNUSED_CODE and (k, c) not in self._used
            )
            if unknown or unused:
                out.append(Unused(k, unused, unknown, self._without(k, p, {*unknown, *unused})))
        for k in self.bad:
            if k not in self.protected:
                out.append(Unused(k, (), (), None))
        return sorted(out, key=lambda u: u.item)

    def _waived(self, k: int, p: Pragma) -> bool:
        """``ignore=DOP001`` in the same pragma (or the same comment block) keeps it quiet."""
        if UNUSED_CODE in p.codes:
            return True
        if p.kind == "ignore-file":
            return False
        block = [k]
        j = k + 1
        while j < len(self.items) and isinstance(self.items[j], cst.Comment):
            block.append(j)
            j += 1
        j = k - 1
        while j >= 0 and isinstance(self.items[j], cst.Comment):
            block.append(j)
            j -= 1
        return any(
            UNUSED_CODE in q.codes
            for q in (self.pragmas.get(i) for i in block)
            if q is not None and q.tool == "dopt" and q.kind == "ignore"
        )

    def _known(self, code: str) -> bool:
        return code == ALL or code in self.known or code in self.hadolint_map

    def _without(self, k: int, p: Pragma, drop: set[str]) -> str:
        """The comment's text with the codes in ``drop`` removed; "" if none is left."""
        item = self.items[k]
        assert isinstance(item, cst.Comment)
        kept = [
            (code, span) for code, span in zip(p.codes, p.spans, strict=True) if code not in drop
        ]
        if not kept:
            return ""
        text = item.text
        start, end = p.spans[0][0], p.spans[-1][1]
        sep = text[p.spans[0][1] : p.spans[1][0]] if len(p.spans) > 1 else ","
        codes = sep.join(text[a:b] for _, (a, b) in kept)
        return text[:start] + codes + text[end:]
