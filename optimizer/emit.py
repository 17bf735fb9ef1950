"""The emitter: prints a CST in dopt's one canonical style.

Every change it makes is one BuildKit cannot see (keyword case, white space between words
outside quotes, line layout, blank lines, JSON spacing) or one whose equivalence it can show
(``ENV k v`` -> ``ENV k=v`` for plain values, sorted literal package lists).  Where it cannot
show that, it keeps the instruction's text and only trims what BuildKit ignores.  ``guard``
re-parses the output and compares, so a mistake here is refused, not written.
"""

from __future__ import annotations

import json
import re
from itertools import pairwise

from optimizer import buildkit, cst
from optimizer.gotext import GO_SPACE, trim_space
from optimizer.record import Record

# `# dopt: off` / `# dopt: on` / `# dopt: skip` (also accepted as `# fmt: off` etc.).
_RE_PRAGMA = re.compile(r"#\s*(?:dopt|fmt)\s*:\s*(off|on|skip)\s*$")
_RE_DIRECTIVE_LIKE = re.compile(r"#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=")
_KNOWN_DIRECTIVES = {"syntax", "escape", "check"}


class Style(Record):
    """Settings a user can change (``[tool.dopt]``, ``.dopt.toml`` or CLI flags)."""

    indent: int = 4
    operator_first: bool = False  # `&& cmd` at the start of lines instead of `cmd && \`
    sort_packages: bool = True
    line_width: int = 0  # wrap a one-line RUN chain longer than this (0: never)


DEFAULT_STYLE = Style()


def newline_style(tree: cst.Dockerfile) -> str:
    """The file's line ending: that of its first line."""
    code = tree.code
    i = code.find("\n")
    return "\r\n" if i > 0 and code[i - 1] == "\r" else "\n"


def format_tree(tree: cst.Dockerfile, style: Style | None = None) -> str:
    style = style or DEFAULT_STYLE
    nl = newline_style(tree)
    out: list[str] = [tree.bom]
    items = tree.items
    started = False  # has a non-blank line been written
    pending_blank = False
    off = False
    skip_next = False
    first_content = next((i for i in items if not isinstance(i, cst.Blank)), None)
    # A leading blank line ends BuildKit's directive scan; dropping it could turn a comment
    # below into a directive, so keep one in that case.
    keep_leading_blank = isinstance(first_content, cst.Comment) and _looks_like_directive(
        first_content.text
    )
    for item in items:
        if off:
            out.append(_ensure_newline(item.code, nl))
            if isinstance(item, cst.Comment) and _pragma(item.text) == "on":
                off = False
            started = True
            continue
        if isinstance(item, cst.Blank):
            if started or keep_leading_blank:
                pending_blank = True
            continue
        if pending_blank:
            out.append(item_newline(item, nl))
            pending_blank = False
        started = True
        if isinstance(item, cst.Directive):
            out.append(_ensure_newline(item.code, nl))
        elif isinstance(item, cst.Comment):
            out.append(item.text.rstrip() + (item.newline or nl))
            pragma = _pragma(item.text)
            if pragma == "off":
                off = True
            elif pragma == "skip":
                skip_next = True
        elif skip_next:
            out.append(_ensure_newline(item.code, nl))
            skip_next = False
        else:
            out.append(format_instruction(item, style, nl))
    return "".join(out)


def item_newline(item: cst.Item, nl: str) -> str:
    return item.newline or nl


def _looks_like_directive(text: str) -> bool:
    m = _RE_DIRECTIVE_LIKE.match(text)
    return m is not None and m.group(1).lower() in _KNOWN_DIRECTIVES


def _pragma(text: str) -> str | None:
    m = _RE_PRAGMA.match(text.strip())
    return m.group(1) if m else None


def _ensure_newline(code: str, nl: str) -> str:
    return code if code.endswith("\n") else code + nl


# --- one instruction ---------------------------------------------------------------------


