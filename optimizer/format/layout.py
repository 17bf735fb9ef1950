"""The emitter: prints a CST in dopt's one canonical style.

Every change it makes is one BuildKit cannot see (keyword case, white space between words
outside quotes, line layout, blank lines, JSON spacing) or one whose equivalence it can show
(``ENV k v`` -> ``ENV k=v`` for plain values, sorted literal package lists).  Where it cannot
show that, it keeps the instruction's text and only trims what BuildKit ignores.  ``guard``
re-parses the output and compares, so a mistake here is refused, not written.
"""

from __future__ import annotations

import re
from itertools import pairwise

from optimizer.analysis.package_lists import package_key, sortable_install
from optimizer.lint import suppressions as suppress
from optimizer.record import Record
from optimizer.syntax import buildkit, cst
from optimizer.syntax.gotext import GO_SPACE, trim_left_space, trim_space
from optimizer.syntax.lexer import CONTINUATION as _CONT

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
    """The file's line ending: CRLF if most of its lines end so, else LF.  (A majority, not
    the first line: lines dopt writes take this ending, and must not tip it the other way.)

    Rules ask once per fix they render: the answer is kept on the (immutable) tree, as
    joining a large file's text each time made check and fix quadratic."""
    cached = tree._newline
    if cached is not None:
        return cached
    code = tree.code
    crlf = code.count("\r\n")
    style = "\r\n" if crlf > code.count("\n") - crlf else "\n"
    object.__setattr__(tree, "_newline", style)
    return style


def format_tree(tree: cst.Dockerfile, style: Style | None = None) -> str:
    if suppress.ignores_file(tree):  # `# dopt: ignore-file`: every command leaves it alone
        return tree.code
    style = style or DEFAULT_STYLE
    nl = newline_style(tree)
    out: list[str] = [tree.bom]
    items = tree.items
    started = False  # has a non-blank line been written
    pending_blank = ""  # the line ending of the blank line to write before the next line
    off = False
    skip_next = False
    first_content = next((i for i in items if not isinstance(i, cst.Blank)), None)
    # A leading blank line ends BuildKit's directive scan; dropping it could turn a comment
    # below into a directive, so keep one in that case.
    keep_leading_blank = isinstance(first_content, cst.Comment) and _looks_like_directive(
        first_content.text
    )
    lead, covered = _bom_lead(tree, items, nl)
    if covered:
        out.append(lead)
        items = items[covered:]
        started = True
    for item in items:
        if off:
            out.append(_ensure_newline(item.code, nl))
            if isinstance(item, cst.Comment) and _pragma(item.text) == "on":
                off = False
            started = True
            continue
        if isinstance(item, cst.Blank):
            if (started or keep_leading_blank) and not pending_blank:
                pending_blank = item.newline or nl
            continue
        if pending_blank:
            out.append(pending_blank)
            pending_blank = ""
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


def _bom_lead(tree: cst.Dockerfile, items: tuple[cst.Item, ...], nl: str) -> tuple[str, int]:
    """A first line whose text starts with U+FEFF after blanks or blank lines: BuildKit strips
    a BOM only at the very start of the file, so that line (and what precedes it) stays as
    written.  Returns (its text, how many items it covers), or ("", 0)."""
    if tree.bom:
        return "", 0
    for k, item in enumerate(items):
        if isinstance(item, cst.Blank):
            continue
        if item.code[len(item.indent) :].startswith("\ufeff") and (k or item.indent):
            return "".join(_ensure_newline(i.code, nl) for i in items[: k + 1]), k + 1
        break
    return "", 0


def _looks_like_directive(text: str) -> bool:
    m = _RE_DIRECTIVE_LIKE.match(text)
    return m is not None and m.group(1).lower() in _KNOWN_DIRECTIVES


def _pragma(text: str) -> str | None:
    # `# dopt: off` / `# dopt: on` / `# dopt: skip` (also accepted as `# fmt: off` etc.).
    return suppress.region_pragma(text)


