"""Keep executed outputs honest.

* Under CI (``CI=true``) or with ``MLCALC_FORCE_EXECUTE=1``, every notebook is executed
  afresh (``nb_execution_mode = "force"``), whatever ``_config.yml`` says.
* Locally the execution cache is used, but it is keyed on the cells' code only. So we also
  hash mlcalc's source: when it changed since the last build, the cache is emptied and every
  page re-read, and no page shows outputs of an older library.
* Sphinx copies the site's styles and scripts (book/_static) and runs its extensions
  (book/_ext) only for pages it rewrites, and rewrites nothing when no page changed. So they
  are hashed too: when they changed, every page is re-read (from the execution cache) and
  rewritten, and no page keeps an old stylesheet or script.
"""

import hashlib
import os
import shutil
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "mlcalc"
ASSETS = Path(__file__).resolve().parents[1]  # book/: its _static and _ext folders


def _hash(root: Path, paths) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def source_hash() -> str:
    return _hash(SOURCE, SOURCE.rglob("*.py"))


def assets_hash() -> str:
    return _hash(ASSETS, [*(ASSETS / "_static").rglob("*"), *(ASSETS / "_ext").rglob("*.py"),
                          *(ASSETS / "_ext" / "vendor").rglob("*")])  # Temml, which mathml.py runs


def _stamp(app) -> Path:
    return Path(app.outdir).parent / ".mlcalc-source-hash"


def _assets_stamp(app) -> Path:
    return Path(app.outdir).parent / ".mlcalc-assets-hash"


def _config_inited(app, config):
    app.mlcalc_hash = source_hash()
    app.mlcalc_assets = assets_hash()
    stamp = _assets_stamp(app)
    app.mlcalc_changed = not (stamp.exists() and stamp.read_text() == app.mlcalc_assets)
    if os.environ.get("CI") == "true" or os.environ.get("MLCALC_FORCE_EXECUTE") == "1":
        config.nb_execution_mode = "force"
        app.mlcalc_changed = True  # re-read every page, or unchanged pages would not run at all
        return
    stamp = _stamp(app)
    if stamp.exists() and stamp.read_text() == app.mlcalc_hash:
        return
    app.mlcalc_changed = True
    cache = Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    shutil.rmtree(cache, ignore_errors=True)


def _outdated(app, env, added, changed, removed):
    return sorted(env.found_docs) if app.mlcalc_changed else []


def _finished(app, exception):
    if exception is None and app.statuscode == 0:
        _stamp(app).write_text(app.mlcalc_hash)
        _assets_stamp(app).write_text(app.mlcalc_assets)


def setup(app):
    app.connect("config-inited", _config_inited)
    app.connect("env-get-outdated", _outdated)
    app.connect("build-finished", _finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
