"""book/_ext/build_guard.py: CI forces execution; a changed mlcalc empties the execution cache."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("build_guard", ROOT / "book/_ext/build_guard.py")
guard = importlib.util.module_from_spec(spec)
spec.loader.exec_module(guard)


@pytest.fixture
def library(tmp_path, monkeypatch):
    src = tmp_path / "mlcalc"
    src.mkdir()
    (src / "a.py").write_text("x = 1\n")
    monkeypatch.setattr(guard, "SOURCE", src)
    assets = tmp_path / "book"
    (assets / "_static").mkdir(parents=True)
    (assets / "_ext").mkdir()
    (assets / "_static" / "site.css").write_text("a { color: blue }\n")
    monkeypatch.setattr(guard, "ASSETS", assets)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("MLCALC_FORCE_EXECUTE", raising=False)
    return src


def fake_build(tmp_path):
    out = tmp_path / "_build" / "html"
    out.mkdir(parents=True, exist_ok=True)
    cache = tmp_path / "_build" / ".jupyter_cache"
    cache.mkdir(exist_ok=True)
    app = SimpleNamespace(outdir=str(out), statuscode=0)
    config = SimpleNamespace(nb_execution_mode="cache", nb_execution_cache_path=str(cache))
    return app, config, cache


def test_hash_follows_the_source(library):
    before = guard.source_hash()
    (library / "a.py").write_text("x = 2\n")
    assert guard.source_hash() != before


def test_unchanged_library_keeps_the_cache(library, tmp_path):
    app, config, cache = fake_build(tmp_path)
    guard._config_inited(app, config)
    guard._finished(app, None)  # first build stamps the hash
    app, config, cache = fake_build(tmp_path)
    guard._config_inited(app, config)
    assert cache.exists() and not app.mlcalc_changed
    assert guard._outdated(app, SimpleNamespace(found_docs={"a", "b"}), *[set()] * 3) == []


def test_changed_library_empties_the_cache_and_rereads_every_page(library, tmp_path):
    app, config, _ = fake_build(tmp_path)
    guard._config_inited(app, config)
    guard._finished(app, None)
    (library / "a.py").write_text("x = 3\n")
    app, config, cache = fake_build(tmp_path)
    guard._config_inited(app, config)
    assert not cache.exists() and app.mlcalc_changed
    assert guard._outdated(app, SimpleNamespace(found_docs={"a", "b"}), *[set()] * 3) == ["a", "b"]


def test_failed_build_does_not_stamp(library, tmp_path):
    app, config, _ = fake_build(tmp_path)
    guard._config_inited(app, config)
    app.statuscode = 1
    guard._finished(app, None)
    assert not (tmp_path / "_build" / ".mlcalc-source-hash").exists()


@pytest.mark.parametrize("var,value", [("CI", "true"), ("MLCALC_FORCE_EXECUTE", "1")])
def test_ci_forces_execution(library, tmp_path, monkeypatch, var, value):
    monkeypatch.setenv(var, value)
    app, config, _ = fake_build(tmp_path)
    guard._config_inited(app, config)
    assert config.nb_execution_mode == "force"
    assert guard._outdated(app, SimpleNamespace(found_docs={"a"}), *[set()] * 3) == ["a"]


def test_changed_styles_rewrite_every_page_but_keep_the_cache(library, tmp_path):
    app, config, _ = fake_build(tmp_path)
    guard._config_inited(app, config)
    guard._finished(app, None)
    (tmp_path / "book" / "_static" / "site.css").write_text("a { color: navy }\n")
    app, config, cache = fake_build(tmp_path)
    guard._config_inited(app, config)
    assert cache.exists() and app.mlcalc_changed  # outputs still valid; pages rewritten
    assert guard._outdated(app, SimpleNamespace(found_docs={"a", "b"}), *[set()] * 3) == ["a", "b"]