def format_instruction(inst: cst.Instruction, style: Style, nl: str) -> str:
    eol = inst.newline or nl
    heredocs = "".join(h.code for h in inst.heredocs)
    if heredocs:
        heredocs = _ensure_newline(heredocs, nl)
    breaks = [p for p in inst.parts if isinstance(p, cst.Continuation)]
    if not breaks:
        header = format_line(inst.line, inst.escape)
        if header is not None:
            header = _wrap_long_chain(header, inst, style, nl)
            return header + eol + heredocs
        return _preserve(inst, nl) + heredocs
    if not inst.heredocs:
        laid_out = _relayout(inst, style, nl)
        if laid_out is not None:
            return laid_out + eol
    return _preserve(inst, nl) + heredocs


def format_line(line: str, escape: str) -> str | None:
    """One logical line in canonical form, or None to keep it as written."""
    raw = buildkit.split_raw(line)
    keyword = raw.keyword
    kind = keyword.lower()
    if kind not in _KNOWN:
        return None
    rest = trim_space(raw.rest)
    head = " ".join((keyword.upper(), *raw.flags))
    if rest.startswith("--"):
        # Without the `--` BuildKit would read these words as more flags.
        head += " --"
    if kind == "onbuild":
        inner = format_line(rest, escape) if rest else None
        body = inner if inner is not None else rest
    elif kind == "from":
        values = buildkit.ws_split(rest) if rest else []
        if len(values) == 3 and values[1].lower() == "as":
            values[1] = "AS"
        body = " ".join(values)
    elif kind in ("env", "label"):
        body = _format_pairs(rest, kind, escape, " ")
        if body is None:
            return None
    elif kind == "arg":
        body = " ".join(buildkit.parse_words(rest, escape))
    elif kind == "healthcheck":
        body = _format_health(rest)
    elif kind in _WS_DELIMITED and not _is_json(rest):
        # BuildKit splits these on runs of white space: one space reads the same.
        body = " ".join(buildkit.ws_split(rest)) if rest else ""
    elif kind in _JSON_CAPABLE:
        body = _format_json(rest)
    else:
        body = rest
    return head + (" " + body if body else "")


_JSON_CAPABLE = {"cmd", "entrypoint", "run", "shell", "add", "copy", "volume"}
_WS_DELIMITED = {"expose", "volume", "copy", "add"}
_KNOWN = _JSON_CAPABLE | {
    "arg",
    "env",
    "expose",
    "from",
    "healthcheck",
    "label",
    "maintainer",
    "onbuild",
    "stopsignal",
    "user",
    "workdir",
}


def _is_json(rest: str) -> bool:
    """Does BuildKit read ``rest`` as a JSON array of strings?"""
    try:
        buildkit.parse_json(rest)
    except Exception:
        return False
    return True


def _format_json(rest: str) -> str:
    """A JSON array of strings as ``["a", "b"]``; anything else as written.

    Each string keeps its exact spelling (re-encoding would turn ``\\u00a0`` into an invisible
    raw character); only the white space between the tokens changes.
    """
    if not rest.startswith("[") or not _is_json(rest):
        return rest
    tokens = _json_string_tokens(rest)
    if tokens is None:
        return rest  # text after the array (BuildKit ignores it) or odd JSON: keep it
    return "[" + ", ".join(tokens) + "]"


_JSON_SPACE = " \t\n\r"


def _json_string_tokens(text: str) -> list[str] | None:
    """The raw string tokens of ``text`` if it is exactly one JSON array of strings."""
    n = len(text)

    def skip(i: int) -> int:
        while i < n and text[i] in _JSON_SPACE:
            i += 1
        return i

    tokens: list[str] = []
    i = skip(1)
    if i < n and text[i] == "]":
        return tokens if i == n - 1 else None
    while True:
        if i >= n or text[i] != '"':
            return None
        j = i + 1
        while j < n and text[j] != '"':
            j += 2 if text[j] == "\\" else 1
        if j >= n:
            return None
        tokens.append(text[i : j + 1])
        i = skip(j + 1)
        if i >= n:
            return None
        if text[i] == "]":
            return tokens if i == n - 1 else None
        if text[i] != ",":
            return None
        i = skip(i + 1)


def _format_health(rest: str) -> str:
    # BuildKit's instruction parser upper-cases the type, so its case is free.
    parts = buildkit.ws_split(rest, 2)
    if len(parts) == 2 and parts[0].upper() == "CMD":
        return "CMD " + _format_json(parts[1])
    if len(parts) == 1 and parts[0].upper() == "NONE":
        return "NONE"
    return rest