def _ensure_newline(code: str, nl: str) -> str:
    return code if code.endswith("\n") else code + nl


# --- one instruction ---------------------------------------------------------------------


def format_instruction(inst: cst.Instruction, style: Style, nl: str) -> str:
    if not any(isinstance(p, cst.Word) for p in inst.parts):
        # Only continuation characters (BuildKit reads an instruction with no keyword):
        # there is nothing to lay out, and trimming would make it disappear.
        return _ensure_newline(inst.code[len(inst.indent) :], nl)
    eol = inst.newline or nl
    heredocs = "".join(h.code for h in inst.heredocs)
    if heredocs:
        heredocs = _ensure_newline(heredocs, nl)
    # Continuations at the very end (the file ends in them) lay out nothing: without them the
    # instruction is one line, as the next run will see it.
    breaks = [p for p in inst.parts[: _bare_end(inst)] if isinstance(p, cst.Continuation)]
    if not breaks:
        header = format_line(inst.line, inst.escape)
        # A header ending in the escape character would continue onto the next line.
        if header is not None and not _CONT[inst.escape].search(header):
            # A changed line is checked on its own (as re-laid-out ones are), so that a case
            # the rules get wrong keeps its text instead of making the whole file refused.
            if header == inst.line or _reads_the_same(inst, header + eol + heredocs, nl):
                header = _wrap_long_chain(header, inst, style, nl)
                return header + eol + heredocs
        return _preserve(inst, nl) + heredocs
    if not inst.heredocs:
        # The lines of a re-laid-out instruction end as its own first continuation does: the
        # file's majority can tip once formatting drops lines, and must not change them then.
        own = breaks[0].marker[len(breaks[0].marker.rstrip("\r\n")) :]
        laid_out = _relayout(inst, style, own or nl)
        if (
            laid_out is not None
            # text ending in the escape character would continue onto the next line
            and not _CONT[inst.escape].search(laid_out)
            and _reads_the_same(inst, laid_out, nl)
        ):
            return laid_out + eol
    return _preserve(inst, nl) + heredocs


def _bare_end(inst: cst.Instruction) -> int:
    """Where the trailing blanks and comment-less continuations of the parts begin."""
    end = len(inst.parts)
    while end:
        part = inst.parts[end - 1]
        if not isinstance(part, cst.Space) and not (
            isinstance(part, cst.Continuation) and not part.comments
        ):
            break
        end -= 1
    return end


def _reads_the_same(inst: cst.Instruction, text: str, nl: str) -> bool:
    """Does the re-laid-out text read as the instruction did?  A new layout is checked here,
    per instruction, so that a case the layout rules get wrong keeps its text instead of
    making the whole file's guard refuse."""
    from optimizer.errors import ParseError
    from optimizer.format import guard
    from optimizer.syntax.parser import parse

    if guard.is_deferred():  # formatter.format_text compares the whole file instead
        return True
    prefix = "# escape=`" + nl if inst.escape == "`" else ""
    try:
        tree = parse(prefix + text + nl)
    except ParseError:
        return False
    new = tree.instructions
    return len(new) == 1 and guard.instruction_key(new[0]) == guard.instruction_key(inst)


