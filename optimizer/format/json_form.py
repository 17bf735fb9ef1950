"""JSON (exec) form: an array of strings laid out as ``["a", "b"]``, each string as written."""

from __future__ import annotations

from optimizer.syntax import buildkit

__all__ = ["format_json", "is_json", "json_string_spans"]


def is_json(rest: str) -> bool:
    """Does BuildKit read ``rest`` as a JSON array of strings?"""
    try:
        buildkit.parse_json(rest)
    except Exception:
        return False
    return True


def format_json(rest: str) -> str:
    """A JSON array of strings as ``["a", "b"]``; anything else as written.

    Each string keeps its exact spelling (re-encoding would turn ``\\u00a0`` into an invisible
    raw character); only the white space between the tokens changes.
    """
    if not rest.startswith("[") or not is_json(rest):
        return rest
    spans = json_string_spans(rest)
    if spans is None:
        return rest  # text after the array (BuildKit ignores it) or odd JSON: keep it
    return "[" + ", ".join(rest[a:b] for a, b in spans) + "]"


_JSON_SPACE = " \t\n\r"


def json_string_spans(text: str) -> list[tuple[int, int]] | None:
    """Where each raw string token of ``text`` stands, if it is exactly one JSON array of
    strings."""
    n = len(text)

    def skip(i: int) -> int:
        while i < n and text[i] in _JSON_SPACE:
            i += 1
        return i

    tokens: list[tuple[int, int]] = []
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
        tokens.append((i, j + 1))
        i = skip(j + 1)
        if i >= n:
            return None
        if text[i] == "]":
            return tokens if i == n - 1 else None
        if text[i] != ",":
            return None
        i = skip(i + 1)
