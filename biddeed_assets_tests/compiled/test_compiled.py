"""Compiled modules: loaded only when built from today's source, switchable off, and equal to pure Python."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from biddeed_assets import compiled
from biddeed_assets.compiled import build

MODULE = "biddeed_assets.rules.max_bid"

# analyses simulated cases and prints which modules ran compiled, then one line per case: its row and verdict
PROBE = """
import json, sys
from biddeed_assets import compiled
from biddeed_assets.bench.analyze import simulated_inputs
from biddeed_assets.model.features import case_features
from biddeed_assets.rules.analysis import analyze_case
print(json.dumps(compiled.loaded_compiled()))
for item in simulated_inputs(int(sys.argv[1])):
    derived = item.derive()
    print(repr(case_features(item, derived)), repr(analyze_case(derived.context, derived.features)))
"""


def _probe(cases: int, pure: bool) -> tuple[list[str], list[str]]:
    env = {k: v for k, v in os.environ.items() if k != "BIDDEED_PURE_PYTHON"}
    if pure:
        env["BIDDEED_PURE_PYTHON"] = "1"
    out = subprocess.run([sys.executable, "-c", PROBE, str(cases)], env=env, capture_output=True, text=True,
                         check=True, timeout=120).stdout.splitlines()
    return json.loads(out[0]), out[1:]


def _fake_build(lib, module=MODULE, source_hash=None):
    lib.mkdir(exist_ok=True)
    compiled.built_path(module, lib).write_bytes(b"not a real extension")
    (lib / "manifest.json").write_text(json.dumps({module: source_hash or compiled.source_hash(module)}))


def test_a_build_of_the_source_as_it_is_is_fresh(tmp_path):
    _fake_build(tmp_path)
    assert compiled.fresh_builds(tmp_path) == {MODULE: compiled.built_path(MODULE, tmp_path)}
    assert MODULE not in build.stale(tmp_path)
    assert len(build.stale(tmp_path)) == len(compiled.MODULES) - 1


def test_a_build_of_edited_source_is_never_loaded(tmp_path):
    _fake_build(tmp_path, source_hash="0" * 64)  # built before the last edit
    assert compiled.fresh_builds(tmp_path) == {}
    assert MODULE in build.stale(tmp_path)


def test_no_manifest_a_broken_one_or_a_missing_file_means_nothing_is_built(tmp_path):
    assert compiled.fresh_builds(tmp_path) == {}
    _fake_build(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    assert compiled.fresh_builds(tmp_path) == {}
    _fake_build(tmp_path)
    compiled.built_path(MODULE, tmp_path).unlink()
    assert compiled.fresh_builds(tmp_path) == {}
    assert set(build.stale(tmp_path)) == set(compiled.MODULES)


def test_the_finder_answers_only_for_its_fresh_builds(tmp_path):
    _fake_build(tmp_path)
    finder = compiled.CompiledFinder(compiled.fresh_builds(tmp_path))
    spec = finder.find_spec(MODULE)
    assert spec.name == MODULE and spec.origin == str(compiled.built_path(MODULE, tmp_path))
    assert finder.find_spec("biddeed_assets.rules.decisions") is None
    assert finder.find_spec("biddeed_assets.rules.agents") is None  # listed, but not built here


def test_every_listed_module_has_its_source(tmp_path):
    for module in compiled.MODULES:
        assert compiled.source_path(module).is_file(), module


def test_a_build_that_cannot_compile_says_so_in_one_line_and_leaves_pure_python(monkeypatch, capsys):
    def no_compiler(modules, *args, **kwargs):
        raise RuntimeError("command 'gcc' failed: No such file or directory")

    monkeypatch.setattr(build, "stale", lambda lib=compiled.LIB: [MODULE])
    monkeypatch.setattr(build, "compile_modules", no_compiler)
    assert build.main([]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["compiled modules not built (RuntimeError: command 'gcc' failed: No such file or directory); "
                   "running as pure Python"]


def test_biddeed_pure_python_turns_the_compiled_modules_off():
    loaded, _ = _probe(0, pure=True)
    assert loaded == []


@pytest.mark.skipif(len(compiled.fresh_builds()) < len(compiled.MODULES),
                    reason="not every module is compiled from today's source: run `make compiled`")
def test_compiled_and_pure_python_give_the_same_rows_and_verdicts():
    loaded, fast = _probe(600, pure=False)
    assert loaded == list(compiled.MODULES)
    _, pure = _probe(600, pure=True)
    assert len(fast) == 600
    assert fast == pure
