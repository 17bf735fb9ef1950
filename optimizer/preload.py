"""Start-up preload: the dopt modules a per-file command imports, run from one file.

A per-file command (an editor's format-on-save, a pre-commit hook) imports about 110 of
dopt's modules on every run.  Python's import system spends ~80 us on each before running
it (finding it on the path, locking, reading and checking its ``.pyc``): ~6 ms of a
40 ms ``dopt check``.  CPython freezes the modules of its own start-up for the same
reason.  Here a run that finds no bundle records the modules it imports, in the order
they finish (each after those it imports), and at its exit writes their code objects to
one file beside the ``.pyc`` files; later runs of the command execute them from it, in
that order, without the import system.

It is safe because nothing is run that the sources would not run:
- the bundle is used only when each module's source has the size and mtime recorded
  (as a ``.pyc`` is checked), each package folder the same mtime (a module added or
  removed), and the interpreter and the package's folder are the same;
- running a module after those it imports is what an import does: dopt's modules import
  each other without cycles at module level (tests/test_preload.py holds them to it), and
  a module whose import is asked early is imported as usual, then skipped here;
- if a module raises, every module the bundle ran is taken out of ``sys.modules`` and the
  bundle is deleted, so the imports run as usual and raise as they would.

Each shape of command line has its own bundle (``check`` and ``check --output-format
sarif`` load different modules); a run that imports dopt modules its bundle lacks (a file
that takes another path) writes it again with them added.  ``DOPT_PRELOAD=0`` turns it
off; so do ``-X importtime`` and ``PYTHONPROFILEIMPORTTIME`` (whoever profiles imports wants
to see them).  Writing follows ``sys.dont_write_bytecode``, and is atomic.  Only ``os``,
``sys`` and ``marshal`` are used: all three are loaded before any Python code runs.
"""

from __future__ import annotations

import marshal
import os
import sys

TYPE_CHECKING = False  # not typing's: importing typing costs ~3 ms of every start-up
if TYPE_CHECKING:
    from types import CodeType, ModuleType
    from typing import Any

_PACKAGE = __name__.rpartition(".")[0]  # "optimizer"
_PREFIX = _PACKAGE + "."
# A bundle written by another layout of this file, another interpreter, or the package at
# another place (a copied virtualenv: its bundle names the sources of the original) is not
# read.
_FORMAT = 1
_HEADER = (_FORMAT, sys.version, sys.flags.optimize, os.path.dirname(str(__file__)))
# The import system's own classes, as it gave them to this module: the modules run from a
# bundle get the same kind of spec and loader as an import gives them.
_Spec = type(__spec__)
_SourceLoader: Any = type(__spec__.loader)
_ModuleType = type(sys)

# name, source path, is a package, source (st_mtime_ns, st_size), code
Entry = tuple[str, str, bool, tuple[int, int], "CodeType"]


def enabled() -> bool:
    """Whether start-up may use bundles at all."""
    if os.environ.get("DOPT_PRELOAD", "1") == "0":
        return False
    if "importtime" in sys._xoptions or os.environ.get("PYTHONPROFILEIMPORTTIME"):
        return False
    # A dopt run from a zip or a frozen build has no sources to check the bundle against.
    return hasattr(_SourceLoader, "get_code") and str(__file__).endswith(".py")


# The options whose value decides which modules run (a report format's own module).
_VALUED = frozenset({"--output-format", "--format"})
_NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789=._-")


def shape(args: list[str]) -> str | None:
    """What names a command line's bundle: the command and its options, without the paths
    and values (``check --output-format=sarif --statistics``), so that each way a command
    is used loads only its own modules.  None for a shape too long to name a file."""
    parts: set[str] = set()
    for i, arg in enumerate(args[1:], 1):
        if not arg.startswith("-") or arg == "-":
            continue
        name, equals, value = arg.partition("=")
        if name in _VALUED:
            value = value if equals else (args[i + 1] if i + 1 < len(args) else "")
            parts.add(f"{name}={value}")
        else:
            parts.add(name)
    named = "".join([args[0], *sorted(parts)])
    if len(named) > 100 or not set(named) <= _NAME_CHARACTERS:
        return None
    return named


