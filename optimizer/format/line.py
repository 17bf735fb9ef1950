"""One logical line in canonical form: keyword and flags, then the arguments by kind.

Only changes BuildKit cannot see (case of the keyword and of ``AS``, white space between
words outside quotes, JSON spacing) or whose equivalence is shown here (``ENV k v`` as
``ENV k=v`` for plain values).  None means "keep the line as written".
"""

from __future__ import annotations

from optimizer.format.json_form import format_json
from optimizer.syntax import buildkit
from optimizer.syntax.gotext import GO_SPACE, trim_space

__all__ = ["JSON_CAPABLE", "KNOWN", "WS_DELIMITED", "format_line", "format_pairs"]


def format_line(line: str, escape: str) -> str | None:
    """One logical line in canonical form, or None to keep it as written."""
    raw = buildkit.split_raw(line, escape)
    keyword = raw.keyword
    kind = keyword.lower()
    if kind not in KNOWN:
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
        body = format_pairs(rest, kind, escape, " ")
        if body is None:
            return None
    elif kind == "arg":
        body = " ".join(buildkit.parse_words(rest, escape))
    elif kind == "healthcheck":
        body = _format_health(rest)
    elif kind in WS_DELIMITED and not rest.startswith("["):
        # BuildKit splits these on runs of white space: one space reads the same.  Text that
        # starts with `[` but is not JSON stays as written: respacing could make it JSON.
        body = " ".join(buildkit.ws_split(rest)) if rest else ""
    elif kind in JSON_CAPABLE:
        body = format_json(rest)
    else:
        body = rest
    return head + (" " + body if body else "")


JSON_CAPABLE = {"cmd", "entrypoint", "run", "shell", "add", "copy", "volume"}
WS_DELIMITED = {"expose", "volume", "copy", "add"}
KNOWN = JSON_CAPABLE | {
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


def _format_health(rest: str) -> str:
    # BuildKit's instruction parser upper-cases the type, so its case is free.
    parts = buildkit.ws_split(rest, 2)
    if len(parts) == 2 and parts[0].upper() == "CMD":
        return "CMD " + format_json(parts[1])
    if len(parts) == 1 and parts[0].upper() == "NONE":
        return "NONE"
    return rest


def format_pairs(rest: str, kind: str, escape: str, sep: str) -> str | None:
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
