"""Serve the static report site on localhost with the MIME types DuckDB-WASM needs."""

from __future__ import annotations

import argparse
import functools
import http.server
import os
from pathlib import Path
from typing import ClassVar

from journey_warehouse.reports import BUILD_DIR


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".arrow": "application/vnd.apache.arrow.file",
        ".parquet": "application/octet-stream",
    }

    def send_head(self):
        # pages are written as /page.html or /page/index.html; serve /page without a redirect
        path = self.translate_path(self.path).rstrip("/")
        is_page = os.path.exists(os.path.join(path, "index.html"))
        if not is_page and os.path.exists(path + ".html"):  # also beside a folder of subpages
            self.path = self.path.split("?")[0].rstrip("/") + ".html"
        return super().send_head()

    def list_directory(self, path):
        # a folder without index.html is not a page: no listing of what the site holds
        self.send_error(404, "Not found")
        return None

    def log_message(self, format, *args):
        pass


def server(directory: Path = BUILD_DIR, port: int = 0) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(SiteHandler, directory=str(directory))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=4173)
    parser.add_argument("--directory", type=Path, default=BUILD_DIR)
    args = parser.parse_args()
    httpd = server(args.directory, args.port)
    print(f"serving {args.directory} on http://localhost:{args.port} (Ctrl-C to stop)")
    httpd.serve_forever()


if __name__ == "__main__":
    main()