def bundle_path(named: str) -> str:
    """Where a command line's bundle lives (``named`` by ``shape``): beside the package's
    ``.pyc`` files (or in ``DOPT_PRELOAD_DIR``, for tests)."""
    folder = os.environ.get("DOPT_PRELOAD_DIR") or os.path.join(
        os.path.dirname(str(__file__)), "__pycache__"
    )
    tag = sys.implementation.cache_tag or "python"
    return os.path.join(folder, f"dopt-{named}.{tag}.preload")


def _source_stamp(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_mtime_ns, st.st_size


def _folder_stamps(entries: list[Entry]) -> dict[str, int]:
    """The mtime of each folder the modules live in: it changes when a module is added,
    removed or renamed there."""
    return {
        folder: os.stat(folder).st_mtime_ns for folder in {os.path.dirname(e[1]) for e in entries}
    }


def read(path: str) -> list[Entry] | None:
    """The bundle's entries, when it is there, of this interpreter, and not stale."""
    try:
        with open(path, "rb") as f:
            header, folders, entries = marshal.loads(f.read())
        if header != _HEADER:
            return None
        for folder, stamp in folders.items():
            if os.stat(folder).st_mtime_ns != stamp:
                return None
        for _, source, _, stamp, _ in entries:
            if _source_stamp(source) != stamp:
                return None
    except (OSError, ValueError, EOFError, TypeError):
        return None  # missing, unreadable, truncated or of another layout: imports as usual
    return list(entries)


def write(path: str, entries: list[Entry]) -> None:
    """Write a bundle atomically (a file another run reads is never half-written); a
    folder that cannot be written to is left as it is."""
    if sys.dont_write_bytecode:
        return
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        data = marshal.dumps((_HEADER, _folder_stamps(entries), tuple(entries)))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as f:
            f.write(data)
        os.replace(temporary, path)
    except (OSError, ValueError):
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return
    _keep_newest(os.path.dirname(path))


# Bundles kept per folder (each ~1 MB): a user runs a few shapes of command line, but one
# whose scripts vary the options must not fill the disk with them.
MAX_BUNDLES = 12


def _keep_newest(folder: str) -> None:
    """Delete all but the ``MAX_BUNDLES`` most recently written bundles of ``folder``."""
    try:
        names = [n for n in os.listdir(folder) if n.startswith("dopt-") and n.endswith(".preload")]
        if len(names) <= MAX_BUNDLES:
            return
        paths = sorted((os.path.join(folder, n) for n in names), key=os.path.getmtime)
        for old in paths[:-MAX_BUNDLES]:
            os.unlink(old)
    except OSError:
        pass  # another run deleted one meanwhile: the next write tidies up


def run(entries: list[Entry]) -> None:
    """Run the bundle's modules that are not imported yet, in its order.  When one raises,
    every module it ran is taken out of ``sys.modules`` again, and the error raised."""
    modules = sys.modules
    sources = {e[0]: e[1] for e in entries}
    ran: list[str] = []
    ahead: set[str] = set()  # packages made before their ``__init__`` runs

    def parent_of(name: str) -> ModuleType:
        parent = name.rpartition(".")[0]
        if parent not in modules:
            # A package whose ``__init__`` imports this module first thing: Python runs the
            # child while the package is still empty, as here.
            if parent not in sources:
                raise ImportError(f"preload: package {parent} is not in the bundle")
            grandparent = parent_of(parent)
            modules[parent] = _module(parent, sources[parent], True)
            setattr(grandparent, parent.rpartition(".")[2], modules[parent])
            ahead.add(parent)
            ran.append(parent)
        return modules[parent]

    try:
        for name, source, is_package, _, code in entries:
            if name in ahead:
                ahead.discard(name)
                module = modules[name]
            elif name in modules:
                continue  # imported before the bundle ran (the console script's, or early)
            else:
                parent = parent_of(name)
                module = _module(name, source, is_package)
                modules[name] = module
                ran.append(name)
                exec(code, module.__dict__)
                setattr(parent, name.rpartition(".")[2], module)  # bound once run, as Python does
                continue
            exec(code, module.__dict__)
        if ahead:
            raise ImportError(f"preload: packages {sorted(ahead)} never ran")
    except BaseException:
        for name in reversed(ran):
            modules.pop(name, None)
            above, _, child = name.rpartition(".")
            if above in modules and child in modules[above].__dict__:
                delattr(modules[above], child)
        raise


def _module(name: str, source: str, is_package: bool) -> ModuleType:
    """A module object with what an import sets on it (spec, loader, file, path)."""
    loader = _SourceLoader(name, source)
    spec = _Spec(name, loader, origin=source, is_package=is_package)
    spec.has_location = True
    module = _ModuleType(name)
    module.__spec__ = spec
    module.__loader__ = loader
    module.__file__ = source
    module.__package__ = name if is_package else name.rpartition(".")[0]
    if is_package:
        folder = os.path.dirname(source)
        spec.submodule_search_locations = [folder]
        module.__path__ = [folder]
    return module


class Recorder:
    """A meta path finder that notes, in the order they finish, the dopt modules imported
    the usual way (all of a run without a bundle; the bundle's misses otherwise)."""

    def __init__(self) -> None:
        self.finished: list[str] = []

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if not name.startswith(_PREFIX):
            return None
        finders = sys.meta_path
        after = finders.index(self) + 1 if self in finders else 0
        for finder in finders[after:]:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find is not None else None
            if spec is not None:
                if hasattr(spec.loader, "get_code") and hasattr(spec.loader, "exec_module"):
                    spec.loader = _NotingLoader(spec.loader, name, self.finished)
                return spec
        return None


class _NotingLoader:
    """The module's own loader, noting when the module has run."""

    def __init__(self, loader: Any, name: str, finished: list[str]) -> None:
        self.loader = loader
        self.name = name
        self.finished = finished

    def create_module(self, spec: Any) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        self.finished.append(self.name)

    def __getattr__(self, name: str) -> Any:  # get_code, get_source, is_package, ...
        return getattr(self.loader, name)


class Session:
    """One process's use of a command's bundle: ``start`` before the command imports
    anything, ``finish`` at its exit."""

    def __init__(self, named: str) -> None:
        self.path = bundle_path(named)
        self.entries: list[Entry] = []
        self.recorder = Recorder()

    def start(self) -> None:
        sys.meta_path.insert(0, self.recorder)
        entries = read(self.path)
        if entries is None:
            return
        try:
            run(entries)
        except Exception:
            # A module that raises on import raises again when imported as usual: the error
            # is then the command's own.  The bundle goes, so it is not tried again.
            try:
                os.unlink(self.path)
            except OSError:
                pass
            return
        self.entries = entries

    def finish(self) -> None:
        """Write the bundle again when this run imported dopt modules it lacks."""
        if self.recorder in sys.meta_path:
            sys.meta_path.remove(self.recorder)
        known = {e[0] for e in self.entries}
        added = [n for n in self.recorder.finished if n not in known]
        if not added:
            return
        entries = list(self.entries)
        for name in added:
            entry = _entry(name)
            if entry is None:
                return  # a module dopt cannot bundle (no source): leave it to imports
            entries.append(entry)
        write(self.path, entries)


def _entry(name: str) -> Entry | None:
    module = sys.modules.get(name)
    source = getattr(module, "__file__", None)
    loader = getattr(getattr(module, "__spec__", None), "loader", None)
    if module is None or not isinstance(source, str) or loader is None:
        return None
    try:
        code = loader.get_code(name)
        stamp = _source_stamp(source)
    except (OSError, ImportError):
        return None
    if code is None:
        return None
    return name, source, hasattr(module, "__path__"), stamp, code


def start(args: list[str]) -> Session | None:
    """Use (or begin recording) the bundle of this command line (``sys.argv[1:]``); None
    when preloading is off."""
    named = shape(args)
    if named is None or not enabled():
        return None
    session = Session(named)
    session.start()
    return session