def format_line(line: str, escape: str) -> str | None:
    """One logical line in canonical form, or None to keep it as written."""
    raw = buildkit.split_raw(line, escape)
    keyword = raw.keyword
    kind = keyword.lower()
    if kind not in _KNOWN:
        return None
    rest = trim_space(raw.rest)
    head = " ".join((keyword.upper(), *raw.flags))
    if rest.startswith("--"):
        # Without the `--` BuildKit would read these words as more flags.
        head += " --"
    body: str | None
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
    elif kind in _WS_DELIMITED and not rest.startswith("["):
        # BuildKit splits these on runs of white space: one space reads the same.  Text that
        # starts with `[` but is not JSON stays as written: respacing could make it JSON.
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
    if _shell_target(inst) is not None:
        return _relayout_shell(inst, style, nl)
    kind = inst.keyword.lower()
    if kind in ("env", "label"):
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
    """ENV/LABEL pairs one per line; comment lines go before the pair that follows them."""
    raw = buildkit.split_raw(inst.line, inst.escape)
    rest = trim_space(raw.rest)
    words = buildkit.parse_words(rest, inst.escape)
    if not words or "=" not in words[0] or raw.flags:
        return None if inst.comments else format_line(inst.line, inst.escape)
    before: dict[int, list[cst.Continuation]] = {}
    if inst.comments:
        rest_at = raw.rest_offset + len(raw.rest) - len(trim_left_space(raw.rest))
        spans = _word_spans(rest, words, rest_at)
        if spans is None:
            return None
        for offset, cont in _break_offsets(inst):
            if not cont.comments:
                continue
            i = next((i for i, (start, _) in enumerate(spans) if start >= offset), len(spans))
            if i == 0 or i == len(spans) or spans[i - 1][1] > offset:
                return None  # before the first pair, after the last, or inside a value
            before.setdefault(i, []).append(cont)
    pad = " " * style.indent
    out = [raw.keyword.upper() + " " + words[0]]
    for i, word in enumerate(words[1:], 1):
        out[-1] += " " + inst.escape + nl
        for cont in before.get(i, []):
            out.extend(_comment_lines(cont, pad, nl))
        out.append(pad + word)
    return "".join(out)


def _word_spans(text: str, words: list[str], base: int) -> list[tuple[int, int]] | None:
    """Where each of ``parse_words``' words (raw slices of ``text``) stands, offset by base."""
    spans = []
    pos = 0
    for word in words:
        while pos < len(text) and text[pos] in GO_SPACE:
            pos += 1
        if not text.startswith(word, pos):
            return None
        spans.append((base + pos, base + pos + len(word)))
        pos += len(word)
    return spans


class _HeadWord(Record):
    """A word before a shell script: keyword, flag, or HEALTHCHECK's CMD."""

    text: str  # as printed
    start: int  # offsets in the logical line
    end: int
    is_flag: bool


def _shell_target(inst: cst.Instruction) -> tuple[list[_HeadWord], str, int] | None:
    """For a shell-form RUN/CMD/ENTRYPOINT/HEALTHCHECK CMD (also under ONBUILD): the words
    before the script, the script, and its offset in the logical line; else None."""
    line = inst.line
    node = inst.model
    words: list[_HeadWord] = []
    base = 0
    while True:
        text = line[base:]
        raw = buildkit.split_raw(text, inst.escape)
        at = base + len(text) - len(trim_left_space(text))
        words.append(_HeadWord(raw.keyword.upper(), at, at + len(raw.keyword), False))
        pos = at + len(raw.keyword)
        for flag in raw.flags:
            start = line.find(flag, pos)
            if start < 0:
                return None
            words.append(_HeadWord(flag, start, start + len(flag), True))
            pos = start + len(flag)
        base += raw.rest_offset
        if node.cmd.lower() == "onbuild" and node.child is not None:
            node = node.child
            continue
        break
    kind = node.cmd.lower()
    if node.json:
        return None
    if kind in ("run", "cmd", "entrypoint") and node.values:
        script = node.values[0]
    elif kind == "healthcheck" and len(node.values) == 2 and node.values[0].upper() == "CMD":
        script = node.values[1]
    else:
        return None
    rest = line[base:]
    body_at = base + len(rest) - len(trim_left_space(rest))
    body = trim_space(rest)
    if not script or not body.endswith(script):
        return None
    script_at = body_at + len(body) - len(script)
    if kind == "healthcheck":
        typ = trim_space(body[: len(body) - len(script)])
        if typ.upper() != "CMD" or not body.startswith(typ):
            return None
        words.append(_HeadWord("CMD", body_at, body_at + len(typ), False))
    elif script_at != body_at or script.startswith("--"):
        return None  # `--` would have to be printed to keep the script from reading as flags
    return words, script, script_at


