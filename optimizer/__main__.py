"""Entry point of the ``dopt`` command.

``dopt fmt -`` is an editor's format-on-save, run on every save, so start-up counts: the
command line is argparse (a few ms), and each command imports only what it uses (``fmt``
never loads the rules).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from optimizer.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
