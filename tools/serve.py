"""Serve _build/html on 127.0.0.1 the way a static host would: gzip for text, cache headers,
the custom 404 page, and the site also under the path it is published at (html_baseurl's, such
as /mlcalc/), which the 404 page's absolute addresses use.

python tools/serve.py [--port 8000] [--root _build/html]
Used by `make serve`, the browser tests and the Lighthouse benchmark.
"""

import argparse
import functools
import gzip
import http.server
import io
import re
import threading
from pathlib import Path
from urllib.parse import urlparse

COMPRESSIBLE = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".map", ".inv"}
CONFIG = Path(__file__).resolve().parents[1] / "_config.yml"


def published_path(config: Path = CONFIG) -> str:
    """The path of the site's html_baseurl in _config.yml ("/mlcalc/"), or "/"."""
    match = re.search(r"^\s*html_baseurl:\s*(\S+)", config.read_text(encoding="utf-8"), re.M)
    return urlparse(match.group(1)).path.rstrip("/") + "/" if match else "/"


PREFIX = published_path()


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "public, max-age=3600")
        super().end_headers()

    def translate_path(self, path):
        if PREFIX != "/" and path.startswith(PREFIX):  # /mlcalc/x.html is x.html
            path = path[len(PREFIX) - 1:]
        return super().translate_path(path)

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():  # a static host's custom 404 page
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def start(root, port=0):
    """Start a server in a daemon thread; returns it (its port: server.server_port)."""
    handler = functools.partial(Handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[1] / "_build" / "html"))
    args = parser.parse_args()
    server = start(args.root, args.port)
    print(f"Serving {args.root} on http://127.0.0.1:{server.server_port}/ (Ctrl-C stops)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
