"""DOP304: the deprecated MAINTAINER instruction."""

from __future__ import annotations

from collections.abc import Iterator

from optimizer.errors import ParseError
from optimizer.format.style import DEFAULT_STYLE, Style, newline_style
from optimizer.lint.rewrite import render
from optimizer.lint.rules.base import (
    UNSAFE,
    Applicability,
    Context,
    Edit,
    Finding,
    Fix,
    FixAvailability,
    Rule,
)
from optimizer.lint.rules.common import no_fix
from optimizer.syntax import buildkit, cst
from optimizer.syntax.instruction import parse_instruction
from optimizer.syntax.shell_lex import LexError, ShellLexer

KEY = "org.opencontainers.image.authors"
CONFIG_CHANGE = "unsafe: it changes the image config, the value moves from Author to the label"


def quoted(value: str, escape: str) -> str:
    """``value`` in double quotes for a LABEL: inside them BuildKit's lexer treats the escape
    character, `"` and `$` specially, so each gets the escape character in front."""
    out = []
    for ch in value:
        if ch in ('"', "$", escape):
            out.append(escape)
        out.append(ch)
    return '"' + "".join(out) + '"'


class _Expands(Exception):
    pass


class _NoExpansion(ShellLexer):
    """BuildKit's word lexer, failing where it would substitute a variable."""

    def _dollar(self) -> str:
        raise _Expands


def label_value(raw: str, escape: str) -> str | None:
    """What BuildKit makes of a LABEL value as written, or None if it would expand a
    variable (then the result depends on the build's ARG and ENV values)."""
    lexer = _NoExpansion(raw_quotes=False, escape=escape)
    lexer.src, lexer.pos = raw, 0
    try:
        lexer._process_stop_on("", False)
    except _Expands:
        return None
    except LexError:
        return None  # an unbalanced quote: BuildKit would fail, so no fix
    return buildkit.process_word(raw, escape)


def label_for(value: str, escape: str, nl: str, style: Style = DEFAULT_STYLE) -> str | None:
    """The LABEL instruction that gives ``value`` to KEY, laid out by the formatter, or None
    if dopt cannot show that BuildKit reads back exactly ``value``."""
    text = render(f"LABEL {KEY}={quoted(value, escape)}{nl}", escape, nl, style)
    # Read the instruction back as BuildKit would: the one LABEL pair, then quote removal.
    try:
        label = parse_instruction(text, escape)
    except ParseError:
        return None
    if not isinstance(label, cst.Env) or len(label.pairs) != 1:
        return None
    key, raw = label.pairs[0]
    if key != KEY or label_value(raw, escape) != value:
        return None
    return text


class Maintainer(Rule):
    code = "DOP304"
    name = "maintainer-deprecated"
    summary = "MAINTAINER is deprecated: use a LABEL (the fix changes the image's Author field)"
    why = (
        "MAINTAINER has been deprecated since Docker 1.13; the OCI image spec names the "
        "`org.opencontainers.image.authors` label for the same information, which tools read from "
        "labels."
    )
    bad = "FROM debian:bookworm\nMAINTAINER Jane Doe <jane@example.com>\n"
    good = (
        "FROM debian:bookworm\n"
        'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n'
    )
    fix_availability = FixAvailability.ALWAYS
    fix_applicability = Applicability.UNSAFE
    fix_kinds_declared = frozenset((UNSAFE,))  # every fix it gives is unsafe
    fix_safety = (
        "The fix changes the image config: MAINTAINER sets the image's Author field (`docker "
        "inspect -f {{.Author}}`), the LABEL leaves it empty and adds the label instead, so "
        "anything that reads Author loses the value; that is why the fix is unsafe. dopt writes "
        "the value in double quotes with every character BuildKit would interpret (quotes, `$`, "
        "the escape character) escaped, and checks that BuildKit's quote processing gives back "
        "exactly the MAINTAINER text: MAINTAINER takes its text literally, a LABEL expands "
        "variables. It does not rewrite a file where a LABEL already sets that key (earlier, later "
        "or in another stage): the author has chosen the label, and the two would compete for its "
        "value."
    )
    references = (
        "https://github.com/hadolint/hadolint/wiki/DL4000",
        "https://docs.docker.com/reference/dockerfile/#maintainer-deprecated",
        "https://github.com/opencontainers/image-spec/blob/main/annotations.md",
    )
    hadolint = ("DL4000",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        nl = newline_style(ctx.tree)
        for index, inst in ctx.instructions():
            if inst.keyword != "MAINTAINER":
                continue
            message = f"MAINTAINER is deprecated: use `LABEL {KEY}=...`"
            reason = self._blocked(ctx, index, inst)
            text = None
            if reason is None:
                text = label_for(inst.values[0], inst.escape, nl, ctx.style)
                if text is None:
                    reason = "dopt cannot quote its value so that a LABEL reads the same"
            if reason is not None or text is None:
                yield ctx.finding(self, index, no_fix(message, reason or ""))
                continue
            fix = Fix(
                UNSAFE,
                (Edit(index, index + 1, text),),
                f"replace with `LABEL {KEY}=...` (the image's Author field becomes empty)",
            )
            yield ctx.finding(self, index, f"{message} ({CONFIG_CHANGE})", fix)

    def _blocked(self, ctx: Context, index: int, inst: cst.Instruction) -> str | None:
        if inst.flags:
            return "it has flags, which BuildKit rejects"
        if len(inst.values) != 1 or not inst.values[0]:
            return "it has no value"
        # Any LABEL of the file, not only those before it in the image (see `why`).
        for i, item in ctx.instructions():
            if isinstance(item, cst.Env) and item.keyword == "LABEL":
                if any(_label_key(k, item.escape) == KEY for k, _ in item.pairs):
                    return f"the LABEL at line {ctx.lines[i]} already sets {KEY}"
        return None


def _label_key(raw: str, escape: str) -> str:
    return buildkit.process_word(raw, escape)


RULE = Maintainer()