def _relayout_shell(inst: cst.Instruction, style: Style, nl: str) -> str | None:
    """A multi-line shell script as one command of its top-level chain per line.

    The chain comes from the shell parser; the author's line breaks inside a command are kept
    (re-indented) where they fall on white space outside quotes, and comment lines inside the
    continuations stay in front of the line they stood before.  Before the script, a line
    break that follows a flag is kept (one line per group of flags).
    """
    from optimizer.analysis.shell import analyze

    target = _shell_target(inst)
    if target is None:
        return None
    words, script, script_at = target
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
    # Continuations with comment lines, by the offset of the text they stand before.
    notes: list[dict[int, list[cst.Continuation]]] = [{} for _ in chain]
    head_breaks: set[int] = set()  # head word indexes (len(words): the script) after a break
    head_notes: dict[int, list[cst.Continuation]] = {}  # comment lines before those
    for offset, cont in _break_offsets(inst):
        at = offset - script_at
        if at <= 0:
            i = next((i for i, w in enumerate(words) if w.start >= offset), len(words))
            if cont.comments:
                if not i or words[i - 1].end > offset:
                    return None  # inside a flag: keep as written
                # Comment lines among the flags or before the script (`RUN \` then `# why`)
                # stay in front of the word that follows them, which starts a line.
                head_breaks.add(i)
                head_notes.setdefault(i, []).append(cont)
                continue
            # Only a break after a flag is kept: `RUN \` alone on a line says nothing.
            if i and words[i - 1].end <= offset and words[i - 1].is_flag:
                head_breaks.add(i)
            continue
        if at >= len(script):
            if cont.comments:
                return None  # a comment after the end: keep as written
            continue
        k = next((k for k, (s, e) in enumerate(spans) if s < at < e), None)
        if k is None:  # between two commands: the comments go before the next one
            k = next((k for k, (s, _) in enumerate(spans) if s >= at), None)
            if k is None:
                if cont.comments:
                    return None
                continue
            if cont.comments:
                notes[k].setdefault(spans[k][0], []).append(cont)
            continue
        if not _free_cut(script, free, at):
            return None
        cuts[k].add(at)
        if cont.comments:
            notes[k].setdefault(at, []).append(cont)
    if not _carry_notes_over_blank_lines(script, spans, cuts, notes):
        return None
    pad = " " * style.indent
    own_line = len(words) in head_breaks
    rows: list[tuple[str, str, list[cst.Continuation]]] = []  # indent, text, comments before
    groups = _chain_groups(chain, [spans[k][0] in notes[k] for k in range(len(chain))])
    line = inst.line
    break_at = sorted(offset for offset, _ in _break_offsets(inst))
    for g, group in enumerate(groups):
        for k in group:
            start, end = spans[k]
            inner = any(at != start for at in notes[k])
            led = g > 0 and style.operator_first and chain[k - 1][1] != ";"
            first_col = None
            if k == group[0] and (g or own_line) and not led:  # a row of its own, as printed
                first_col = _line_start_col(line, break_at, script_at + start, style.indent)
            pieces = _item_pieces(script, start, end, cuts[k], style, inner, first_col)
            for j, (piece_at, piece, indent) in enumerate(pieces):
                comments = notes[k].get(piece_at, []) if piece_at is not None else []
                if j == 0 and k != group[0]:  # `a || b` stays on one row
                    row_indent, text, row_comments = rows[-1]
                    rows[-1] = (row_indent, text + " || " + piece, row_comments)
                    continue
                if j == 0:
                    indent = pad if g or own_line else ""
                    if led:
                        piece = chain[k - 1][1] + " " + piece
                rows.append((indent, piece, comments))
        op = chain[group[-1]][1]
        if op and (op == ";" or not style.operator_first):
            indent, text, comments = rows[-1]
            rows[-1] = (indent, text + _joined_op(op), comments)
    tail = script[spans[-1][1] :].strip()
    if tail:  # a final `;` the chain does not list as an operator
        if tail != ";":
            return None
        indent, text, comments = rows[-1]
        rows[-1] = (indent, text + tail, comments)
    head_lines: list[list[str]] = [[]]
    head_starts = [0]
    for i, word in enumerate(words):
        if i in head_breaks:
            head_lines.append([])
            head_starts.append(i)
        head_lines[-1].append(word.text)
    lines: list[tuple[str, list[cst.Continuation]]] = [
        ((pad if n else "") + " ".join(ws), head_notes.get(head_starts[n], []) if n else [])
        for n, ws in enumerate(head_lines)
    ]
    for n, (indent, text, comments) in enumerate(rows):
        if n == 0 and not own_line:
            lines[-1] = (lines[-1][0] + " " + text, lines[-1][1] + comments)
        elif n == 0:
            lines.append((indent + text, head_notes.get(len(words), []) + comments))
        else:
            lines.append((indent + text, comments))
    placed = sum(len(comments) for _, comments in lines)
    if placed != sum(1 for _, cont in _break_offsets(inst) if cont.comments):
        return None  # a comment found no line to stand before: keep the text as written
    out = []
    for n, (text, comments) in enumerate(lines):
        for cont in comments:
            out.extend(_comment_lines(cont, _leading_blanks(text) or pad, nl))
        ending = " " + inst.escape + nl if n < len(lines) - 1 else ""
        out.append(text + ending)
    return "".join(out)


