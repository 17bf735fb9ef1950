"""The common command lines of the per-file commands, read without argparse.

``dopt fmt -`` runs on every editor save and ``dopt check``/``fix`` once per file in hooks:
importing argparse (with gettext and locale) and building a subcommand's parser costs
~3-4 ms of a ~40 ms run.  ``parse`` reads the usual forms (paths, ``-``, the on/off flags
and ``--stdin-filename``) into the values argparse would give; anything else (help, an
abbreviation, a flag with a value, ``--``, a mistake) returns None and argparse reads the
line, so messages and errors stay argparse's own.

A flag argparse knows but this table does not (one added later) is still right: its value
is looked up from a full argparse parse of the same line, on first use (``_Args``).
tests/test_cli_fastargs.py checks every form here against argparse.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from argparse import Namespace as _Namespace
    from typing import Any
else:
    _Namespace = object

# Per command: its on/off flags (option string -> dest) and every default argparse sets.
_FLAGS: dict[str, dict[str, str]] = {
    "fmt": {"--check": "check", "--diff": "diff", "-q": "quiet", "--quiet": "quiet"},
    "check": {
        "--exit-zero": "exit_zero",
        "--statistics": "statistics",
        "--preview": "preview",
        "--cache-mounts": "cache_mounts",
    },
    "fix": {
        "-w": "write",
        "--write": "write",
        "--diff": "diff",
        "--check": "check",
        "--unsafe-fixes": "unsafe_fixes",
        "--exit-zero": "exit_zero",
        "--show-fixes": "show_fixes",
        "--exit-non-zero-on-fix": "exit_non_zero_on_fix",
        "--preview": "preview",
        "--cache-mounts": "cache_mounts",
    },
}


def _defaults(command: str) -> dict[str, Any]:
    common: dict[str, Any] = {
        "command": command,
        "paths": [],
        "stdin_filename": None,
        "exclude": [],
    }
    if command == "fmt":
        return {
            **common,
            "check": False,
            "diff": False,
            "quiet": False,
            "color": None,
            "indent_width": None,
            "operator_position": None,
            "sort_packages": None,
            "line_width": None,
        }
    report: dict[str, Any] = {
        "output_format": "text",
        "output_file": None,
        "exit_zero": False,
        "select": None,
        "extend_select": [],
        "ignore": [],
        "preview": False,
        "cache_mounts": False,
        "context": None,
    }
    if command == "check":
        return {**common, **report, "statistics": False}
    return {
        **common,
        **report,
        "write": False,
        "diff": False,
        "check": False,
        "unsafe_fixes": False,
        "show_fixes": False,
        "exit_non_zero_on_fix": False,
        "color": None,
    }


class _Args(_Namespace):
    """argparse's Namespace for a line ``parse`` read; a name it has no value for comes
    from argparse itself (reading the same line), so a flag added to main.py later never
    reads wrong here."""

    def __init__(self, argv: list[str], values: dict[str, Any]) -> None:
        self.__dict__.update(values)
        self._argv = argv

    def __getattr__(self, name: str) -> Any:  # only for names not set above
        if name.startswith("__"):
            raise AttributeError(name)
        from optimizer.cli.main import build_parser

        full = build_parser(self._argv[0]).parse_args(self._argv)
        for key, value in vars(full).items():
            self.__dict__.setdefault(key, value)
        return getattr(full, name)


def parse(argv: list[str]) -> _Args | None:
    """What argparse would read from ``argv`` (``[command, ...]``), or None to let it read."""
    if not argv or argv[0] not in _FLAGS:
        return None
    command = argv[0]
    flags = _FLAGS[command]
    values = _defaults(command)
    paths: list[str] = []
    rest = iter(argv[1:])
    after_paths = False  # a flag came after the paths
    for arg in rest:
        if arg == "-" or not arg.startswith("-"):
            if after_paths:
                return None  # argparse reads the paths as one run: "unrecognized arguments"
            paths.append(arg)
            continue
        after_paths = bool(paths)
        if arg in flags:
            values[flags[arg]] = True
        elif arg == "--stdin-filename":
            name = next(rest, None)
            if name is None or name.startswith("-"):
                return None  # argparse's message: "expected one argument"
            values["stdin_filename"] = name
        elif arg.startswith("--stdin-filename=") and len(arg) > len("--stdin-filename="):
            values["stdin_filename"] = arg[len("--stdin-filename=") :]
        else:
            return None
    values["paths"] = paths
    return _Args(argv, values)
