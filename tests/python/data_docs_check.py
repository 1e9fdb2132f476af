"""Open Great Expectations Data Docs pages from disk in headless Chromium with every request
but file:// blocked, and report what each page loaded and rendered.

Used by the pipeline test on the Data Docs its gate wrote; ``python -m
tests.python.data_docs_check PAGE.html ...`` prints one JSON line per page."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from .site_check import CHROMIUM, CHROMIUM_FLAGS

# what bootstrap-table, Bootstrap's styles, Vega and the logo did to the page
PAGE_STATE = """() => ({
    title: document.title,
    bootstrap_table: typeof window.jQuery?.fn?.bootstrapTable === 'function',
    vega_embed: typeof window.vegaEmbed === 'function',
    table_rows: [...document.querySelectorAll('.bootstrap-table .fixed-table-body table')]
        .map(t => t.querySelectorAll('tbody tr:not(.no-records-found)').length),
    bootstrap_styled: getComputedStyle(document.querySelector('.navbar') || document.body)
        .display === 'flex',
    images_broken: [...document.images].filter(i => !i.complete || !i.naturalWidth)
        .map(i => i.src),
})"""


def check_pages(pages: list[Path]) -> list[dict]:
    """Per page: its state, the requests that failed or were blocked, and page errors."""
    results = []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, service_workers="block",
            args=CHROMIUM_FLAGS, viewport={"width": 1400, "height": 900},
        )  # fmt: skip
        blocked: list[str] = []

        def only_files(route):
            if route.request.url.startswith(("file://", "data:")):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort("internetdisconnected")

        context.route("**/*", only_files)
        for path in pages:
            blocked.clear()
            failed: list[str] = []
            errors: list[str] = []
            page = context.new_page()
            page.on("requestfailed", lambda r, failed=failed: failed.append(r.url))
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.on("console", lambda m, errors=errors: errors.append(m.text)
                    if m.type == "error" else None)  # fmt: skip
            page.goto(path.resolve().as_uri(), wait_until="load", timeout=60_000)
            page.wait_for_timeout(500)  # bootstrap-table renders on document ready
            state = page.evaluate(PAGE_STATE)
            results.append({"page": str(path), **state, "blocked": list(blocked),
                            "failed": failed, "errors": errors})  # fmt: skip
            page.close()
        context.close()
    return results


if __name__ == "__main__":
    for result in check_pages([Path(p) for p in sys.argv[1:]]):
        print(json.dumps(result))
