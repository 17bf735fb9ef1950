"""optimizer.analysis.shell: facts about the shell text of a RUN instruction."""

from __future__ import annotations

import subprocess
import sys

import pytest

from optimizer.analysis.shell.facts import Command, PackageOp, Word
from optimizer.analysis.shell.script import analyze, same_words


def ops(script: str) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    return [(o.manager, o.action, o.packages, o.options) for o in analyze(script).package_ops]


# ----------------------------------------------------------------------------- basics


def test_import_does_not_load_tree_sitter() -> None:
    code = (
        "import sys, optimizer.analysis.shell.script\n"
        "assert 'tree_sitter' not in sys.modules, 'tree_sitter imported eagerly'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_results_are_frozen_and_cached() -> None:
    r = analyze("apt-get update")
    assert analyze("apt-get update") is r
    with pytest.raises(AttributeError):
        r.ok = False  # type: ignore[misc]
    assert isinstance(r.commands, tuple) and isinstance(r.commands[0], Command)
    assert isinstance(r.package_ops[0], PackageOp)


def test_empty_script() -> None:
    r = analyze("")
    assert r.ok and r.commands == () and r.chain == () and r.words == ()


def test_commands_offsets_and_parts() -> None:
    s = "FOO=1 /usr/bin/apt-get -y install curl >/tmp/log 2>&1 && echo $(id -u)"
    r = analyze(s)
    assert [c.name for c in r.commands] == ["apt-get", "echo", "id"]
    apt = r.commands[0]
    assert apt.text == "FOO=1 /usr/bin/apt-get -y install curl >/tmp/log 2>&1"
    assert s[apt.start : apt.end] == apt.text
    assert [w.text for w in apt.argv] == ["/usr/bin/apt-get", "-y", "install", "curl"]
    assert apt.assignments == ("FOO=1",)
    assert apt.redirects == (">/tmp/log", "2>&1")


def test_offsets_are_characters_not_bytes() -> None:
    s = "echo héllo && cd /ü"
    r = analyze(s)
    cd = r.commands[1]
    assert (cd.start, cd.end, cd.text) == (14, 19, "cd /ü")
    assert s[cd.start : cd.end] == "cd /ü"


def test_redirect_after_list_binds_to_last_command() -> None:
    # tree-sitter-bash attaches `> f` to the whole `a && b`; the shell binds it to b.
    r = analyze("a && b > f")
    assert r.chain == (("a", "&&"), ("b > f", ""))
    assert r.commands[0].redirects == ()
    assert r.commands[1].redirects == ("> f",)


# ------------------------------------------------------------------------------ words


@pytest.mark.parametrize(
    ("arg", "literal"),
    [
        ("plain", "plain"),
        ('"a b"', "a b"),
        ("'c  d'", "c  d"),
        ('a"b"c', "abc"),
        ("c\\ d", "c d"),
        ('"a\\"b"', 'a"b'),
        ("\\*", "*"),
        ('"*"', "*"),
        ("[a", "[a"),
        ("{}", "{}"),
        ("-o=x", "-o=x"),
        ("$HOME", None),
        ('"$HOME/x"', None),
        ("${X:-y}", None),
        ("`id`", None),
        ("$(id)", None),
        ("*.c", None),
        ("a?", None),
        ("x[12]", None),
        ("~/bin", None),
        ("{a,b}", None),
        ("x{1..3}", None),
        ("$'\\t'", None),
    ],
)
def test_word_literal(arg: str, literal: str | None) -> None:
    argv = analyze(f"echo {arg}").commands[0].argv
    assert argv[1] == Word(arg, literal)


def test_name_strips_path_and_needs_literal() -> None:
    r = analyze("/usr/local/bin/pip3 install x; $PIP install y")
    assert [c.name for c in r.commands] == ["pip3", None]


# ------------------------------------------------------------------------------ chain


def test_chain_splits_top_level_list() -> None:
    assert analyze("a && b || c; d").chain == (("a", "&&"), ("b", "||"), ("c", ";"), ("d", ""))


def test_chain_keeps_compound_and_pipeline_elements_whole() -> None:
    r = analyze("(cd /x && make) | tee log && { a; b; } && if x; then y; fi")
    assert r.chain == (
        ("(cd /x && make) | tee log", "&&"),
        ("{ a; b; }", "&&"),
        ("if x; then y; fi", ""),
    )


def test_chain_tolerates_continuations_and_trailing_semicolon() -> None:
    assert analyze("a \\\n  && b;").chain == (("a", "&&"), ("b", ""))
    assert analyze("a &&\n  b").chain == (("a", "&&"), ("b", ""))


@pytest.mark.parametrize(
    "script",
    [
        "a && b # note",
        "# note\na",
        "a & b",
        "a && b &",
        "cat <<EOF > f\nhi\nEOF",
        "a\nb",
        "a &&",
        "echo 'unterminated",
        "if a; then b",
    ],
)
def test_chain_refused(script: str) -> None:
    assert analyze(script).chain is None


def test_ok_flag() -> None:
    assert analyze("a && b").ok
    assert not analyze("a &&").ok
    assert not analyze('echo "x').ok


def test_background_and_comments() -> None:
    assert analyze("sleep 1 & wait").background
    assert not analyze("a && b").background
    r = analyze("a # trailing")
    assert r.comment and r.trailing_comment
    r = analyze("# leading\na")
    assert r.comment and not r.trailing_comment
    assert not analyze("echo a#b").comment


# ------------------------------------------------------------------ leaks, early exit


def test_cd_leaks_at_top_level() -> None:
    assert analyze("cd /x && make").leaks == ("cd",)


@pytest.mark.parametrize(
    "script",
    [
        "(cd /x && make)",
        "x=$(cd /x && pwd) && echo $x",
        "cd /x | tee",
        "cd /x &",
        "f() { cd /x; }",
        "make -C /x",
    ],
)
def test_no_leak_from_subshells(script: str) -> None:
    assert not [r for r in analyze(script).leaks if r == "cd"]


@pytest.mark.parametrize(
    ("script", "leak"),
    [
        ("if true; then cd /x; fi", "cd"),
        ("{ pushd /x; }", "pushd"),
        ("popd", "popd"),
        ("export A=1 B", "export B"),
        ("unset C", "unset C"),
        ("declare -x D=1", "declare D"),
        ("readonly R=1", "readonly R"),
        ("X=1", "assignment X"),
        ("A=1 B=$C && make", "assignment B"),
        ("set -eux", "set"),
        ("shopt -s globstar", "shopt"),
        ("umask 022", "umask"),
        ("ulimit -n 1024", "ulimit"),
        ("trap 'rm -f x' EXIT", "trap"),
        ("alias ll='ls -l'", "alias"),
        ("f() { :; }", "function f"),
        ("function g { :; }", "function g"),
        ("source /etc/profile", "source"),
        (". /venv/bin/activate", "."),
        ("exec >/log 2>&1", "exec"),
        ("command cd /x", "cd"),
    ],
)
def test_leak_kinds(script: str, leak: str) -> None:
    assert leak in analyze(script).leaks


def test_prefix_assignment_is_not_a_leak() -> None:
    assert analyze("FOO=1 make && DEBIAN_FRONTEND=x apt-get update").leaks == ()


def test_early_exit() -> None:
    assert analyze("exit 0").early_exit == ("exit",)
    assert analyze("a || exit 1").early_exit == ("exit",)
    assert analyze("return").early_exit == ("return",)
    assert analyze("exec nginx -g 'daemon off;'").early_exit == ("exec nginx",)
    assert analyze("(exit 1) && b").early_exit == ()
    assert analyze("exec >/log").early_exit == ()


# --------------------------------------------------------------------- package ops


def test_apt_get() -> None:
    s = (
        "apt-get update && apt-get -y install --no-install-recommends curl 'ca-certificates'"
        " && apt-get clean && rm -rf /var/lib/apt/lists/*"
    )
    assert ops(s) == [
        ("apt-get", "update", (), ()),
        ("apt-get", "install", ("curl", "ca-certificates"), ("-y", "--no-install-recommends")),
        ("apt-get", "clean", (), ()),
    ]
    assert analyze(s).package_ops[1].command.name == "apt-get"


def test_apt_options_with_values_and_prefixes() -> None:
    s = "sudo -E env DEBIAN_FRONTEND=noninteractive apt -o Dpkg::Use-Pty=0 install -y x=1.2 $P"
    assert ops(s) == [("apt", "install", ("x=1.2", "$P"), ("-o", "Dpkg::Use-Pty=0", "-y"))]


def test_apk() -> None:
    s = "apk update && apk add --no-cache --virtual .deps gcc && apk del .deps"
    assert ops(s) == [
        ("apk", "update", (), ()),
        ("apk", "add", ("gcc",), ("--no-cache", "--virtual", ".deps")),
        ("apk", "del", (".deps",), ()),
    ]


@pytest.mark.parametrize(
    "prefix", ["pip", "pip3", "/opt/venv/bin/pip", "python -m pip", "python3 -m pip"]
)
def test_pip(prefix: str) -> None:
    s = f"{prefix} install --no-cache-dir -r requirements.txt 'flask>=2'"
    assert ops(s) == [
        ("pip", "install", ("flask>=2",), ("--no-cache-dir", "-r", "requirements.txt"))
    ]


def test_python_without_pip_is_not_a_package_op() -> None:
    assert ops("python3 setup.py install") == []
    assert ops("python -c 'import pip'") == []


def test_npm_and_yarn() -> None:
    assert ops("npm ci --omit=dev && npm cache clean --force") == [
        ("npm", "ci", (), ("--omit=dev",)),
        ("npm", "cache", ("clean",), ("--force",)),
    ]
    assert ops("npm install -g serve") == [("npm", "install", ("serve",), ("-g",))]
    assert ops("yarn && yarn add react && yarn cache clean") == [
        ("yarn", "install", (), ()),
        ("yarn", "add", ("react",), ()),
        ("yarn", "cache", ("clean",), ()),
    ]


def test_rpm_zypper_gem() -> None:
    assert ops("yum install -y httpd && yum clean all") == [
        ("yum", "install", ("httpd",), ("-y",)),
        ("yum", "clean", ("all",), ()),
    ]
    assert ops("dnf -y --enablerepo crb install x") == [
        ("dnf", "install", ("x",), ("-y", "--enablerepo", "crb"))
    ]
    assert ops("microdnf install -y jq") == [("microdnf", "install", ("jq",), ("-y",))]
    assert ops("zypper -n in vim && zypper ref") == [
        ("zypper", "in", ("vim",), ("-n",)),
        ("zypper", "ref", (), ()),
    ]
    assert ops("gem install bundler -v 2.4.0 --no-document") == [
        ("gem", "install", ("bundler",), ("-v", "2.4.0", "--no-document"))
    ]


def test_not_package_ops() -> None:
    assert ops("apt-get --version && echo apt-get install x && aptly install") == []


# ----------------------------------------------------------------------------- paths


def test_paths_written() -> None:
    s = (
        "echo a > /etc/a && echo b >> rel 2>/dev/null && touch /t && mkdir -p -m 755 /d"
        " && cp x y /cpdest && mv a /mvdest && ln -sf /usr/bin/python3 /usr/bin/python"
        " && echo x | tee -a /etc/tee && curl -fsSLo /tmp/c https://x && wget -O /tmp/w u"
        " && git clone --depth 1 https://github.com/o/repo.git"
        " && git clone https://h/o/r.git /src/r && tar -xzf a.tgz -C /opt"
        " && chmod +x /usr/local/bin/run && chown -R app:app /app && echo $X > $HOME/no"
    )
    assert analyze(s).paths_written == (
        "/etc/a",
        "rel",
        "/t",
        "/d",
        "/cpdest",
        "/mvdest",
        "/usr/bin/python",
        "/etc/tee",
        "/tmp/c",
        "/tmp/w",
        "repo",
        "/src/r",
        "/opt",
        "/usr/local/bin/run",
        "/app",
    )


def test_paths_removed() -> None:
    r = analyze("rm -rf /tmp/a '/tmp/b c' /var/lib/apt/lists/* $D && rm -f -- -odd")
    # Globs and expansions are not literal paths.
    assert r.paths_removed == ("/tmp/a", "/tmp/b c", "-odd")


# ------------------------------------------------------------------------- variables


def test_variables_read() -> None:
    s = 'echo $A "${B:-$C}" ${#D} $((E + 1)) \'$NOT\' "$A" $1 && F=$G'
    assert analyze(s).variables_read == ("A", "B", "C", "D", "E", "1", "G")


def test_variables_read_in_heredoc_unless_quoted() -> None:
    assert analyze("cat <<EOF\n$X\nEOF").variables_read == ("X",)
    assert analyze("cat <<'EOF'\n$X\nEOF").variables_read == ()


# ------------------------------------------------------------------------ same_words


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("a  &&   b", "a && b"),
        ("a \\\n    && b", "a && b"),
        ("a&&b", "a && b"),
        ("a &&\n  b", "a && b"),
        ("apt-get install \\\n  curl \\\n  git", "apt-get install curl git"),
        ("ab\\\ncd", "abcd"),
        ("a # comment", "a"),
        ("echo $( id )", "echo $(id)"),
    ],
)
def test_same_words_true(a: str, b: str) -> None:
    assert same_words(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ('echo "a  b"', 'echo "a b"'),
        ("echo 'a  b'", "echo 'a b'"),
        ("echo a b", "echo ab"),
        ('echo a"b"', 'echo a "b"'),
        ("cmd 2>f", "cmd 2 >f"),
        ("a=b c", "a= b c"),
        ("a\nb", "a b"),
        ("a $x", "a$x"),
        ("cat <<EOF\n a\nEOF", "cat <<EOF\na\nEOF"),
    ],
)
def test_same_words_false(a: str, b: str) -> None:
    assert not same_words(a, b)


def test_text_tree_sitter_drops_makes_ok_false() -> None:
    # tree-sitter-bash skips an escaped space; the shell passes " " to `a`.
    r = analyze("a \\  && b")
    assert not r.ok and r.chain is None
