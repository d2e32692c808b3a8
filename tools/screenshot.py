"""Screenshot built pages in headless Chromium: python tools/screenshot.py PAGE [PAGE ...].

PAGE is a path under _build/html (e.g. book/01-what-is-calculus/functions.html).
Options: --dark (dark theme), --phone (375 px wide), --out DIR (default /tmp/shots),
--root DIR (the built site to serve, default _build/html).
Serves _build/html on a free 127.0.0.1 port for the duration.
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

import serve
from chromium import FLAGS, PATH


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--phone", action="store_true")
    parser.add_argument("--out", default="/tmp/shots")
    parser.add_argument("--root", default=Path(__file__).resolve().parents[1] / "_build" / "html")
    args = parser.parse_args()
    root = Path(args.root)
    server = serve.start(root)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=PATH, args=FLAGS)
        size = {"width": 375, "height": 800} if args.phone else {"width": 1280, "height": 900}
        page = browser.new_page(viewport=size, color_scheme="dark" if args.dark else "light")
        for name in args.pages:
            page.goto(f"http://127.0.0.1:{server.server_port}/{name}")
            if args.dark:
                page.evaluate("document.documentElement.dataset.theme = 'dark'")
            # full-page shots do not scroll: render what content-visibility would skip
            page.add_style_tag(content=".bd-article section { content-visibility: visible !important }")
            # ... and load the figures that would load lazily as they scrolled into view
            page.evaluate("Promise.all([...document.images].map(i => { i.loading = 'eager'; "
                          "return i.complete ? null : new Promise(r => { i.onload = i.onerror = r; }); }))")
            page.wait_for_timeout(1000)
            stem = name.replace("/", "_").removesuffix(".html") + ("-dark" if args.dark else "") + (
                "-phone" if args.phone else "")
            target = out / f"{stem}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)
        browser.close()
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main()