def _format_pairs(rest: str, kind: str, escape: str, sep: str) -> str | None:
    words = buildkit.parse_words(rest, escape)
    if not words:
        return rest
    if "=" in words[0]:
        return sep.join(words)
    # Legacy `ENV key value`: rewrite as key="value" only for plain text, where the quoting is
    # provably read back as the same value.
    parts = buildkit.ws_split(rest, 2)
    if len(parts) < 2:
        return None
    key, value = parts
    if any(c in key + value for c in ("'", '"', escape, "\\", "`")) or "=" in key:
        return None
    if any(c in GO_SPACE for c in value):
        value = '"' + value + '"'
    return f"{key}={value}"


# --- multi-line instructions ----------------------------------------------------------------


def _break_offsets(inst: cst.Instruction) -> list[tuple[int, cst.Continuation]]:
    out = []
    offset = 0
    for part in inst.parts:
        if isinstance(part, cst.Continuation):
            out.append((offset, part))
        else:
            offset += len(part.text)
    return out


def _comment_lines(cont: cst.Continuation, indent: str, nl: str) -> list[str]:
    return [indent + c.strip() + nl for c in cont.comments]


def _relayout(inst: cst.Instruction, style: Style, nl: str) -> str | None:
    kind = inst.keyword.lower()
    if kind == "run" and not inst.is_json:
        return _relayout_shell(inst, style, nl)
    if kind in ("env", "label") and not inst.comments:
        return _relayout_pairs(inst, style, nl)
    if not inst.comments:
        # Other instructions read their arguments as words or JSON: join the lines.
        line = format_line(inst.line, inst.escape)
        if line is not None and _joinable(inst):
            return line
    return None


def _joinable(inst: cst.Instruction) -> bool:
    kind = inst.keyword.lower()
    if kind in ("from", "arg", "expose", "volume", "copy", "add") or inst.is_json:
        return True
    return False


def _relayout_pairs(inst: cst.Instruction, style: Style, nl: str) -> str | None:
    raw = buildkit.split_raw(inst.line)
    rest = trim_space(raw.rest)
    words = buildkit.parse_words(rest, inst.escape)
    if not words or "=" not in words[0] or raw.flags:
        line = format_line(inst.line, inst.escape)
        return line
    pad = " " * style.indent
    joiner = " " + inst.escape + nl + pad
    return raw.keyword.upper() + " " + joiner.join(words)


def _relayout_shell(inst: cst.Instruction, style: Style, nl: str) -> str | None:
    """A multi-line shell RUN as one command of its top-level chain per line.

    The chain comes from the shell parser; the author's line breaks inside a command are kept
    (re-indented) where they fall on white space outside quotes, and comment lines inside the
    continuations stay in front of the line they stood before.
    """
    from optimizer.analysis.shell import analyze

    raw = buildkit.split_raw(inst.line)
    rest = raw.rest
    script = trim_space(rest)
    script_at = raw.rest_offset + len(rest) - len(rest.lstrip("".join(GO_SPACE)))
    if not script:
        return None
    chain = analyze(script).chain
    if chain is None:
        return None
    spans: list[tuple[int, int]] = []
    pos = 0
    for text, _ in chain:
        start = script.find(text, pos)
        if start < 0:
            return None
        spans.append((start, start + len(text)))
        pos = start + len(text)
    free = _free_space_mask(script)
    cuts: list[set[int]] = [set() for _ in chain]
    notes: list[dict[int, list[cst.Continuation]]] = [{} for _ in chain]
    for offset, cont in _break_offsets(inst):
        at = offset - script_at
        if at <= 0 or at >= len(script):
            if cont.comments:
                return None  # a comment among the flags or after the end: keep as written
            continue
        k = next((k for k, (s, e) in enumerate(spans) if s < at < e), None)
        if k is None:  # between two commands: the comments go before the next one
            k = next((k for k, (s, _) in enumerate(spans) if s >= at), None)
            if k is None:
                if cont.comments:
                    return None
                continue
            notes[k].setdefault(spans[k][0], []).append(cont)
            continue
        if not _free_cut(script, free, at):
            return None
        cuts[k].add(at)
        notes[k].setdefault(at, []).append(cont)
    pad = " " * style.indent
    head = " ".join((raw.keyword.upper(), *raw.flags)) + " "
    rows: list[tuple[str, str, list[cst.Continuation]]] = []  # indent, text, comments before
    for k, ((start, end), (_, op)) in enumerate(zip(spans, chain, strict=True)):
        inner = any(at != start for at in notes[k])
        pieces = _item_pieces(script, start, end, cuts[k], style, inner_notes=inner)
        for j, (at, piece) in enumerate(pieces):
            indent = (pad if k else "") if j == 0 else pad * 2
            if j == 0 and k and style.operator_first:
                piece = chain[k - 1][1] + " " + piece
            rows.append((indent, piece, notes[k].get(at, []) if at is not None else []))
        if op and not style.operator_first:
            indent, text, comments = rows[-1]
            rows[-1] = (indent, text + _joined_op(op), comments)
    tail = script[spans[-1][1] :].strip()
    if tail:  # a final `;` the chain does not list as an operator
        if tail != ";":
            return None
        indent, text, comments = rows[-1]
        rows[-1] = (indent, text + tail, comments)
    out = []
    for n, (indent, text, comments) in enumerate(rows):
        for cont in comments:
            out.extend(_comment_lines(cont, indent or pad, nl))
        ending = " " + inst.escape + nl if n < len(rows) - 1 else ""
        out.append((head if n == 0 else indent) + text + ending)
    return "".join(out)


