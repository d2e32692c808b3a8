"""Lighthouse over every page of the built site, served with gzip as a static host would.

Run with `make bench` after a build. Needs Node.js and npm (Lighthouse is installed into
.cache/lighthouse on first use) and Chromium at /usr/bin/chromium (or $CHROME_PATH).
Mobile defaults: simulated throttling on an emulated mid-range phone. Prints a table:
the four category scores, KiB transferred, LCP, requests to other hosts and console errors.
These are figures to report, not assertions.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import serve  # noqa: E402
from chromium import FLAGS, PATH  # noqa: E402

LIGHTHOUSE_DIR = ROOT / ".cache" / "lighthouse"


def lighthouse() -> Path:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(LIGHTHOUSE_DIR), "--no-audit",
                        "--no-fund", "lighthouse@13"], check=True, stdout=subprocess.DEVNULL)
    return binary


def audit(binary, url, report):
    env = dict(os.environ, CHROME_PATH=PATH)
    subprocess.run([str(binary), url, f"--chrome-flags={' '.join(FLAGS)}", "--output=json",
                    f"--output-path={report}", "--quiet"], check=True, env=env)
    result = json.loads(Path(report).read_text())
    audits = result["audits"]
    requests = audits["network-requests"]["details"]["items"]
    host = url.split("/")[2]
    return {
        **{k: v["score"] for k, v in result["categories"].items()},
        "kib": sum(r.get("transferSize", 0) for r in requests) / 1024,
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "si": audits["speed-index"]["numericValue"] / 1000,
        "offsite": sum(1 for r in requests
                       if r["url"].startswith("http") and r["url"].split("/")[2] != host),
        "errors": len(audits["errors-in-console"]["details"]["items"]),
    }


def main(pages=None):
    html = ROOT / "_build" / "html"
    if not (html / "search.html").exists():
        sys.exit("build the site first: make html")
    pages = pages or sorted(str(p.relative_to(html)) for p in html.rglob("*.html")
                            if p.relative_to(html).parts[0] not in ("_static", "_sources", "_images"))
    binary = lighthouse()
    server = serve.start(html)
    base = f"http://127.0.0.1:{server.server_port}/"
    print("| page | perf | a11y | best pr. | SEO | KiB | FCP s | LCP s | TBT ms | SI s | off-site | console errors |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    worst = {}
    for page in pages:
        row = audit(binary, base + page, "/tmp/mlcalc-lighthouse.json")
        for key in ("performance", "accessibility", "best-practices", "seo"):
            worst[key] = min(worst.get(key, 1), row[key])
        print(f"| {page} | {row['performance']:.2f} | {row['accessibility']:.2f} | "
              f"{row['best-practices']:.2f} | {row['seo']:.2f} | {row['kib']:.0f} | "
              f"{row['fcp']:.1f} | {row['lcp']:.1f} | {row['tbt']:.0f} | {row['si']:.1f} | {row['offsite']} | {row['errors']} |", flush=True)
    print("\nworst:", ", ".join(f"{k} {v:.2f}" for k, v in worst.items()))
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main(sys.argv[1:] or None)
