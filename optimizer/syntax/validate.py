"""What BuildKit refuses at build time although its parser accepts it.

BuildKit reads a Dockerfile in two steps: the parser (``frontend/dockerfile/parser``, which
``optimizer.syntax.parser`` follows) and then ``instructions.ParseInstruction``
(``frontend/dockerfile/instructions/parse.go``), which checks each instruction's arguments.
A file that fails the second step never builds, so dopt reports it as an error instead of
formatting, fixing or passing it.  The checks and messages below are that file's, in its
order; flag names and values (``BFlags``, durations) are not checked: they vary with the
frontend version.
"""

from __future__ import annotations

from optimizer.errors import ParseError
from optimizer.regexes import rx
from optimizer.syntax import buildkit, cst

# command.Commands
KNOWN = frozenset(
    "add arg cmd copy entrypoint env expose from healthcheck label maintainer onbuild run "
    "shell stopsignal user volume workdir".split()
)
_STAGE_NAME = rx(r"[a-z][a-z0-9-_.]*")


def _at_least_one(cmd: str) -> str:
    return f"{cmd} requires at least one argument"


def _exactly_one(cmd: str) -> str:
    return f"{cmd} requires exactly one argument"


def _node_args(node: buildkit.Node) -> tuple[str, ...]:
    """``nodeArgs``: the values, and for ONBUILD the trigger's keyword and values."""
    if node.child is not None:
        return (node.child.cmd, *_node_args(node.child))
    return node.plain_values


def _handle_json_args(args: tuple[str, ...], is_json: bool) -> tuple[str, ...]:
    if not args:
        return ()
    return args if is_json else (" ".join(args),)


def instruction_error(node: buildkit.Node) -> str | None:
    """BuildKit's message for an instruction it refuses, or None."""
    cmd = node.cmd.lower()
    name = cmd.upper()
    args = _node_args(node)
    if cmd not in KNOWN:
        return _unknown(node.cmd)
    if cmd in ("env", "label"):
        if not args:
            return _at_least_one(name)
        if any(not k for k in args[::2]):
            return f"{name} names can not be blank"
    elif cmd in ("maintainer", "workdir", "user", "stopsignal"):
        if len(args) != 1:
            return _exactly_one(name)
    elif cmd in ("add", "copy"):
        if len(args) < 2:
            return (
                f"{name} requires at least two arguments, but only one was provided. "
                "Destination could not be determined"
            )
    elif cmd == "from":
        if len(args) == 3 and args[1].lower() == "as":
            if not _STAGE_NAME.fullmatch(args[2].lower()):
                return (
                    f"invalid name for build stage: {_go_quote(args[2])}, "
                    "name can't start with a number or contain symbols"
                )
        elif len(args) != 1:
            return "FROM requires either one or three arguments"
    elif cmd == "onbuild":
        if not args:
            return _at_least_one("ONBUILD")
        trigger = args[0].strip().upper()
        if trigger == "ONBUILD":
            return "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"
        if trigger in ("MAINTAINER", "FROM"):
            return f"{trigger} isn't allowed as an ONBUILD trigger"
    elif cmd == "healthcheck":
        return _healthcheck(args, node.json)
    elif cmd in ("expose", "volume", "arg"):
        if not args:
            return _at_least_one(name)
        if cmd == "volume" and any(not v.strip() for v in args):
            return "VOLUME specified can not be an empty string"
        if cmd == "arg" and any("=" in a and not a.split("=", 1)[0] for a in args):
            return "ARG names can not be blank"
    elif cmd == "shell":
        if not _handle_json_args(args, node.json):
            return _at_least_one("SHELL")
        if not node.json:
            return "SHELL requires the arguments to be in JSON form"
    return None


def _healthcheck(args: tuple[str, ...], is_json: bool) -> str | None:
    if not args:
        return _at_least_one("HEALTHCHECK")
    typ, rest = args[0].upper(), args[1:]
    if typ == "NONE":
        return "HEALTHCHECK NONE takes no arguments" if rest else None
    if typ != "CMD":
        return f"Unknown type {_go_quote(typ)} in HEALTHCHECK (try CMD)"
    if not _handle_json_args(rest, is_json):
        return "Missing command after HEALTHCHECK CMD"
    return None


def _unknown(word: str) -> str:
    message = f"unknown instruction: {word}"
    # util/suggest: the closest known name, if the word is close enough
    import difflib

    close = difflib.get_close_matches(word.upper(), [k.upper() for k in KNOWN], n=1, cutoff=0.6)
    return f"{message} (did you mean {close[0]}?)" if close else message


def _go_quote(text: str) -> str:
    """Go's ``%q`` for the plain text these messages quote."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def check(tree: cst.Dockerfile) -> None:
    """Raise ParseError at the first instruction BuildKit would refuse to build."""
    seen_from = False
    for item, line, end_line in tree.positions():
        if not isinstance(item, cst.Instruction):
            continue
        node = item.model
        message = instruction_error(node)
        cmd = node.cmd.lower()
        if message is None and not seen_from and cmd in KNOWN and cmd not in ("from", "arg"):
            message = "no build stage in current context"
        if message is not None:
            raise ParseError(message, line, len(item.indent) + 1, end_line)
        seen_from = seen_from or cmd == "from"