def _joined_op(op: str) -> str:
    return op if op == ";" else " " + op


def _free_cut(script: str, free: list[bool], at: int) -> bool:
    """Can the line break at ``at`` move (re-indent) without changing the shell words?"""
    before = at > 0 and script[at - 1] in " \t" and free[at - 1]
    after = script[at] in " \t" and free[at]
    return before or after


def _item_pieces(
    script: str, start: int, end: int, cuts: set[int], style: Style, inner_notes: bool
) -> list[tuple[int | None, str]]:
    """The lines of one chain command: (offset of its start, text)."""
    text = script[start:end]
    if style.sort_packages and cuts and not inner_notes:
        found = sortable_install(text)
        if found is not None:
            prefix, packages = found
            return [(start, " ".join(prefix))] + [(None, p) for p in sorted(packages)]
    bounds = [start, *sorted(cuts), end]
    pieces = [(a, script[a:b].strip(" \t")) for a, b in pairwise(bounds)]
    return [(a, p) for a, p in pieces if p]


def _free_space_mask(script: str) -> list[bool]:
    """For each character: is it white space outside any quoting (safe to re-indent)?"""
    mask = [False] * (len(script) + 1)
    quote_ch = ""
    depth = 0  # $( ... ) and ` ... ` nesting: keep their insides as written
    i = 0
    while i < len(script):
        ch = script[i]
        if quote_ch == "'":
            if ch == "'":
                quote_ch = ""
        elif quote_ch == '"':
            if ch == "\\":
                i += 1
            elif ch == '"':
                quote_ch = ""
        elif ch == "\\":
            i += 1
        elif ch in ("'", '"'):
            quote_ch = ch
        elif script.startswith("$(", i):
            depth += 1
            i += 1
        elif ch == ")" and depth:
            depth -= 1
        elif ch == "`":
            depth = depth + 1 if depth % 2 == 0 else depth - 1
        elif ch in " \t" and depth == 0:
            mask[i] = True
        i += 1
    return mask


# Package lists: sorted one per line only where order provably does not matter: the manager's
# install action, options that take no separate value, then plain literal package names.
_RE_PLAIN_PACKAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_:=~@-]*\Z")
_INSTALL = {
    "apt-get": ("install",),
    "apt": ("install",),
    "apk": ("add",),
    "yum": ("install",),
    "dnf": ("install",),
    "microdnf": ("install",),
    "pip": ("install",),
    "pip3": ("install",),
}
_FLAG_ONLY = {
    "-y",
    "--yes",
    "--assume-yes",
    "--assumeyes",
    "-q",
    "-qq",
    "--quiet",
    "--no-install-recommends",
    "--no-install-suggests",
    "--fix-missing",
    "--no-cache",
    "--no-cache-dir",
    "--update",
    "-U",
    "--upgrade",
    "--no-progress",
    "--nodocs",
    "--setopt=install_weak_deps=False",
    "--disable-pip-version-check",
    "--no-warn-script-location",
    "--user",
}