def _carry_notes_over_blank_lines(
    script: str,
    spans: list[tuple[int, int]],
    cuts: list[set[int]],
    notes: list[dict[int, list[cst.Continuation]]],
) -> bool:
    """Comment lines that stand before a line with nothing on it (`\\` alone) go before the
    next line that has text: printing drops blank lines, and must not drop their comments.
    False where there is no such line left in the command (then keep the text as written)."""
    for k, (start, end) in enumerate(spans):
        bounds = [start, *sorted(cuts[k]), end]
        for a, b in pairwise(bounds):
            if a in notes[k] and not script[a:b].strip(" \t"):
                if b == end:
                    return False
                notes[k].setdefault(b, [])[:0] = notes[k].pop(a)
    return True


def _line_start_col(line: str, break_at: list[int], pos: int, indent: int) -> int | None:
    """The column of ``pos`` in the logical line if only blanks precede it on its line."""
    before = [b for b in break_at if b <= pos]
    if not before or line[before[-1] : pos].strip(" \t"):
        return None
    return _width(line[before[-1] : pos], indent)


def _leading_blanks(text: str) -> str:
    return text[: len(text) - len(text.lstrip(" \t"))]


def _chain_groups(chain: tuple[tuple[str, str], ...], noted: list[bool]) -> list[list[int]]:
    """The chain's items by row: an item after `||` joins the row before (`a || b` reads as
    one step), unless comment lines stand before it."""
    groups = [[0]]
    for k in range(1, len(chain)):
        if chain[k - 1][1] == "||" and not noted[k]:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def _joined_op(op: str) -> str:
    return op if op == ";" else " " + op


def _free_cut(script: str, free: list[bool], at: int) -> bool:
    """Can the line break at ``at`` move (re-indent) without changing the shell words?"""
    before = at > 0 and script[at - 1] in " \t" and free[at - 1]
    after = script[at] in " \t" and free[at]
    return before or after


# An item that opens a compound command: its lines carry the author's nesting.
_RE_COMPOUND = re.compile(r"(?:(?:if|for|while|until|case|select)(?=[ \t;(]|\Z)|[({])")


