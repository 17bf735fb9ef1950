"""The guard compares RUN scripts by ``script_words``: the words ``analyze`` gives, without
the rest of the analysis."""

from __future__ import annotations

from conftest import GOLDEN, corpus_texts
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.analysis.package_lists import canonical_packages
from optimizer.analysis.shell import script
from optimizer.errors import ParseError
from optimizer.syntax.parser import parse


def _run_scripts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(GOLDEN.rglob("*Dockerfile"))]
    texts += [t for _, t in corpus_texts("official", "apps")[::5]]
    out = []
    for text in texts:
        try:
            tree = parse(text)
        except ParseError:
            continue
        for inst in tree.instructions:
            if inst.keyword == "RUN" and not inst.is_json and inst.values:
                out.append(inst.values[0])
    return out


def _fresh_words(text: str) -> tuple[str, ...]:
    script._words_cached.cache_clear()
    return script.script_words(text)


def test_script_words_are_the_analysis_words() -> None:
    scripts = _run_scripts()
    assert len(scripts) > 500
    for text in scripts:
        for s in (text, canonical_packages(text)):
            assert _fresh_words(s) == script.analyze(s).words, s
    with script.file_scope():  # in a file's scope, the scope's analysis answers
        assert script.script_words(scripts[0]) == script.analyze(scripts[0]).words


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab $'\"\\\n;&|()<>#{}=`*", max_size=30))
def test_script_words_of_odd_scripts(text: str) -> None:
    assert _fresh_words(text) == script.analyze(text).words


def test_script_words_of_a_script_too_deep_to_analyse() -> None:
    deep = "(" * 3000 + "a" + ")" * 3000
    assert script.analyze(deep).too_deep
    assert _fresh_words(deep) == script.analyze(deep).words