def sortable_install(text: str) -> tuple[list[str], list[str]] | None:
    """(prefix words, package words) of a plain install command, or None."""
    words = text.split()
    if " ".join(words) != re.sub(r"[ \t]+", " ", text.strip()) or not words:
        return None
    if any(c in text for c in "\"'\\$`;&|<>(){}*?[]#\n"):
        return None
    manager = words[0]
    actions = _INSTALL.get(manager)
    if actions is None:
        return None
    i = 1
    while i < len(words) and words[i].startswith("-"):
        if words[i] not in _FLAG_ONLY and "=" not in words[i]:
            return None
        i += 1
    if i >= len(words) or words[i] not in actions:
        return None
    i += 1
    while i < len(words) and words[i].startswith("-"):
        if words[i] not in _FLAG_ONLY and "=" not in words[i]:
            return None
        i += 1
    packages = words[i:]
    if len(packages) < 2 or not all(_RE_PLAIN_PACKAGE.match(p) for p in packages):
        return None
    return words[:i], packages


def canonical_packages(script: str) -> str:
    """The script with each sortable install's packages sorted (for the guard's comparison)."""
    from optimizer.analysis.shell import analyze

    analysis = analyze(script)
    out = script
    for cmd in sorted(analysis.commands, key=lambda c: -c.start):
        found = sortable_install(cmd.text)
        if found is not None:
            prefix, packages = found
            out = out[: cmd.start] + " ".join([*prefix, *sorted(packages)]) + out[cmd.end :]
    return out


# --- long one-line chains ------------------------------------------------------------------


def _wrap_long_chain(header: str, inst: cst.Instruction, style: Style, nl: str) -> str:
    if not style.line_width or len(header) <= style.line_width:
        return header
    if inst.keyword != "RUN" or inst.is_json or inst.heredocs:
        return header
    from optimizer.analysis.shell import analyze

    raw = buildkit.split_raw(header)
    script = trim_space(raw.rest)
    chain = analyze(script).chain
    if not chain or len(chain) < 2:
        return header
    pad = " " * style.indent
    head = " ".join((raw.keyword, *raw.flags)) + " "
    lines = []
    for k, (text, op) in enumerate(chain):
        prefix = head if k == 0 else pad
        if style.operator_first and k > 0:
            text = chain[k - 1][1] + " " + text
        if op and not style.operator_first:
            text += _joined_op(op)
        lines.append(prefix + text)
    return (" " + inst.escape + nl).join(lines)


# --- keeping an instruction's text -------------------------------------------------------------


def _preserve(inst: cst.Instruction, nl: str) -> str:
    """The instruction as written, minus what BuildKit ignores: indentation of the first line,
    blanks after a continuation's escape character, empty continuation lines, trailing blanks
    at the very end; plus the keyword's case and comment lines' trailing blanks."""
    parts = list(inst.parts)
    # Trailing blanks, and a continuation the file ended in, add nothing BuildKit reads.
    while parts and (
        isinstance(parts[-1], cst.Space)
        or (isinstance(parts[-1], cst.Continuation) and not parts[-1].comments)
    ):
        parts.pop()
    out: list[str] = []
    keyword_done = False
    for n, part in enumerate(parts):
        if isinstance(part, cst.Word):
            text = part.text
            if not keyword_done:
                keyword_done = True
                if text.lower() == inst.model.cmd.lower() and text.lower() in _KNOWN:
                    text = text.upper()
            out.append(text)
        elif isinstance(part, cst.Space):
            out.append(part.text)
        else:
            marker = part.marker
            ending = marker[len(marker.rstrip("\r\n")) :]
            out.append(inst.escape + (ending or nl))
            nxt = parts[n + 1] if n + 1 < len(parts) else None
            indent = nxt.text if isinstance(nxt, cst.Space) else ""
            for line in part.lines:
                if line.strip():
                    body = line.rstrip("\r\n")
                    out.append(indent + body.strip() + line[len(body) :])
    return "".join(out) + (inst.newline or nl)
