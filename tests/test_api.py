"""The Python API of ``import optimizer``: format_text, fix_text, lint (docs/python-api.md)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import optimizer
from optimizer.format.style import Style
from optimizer.io.settings import Settings

EXAMPLE = (Path(__file__).parent.parent / "examples" / "Dockerfile").read_text()

FORMATTED = (
    "FROM debian:bookworm\n"
    "# Build tools and the app's runtime\n"
    "RUN apt-get update\n"
    "RUN apt-get install -y curl git\n"
    "COPY . /app\n"
    "WORKDIR /app\n"
    "ENV LANG=C.UTF-8\n"
    "RUN pip install -r requirements.txt\n"
    'CMD ["python3", "app.py"]\n'
)

FIXED = (
    "from debian:bookworm\n"
    "# Build tools and the app's runtime\n"
    "RUN apt-get update && \\\n"
    "    apt-get install -y curl git && \\\n"
    "    rm -rf /var/lib/apt/lists/*\n"
    "copy . /app\n"
    "workdir /app\n"
    "ENV LANG C.UTF-8\n"
    "RUN pip install --no-cache-dir -r requirements.txt\n"
    'CMD ["python3","app.py"]\n'
)


def test_format_text_formats_a_dockerfile() -> None:
    assert optimizer.format_text(EXAMPLE) == FORMATTED
    assert optimizer.format_text(FORMATTED) == FORMATTED


def test_format_text_takes_settings() -> None:
    text = "from x\nrun a && \\\n b\n"
    narrow = Settings(style=Style(indent=2))
    assert optimizer.format_text(text, narrow) == "FROM x\nRUN a && \\\n  b\n"


def test_fix_text_applies_the_safe_fixes() -> None:
    assert optimizer.fix_text(EXAMPLE) == FIXED


def test_fix_text_unsafe_adds_the_unsafe_fixes() -> None:
    fixed = optimizer.fix_text(EXAMPLE, unsafe=True)
    # DOP202 too: text with no build context has its manifests-first fix unsafe.
    manifests_first = FIXED.replace(
        "copy . /app\nworkdir /app\nENV LANG C.UTF-8\n",
        "workdir /app\nENV LANG C.UTF-8\ncopy requirements.txt ./\n",
    ).replace("-r requirements.txt\nCMD", "-r requirements.txt\ncopy . /app\nCMD")
    assert fixed == manifests_first.replace(
        "install -y", "install --no-install-recommends -y"
    ).replace("from debian:bookworm\n", "from debian:bookworm-slim\n")  # DOP502


def test_lint_lists_the_findings_in_file_order() -> None:
    found = [(d.code, d.line, d.column, d.end_line, d.fix) for d in optimizer.lint(EXAMPLE)]
    assert found == [
        ("DOP405", 1, 1, 1, None),  # it copies an app in and never sets USER
        ("DOP502", 1, 1, 1, "unsafe"),
        ("DOP102", 3, 1, 3, None),
        ("DOP101", 4, 1, 4, "safe"),
        ("DOP301", 4, 1, 4, "unsafe"),
        ("DOP106", 8, 1, 8, "safe"),
        ("DOP202", 8, 1, 8, "unsafe"),
    ]
    assert optimizer.lint(FIXED, Settings(select=("DOP1",))) == ()


def test_lint_is_still_callable_once_the_lint_package_is_imported() -> None:
    # `optimizer.lint` is also the linter's package: importing it rebinds the name.
    import optimizer.lint.runner

    assert callable(optimizer.lint)
    assert optimizer.lint(EXAMPLE) == optimizer.api.lint(EXAMPLE)


@pytest.mark.parametrize("call", [optimizer.format_text, optimizer.fix_text, optimizer.lint])
def test_a_file_buildkit_refuses_raises_parse_error(call: object) -> None:
    with pytest.raises(optimizer.ParseError) as caught:
        call("FORM debian\n")  # type: ignore[operator]
    assert (caught.value.line, caught.value.column) == (1, 1)
    assert caught.value.message == "unknown instruction: FORM (did you mean FROM?)"


def test_import_optimizer_imports_neither_the_engine_nor_the_parser() -> None:
    code = (
        "import sys, optimizer\n"
        "heavy = [m for m in sys.modules if m.startswith(('lark', 'tree_sitter',"
        " 'optimizer.engine', 'optimizer.lint', 'optimizer.format', 'optimizer.syntax'))]\n"
        "assert not heavy, heavy\n"
        "assert callable(optimizer.lint) and callable(optimizer.format_text)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_the_documented_example_runs() -> None:
    page = (Path(__file__).parent.parent / "docs" / "python-api.md").read_text()
    blocks = re.findall(r"```python\n(.*?)\n```", page, re.S)
    assert len(blocks) == 1
    exec(compile(blocks[0], "docs/python-api.md", "exec"), {})
