"""What shell analysis tells about a ``RUN`` script: the frozen records rules query.

``Word``, ``Command`` and ``PackageOp`` are the parts; ``ShellScript`` is the whole summary
``analyze`` (in ``script``) returns.
"""

from __future__ import annotations

from optimizer.record import Record


class Word(Record):
    """One shell word."""

    text: str  # exact source text
    # Value after quote removal when the word is fully static (no expansion,
    # substitution, glob, leading ~ or brace expansion); otherwise None.
    literal: str | None


class Command(Record):
    """A simple command (also ``export``/``unset``-style declarations and ``[ ... ]`` tests)."""

    text: str  # exact source slice (includes the command's own redirects)
    start: int  # character offsets into the script
    end: int
    argv: tuple[Word, ...]  # command name + arguments; no assignments, no redirects
    assignments: tuple[str, ...]  # prefix assignments (FOO=bar) as source text
    redirects: tuple[str, ...]  # redirect texts; a heredoc is given as "<<EOF" without its body

    @property
    def name(self) -> str | None:
        """Literal command name without a leading path (``/usr/bin/apt-get`` -> ``apt-get``)."""
        if not self.argv or self.argv[0].literal is None:
            return None
        return self.argv[0].literal.rsplit("/", 1)[-1] or None


class PackageOp(Record):
    """A package-manager invocation such as ``apt-get install -y curl``."""

    manager: str  # apt-get, apt, apk, pip (also for pip3, python -m pip)...: see package_managers
    action: str  # first non-option word after the manager: install, update, add, cache, ...
    packages: tuple[str, ...]  # remaining non-option words (literal value, else source text)
    options: tuple[str, ...]  # option words, each followed by its value if it takes a separate one
    command: Command


class ShellScript(Record):
    """Everything ``analyze`` found out about one script."""

    source: str
    # Parsed without ERROR/MISSING nodes, and every non-blank character belongs to a token.
    ok: bool
    commands: tuple[Command, ...]  # every simple command, in source order, nested ones included
    # Top level split into (command_text, operator_after); None when not losslessly splittable.
    chain: tuple[tuple[str, str], ...] | None
    leaks: tuple[str, ...]  # top-level shell-state changes visible to an appended `&& cmd`
    early_exit: tuple[str, ...]  # top-level exit / return / exec CMD
    background: bool  # a `&` anywhere
    comment: bool  # a `# comment` anywhere
    trailing_comment: bool  # the script ends with a comment
    package_ops: tuple[PackageOp, ...]
    paths_written: tuple[str, ...]
    paths_removed: tuple[str, ...]
    variables_read: tuple[str, ...]  # $VAR / ${VAR..} (and arithmetic) names, first-use order
    # Token texts, comments left out, for comparing scripts up to whitespace and
    # line layout: leaf tokens, with strings/heredoc bodies whole and abutting word
    # parts glued (see ``_tokens``).
    words: tuple[str, ...]
    # Nested deeper than MAX_DEPTH: not analysed (no commands, no chain, ok False; words are
    # the text split at blanks, which only the same layout matches).
    too_deep: bool = False