def _item_pieces(
    script: str,
    start: int,
    end: int,
    cuts: set[int],
    style: Style,
    inner_notes: bool,
    first_col: int | None = None,
) -> list[tuple[int | None, str, str]]:
    """The lines of one chain command: (offset of its start, text, indent if not the first).

    ``first_col`` is the command's column where it starts a line of its own, both as written
    and as printed; None where either is not so (it then counts as one indent level).
    """
    pad = " " * style.indent
    text = script[start:end]
    if style.sort_packages and cuts and not inner_notes:
        found = sortable_install(text)
        if found is not None:
            prefix, packages = found
            return [(start, " ".join(prefix), "")] + [
                (None, p, pad * 2) for p in sorted(packages, key=package_key)
            ]
    bounds = [start, *sorted(cuts), end]
    lines = [(a, script[a:b]) for a, b in pairwise(bounds) if script[a:b].strip(" \t")]
    indents = [pad * 2] * len(lines)
    if _RE_COMPOUND.match(text) is not None and len(lines) > 1:
        # Inside if/for/case/{...}: keep the author's nesting (else/fi/done less deep than the
        # body).  The white space after a cut is free (outside quotes), so any indent reads the
        # same.  The item's first line goes to one indent level: the others keep their depth
        # relative to it (or to the shallowest of them), and none is shallower than one level.
        indents = [_leading_blanks(line) for _, line in lines]
        widths = [_width(lead, style.indent) for lead in indents]
        base = min(*widths[1:], style.indent if first_col is None else first_col)
        if base != style.indent or any("\t" in lead for lead in indents):
            indents = [" " * (w - base + style.indent) for w in widths]
    return [
        (a, line.strip(" \t"), indent) for (a, line), indent in zip(lines, indents, strict=True)
    ]


def _width(blanks: str, indent: int) -> int:
    """Columns of leading blanks, a tab counting as one indent level (as tab-indented
    Dockerfiles mean it)."""
    return len(blanks.expandtabs(indent))


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


# --- long one-line chains ------------------------------------------------------------------


def _wrap_long_chain(header: str, inst: cst.Instruction, style: Style, nl: str) -> str:
    if not style.line_width or len(header) <= style.line_width:
        return header
    if inst.keyword != "RUN" or inst.is_json or inst.heredocs:
        return header
    from optimizer.analysis.shell import analyze

    raw = buildkit.split_raw(header, inst.escape)
    script = trim_space(raw.rest)
    chain = analyze(script).chain
    if not chain or script.startswith("--"):
        return header
    groups = _chain_groups(chain, [False] * len(chain))
    if len(groups) < 2:
        return header
    tail = script[script.rfind(chain[-1][0]) + len(chain[-1][0]) :].strip()
    if tail not in ("", ";"):
        return header
    pad = " " * style.indent
    head = " ".join((raw.keyword, *raw.flags)) + " "
    lines = []
    for g, group in enumerate(groups):
        text = " || ".join(chain[k][0] for k in group)
        before = chain[group[0] - 1][1] if g else ""
        if style.operator_first and before and before != ";":
            text = before + " " + text
        op = chain[group[-1]][1]
        if op and (op == ";" or not style.operator_first):
            text += _joined_op(op)
        lines.append((head if g == 0 else pad) + text)
    return (" " + inst.escape + nl).join(lines) + tail


# --- keeping an instruction's text -------------------------------------------------------------


def _preserve(inst: cst.Instruction, nl: str) -> str:
    """The instruction as written, minus what BuildKit ignores: indentation of the first line,
    blanks after a continuation's escape character, empty continuation lines, trailing blanks
    at the very end; plus the keyword's case and comment lines' trailing blanks."""
    parts = list(inst.parts)
    # Trailing blanks, and a continuation the file ended in, add nothing BuildKit reads.
    dropped: list[cst.Part] = []
    while parts and (
        isinstance(parts[-1], cst.Space)
        or (isinstance(parts[-1], cst.Continuation) and not parts[-1].comments)
    ):
        dropped.append(parts.pop())
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
    text = "".join(out)
    if dropped and _CONT[inst.escape].search(text):
        # Without its trailing blanks the text would end in a continuation: keep them (`\\`
        # then a form feed is no continuation), and a continuation the file ended in
        # (`echo hi \\ \\`: the end of the file closes it).
        text += "".join(p.text for p in reversed(dropped) if isinstance(p, cst.Space))
        if any(isinstance(p, cst.Continuation) for p in dropped):
            text += inst.escape
    if text.endswith("\n") and not inst.newline:
        return text  # comment lines of a continuation the file ended in
    return text + (inst.newline or nl)
