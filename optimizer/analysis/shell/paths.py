"""File paths a command writes: redirect targets and the destinations of ``cp``, ``mkdir``,
``curl -o``, ``git clone``, ``tar -x -C`` and the like; also the argument splitter ``rm`` uses.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from optimizer.analysis.shell.commands import _base, _val
from optimizer.analysis.shell.facts import Word
from optimizer.analysis.shell.tree import _N
from optimizer.analysis.shell.words import _REDIRECT_TYPES, _word
from optimizer.regexes import rx

_PATH_OR_PORT = rx(r"[/:]")  # compiled at import from the stored tables, not at each call
_NOT_FILES = frozenset({"/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"})
_OUTPUT_OPS = frozenset({">", ">>", ">|", "&>", "&>>"})


def _positionals(
    args: Sequence[Word], value_opts: frozenset[str] = frozenset()
) -> tuple[list[Word], dict[str, list[Word]]]:
    """Split args into positionals and {option: [values]} (``--opt=v`` is split too)."""
    pos: list[Word] = []
    opts: dict[str, list[Word]] = {}
    i, only_args = 0, False
    while i < len(args):
        w = args[i]
        v = _val(w)
        if only_args or not v.startswith("-") or v == "-":
            pos.append(w)
        elif v == "--":
            only_args = True
        elif v.startswith("--") and "=" in v:
            key, _, val = v.partition("=")
            opts.setdefault(key, []).append(_sub_word(w, val))
        elif v in value_opts and i + 1 < len(args):
            opts.setdefault(v, []).append(args[i + 1])
            i += 1
        else:
            opts.setdefault(v, [])
        i += 1
    return pos, opts


def _sub_word(w: Word, value: str) -> Word:
    """Part of a word (an option's attached value), literal only if the whole word is."""
    return Word(value, value if w.literal is not None else None)


def _short_values(
    args: Sequence[Word], letters: str, long_opts: dict[str, str]
) -> list[tuple[str, Word]]:
    """(option-letter, value) pairs for short options that may be bundled (``-fsSLo x``)."""
    out: list[tuple[str, Word]] = []
    i = 0
    while i < len(args):
        v = _val(args[i])
        if v == "--":
            break
        if v.startswith("--"):
            key, eq, val = v.partition("=")
            if key in long_opts:
                if eq:
                    out.append((long_opts[key], _sub_word(args[i], val)))
                elif i + 1 < len(args):
                    out.append((long_opts[key], args[i + 1]))
                    i += 1
        elif v.startswith("-") and len(v) > 1:
            for j in range(1, len(v)):
                if v[j] in letters:
                    rest = v[j + 1 :]
                    if rest:
                        out.append((v[j], _sub_word(args[i], rest)))
                    elif i + 1 < len(args):
                        out.append((v[j], args[i + 1]))
                        i += 1
                    break
        i += 1
    return out


_CURL_LETTERS = "odHuXAeFTwxrbcCEKmyYzQUD"
_WGET_LETTERS = "OPoatTweiBUlARDIXQ"
_GIT_CLONE_VALUE = frozenset(
    {
        "-b",
        "--branch",
        "-o",
        "--origin",
        "-c",
        "--config",
        "--depth",
        "--reference",
        "--reference-if-able",
        "--separate-git-dir",
        "-u",
        "--upload-pack",
        "--filter",
        "-j",
        "--jobs",
        "--shallow-since",
        "--shallow-exclude",
        "--template",
        "--server-option",
        "--bundle-uri",
    }
)
_TAR_VALUE_LETTERS = "fCTXbgKNVH"
_COPY_VALUE = frozenset({"-t", "-S", "--target-directory", "-m", "-o", "-g"})
_CHMOD_FLAGS = frozenset({"-R", "-v", "-c", "-f", "-h", "-H", "-L", "-P"})


def _tar_paths(args: Sequence[Word]) -> list[Word]:
    mode = ""
    values: dict[str, Word] = {}
    pending: list[str] = []  # value letters still waiting for their argument
    for i, w in enumerate(args):
        v = _val(w)
        if pending:
            values[pending.pop(0)] = w
        elif v.startswith("--"):
            key, eq, val = v.partition("=")
            if key in ("--extract", "--get"):
                mode += "x"
            elif key == "--create":
                mode += "c"
            elif key in ("--directory", "--file"):
                letter = "C" if key == "--directory" else "f"
                if eq:
                    values[letter] = _sub_word(w, val)
                else:
                    pending.append(letter)
        elif v.startswith("-") and len(v) > 1:
            # `-xzf file` / `-Cdir`: the first value letter takes the rest or the next arg.
            for j, ch in enumerate(v[1:], start=1):
                if ch in "xc":
                    mode += ch
                if ch in _TAR_VALUE_LETTERS:
                    rest = v[j + 1 :]
                    if rest:
                        values[ch] = _sub_word(w, rest)
                    else:
                        pending.append(ch)
                    break
        elif i == 0:
            # Old-style `tar xzf file`: each value letter takes one following arg.
            for ch in v:
                if ch in "xc":
                    mode += ch
                if ch in _TAR_VALUE_LETTERS:
                    pending.append(ch)
    out: list[Word] = []
    if "x" in mode and "C" in values:
        out.append(values["C"])
    if "c" in mode and "f" in values:
        out.append(values["f"])
    return out


def _git_paths(args: Sequence[Word]) -> list[Word]:
    i, cwd = 0, None
    while i < len(args):
        v = _val(args[i])
        if v in ("-C", "-c") and i + 1 < len(args):
            if v == "-C":
                cwd = args[i + 1].literal
            i += 2
        elif v.startswith("-"):
            i += 1
        else:
            break
    if i >= len(args) or args[i].literal != "clone":
        return []
    pos, _ = _positionals(args[i + 1 :], _GIT_CLONE_VALUE)
    if len(pos) >= 2:
        dest = pos[1]
    elif pos and pos[0].literal:
        name = _PATH_OR_PORT.split(pos[0].literal.rstrip("/"))[-1]
        name = name.removesuffix(".git")
        if not name:
            return []
        dest = Word(name, name)
    else:
        return []
    if cwd is not None and dest.literal is not None:
        joined = posixpath.join(cwd, dest.literal)
        dest = Word(joined, joined)
    return [dest]


def _written_by_args(eff: Sequence[Word]) -> list[Word]:
    if not eff:
        return []
    name, args = _base(eff[0]), eff[1:]
    if name in ("touch", "tee"):
        return _positionals(args, frozenset({"-d", "-r", "-t"}))[0]
    if name == "mkdir":
        return _positionals(args, frozenset({"-m", "--mode", "--context"}))[0]
    if name in ("cp", "mv", "ln", "install"):
        pos, opts = _positionals(args, _COPY_VALUE)
        target = opts.get("-t") or opts.get("--target-directory")
        if target:
            return list(target)
        if name == "install" and "-d" in opts:
            return pos
        return pos[-1:] if len(pos) >= 2 else []
    if name == "curl":
        return [w for k, w in _short_values(args, _CURL_LETTERS, {"--output": "o"}) if k == "o"]
    if name == "wget":
        pairs = _short_values(
            args, _WGET_LETTERS, {"--output-document": "O", "--directory-prefix": "P"}
        )
        return [w for k, w in pairs if k in "OP" and w.literal != "-"]
    if name == "git":
        return _git_paths(args)
    if name == "tar":
        return _tar_paths(args)
    if name in ("chmod", "chown", "chgrp"):
        pos = []
        reference = False
        only_args = False
        for w in args:
            v = _val(w)
            if only_args:
                pos.append(w)
            elif v == "--":
                only_args = True
            elif v.startswith("--"):
                reference = reference or v.startswith("--reference")
            elif v in _CHMOD_FLAGS or (name != "chmod" and v.startswith("-")):
                continue
            else:
                pos.append(w)  # includes chmod's `-x` style modes
        return pos if reference else pos[1:]
    return []


def _written_by_redirect(r: _N, s: str) -> list[str]:
    if r.type == "heredoc_redirect":
        nested = [c for c in r.children if c.type in _REDIRECT_TYPES]
        return [p for c in nested for p in _written_by_redirect(c, s)]
    if r.type != "file_redirect":
        return []
    op = next((c for c in r.children if not c.named), None)
    dests = [c for c in r.children if c.field == "destination"]
    if op is None or not dests:
        return []
    has_fd = any(c.type == "file_descriptor" for c in r.children)
    target = _word(dests, s).literal
    if target is None or target in _NOT_FILES or target.startswith("/dev/fd/"):
        return []
    # `>&word` without a descriptor is bash's `&>word` unless word names an fd.
    dup_to_file = op.type == ">&" and not has_fd and not target.isdigit() and target != "-"
    if op.type in _OUTPUT_OPS or dup_to_file:
        return [target]
    return []
