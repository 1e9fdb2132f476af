"""Open every page of a built report site in headless Chromium and check it rendered.

Run as ``python -m tests.python.site_check BUILD_DIR SCREENSHOT_DIR [--empty]``; prints one
JSON line per page and exits 1 if any page failed. Serves the site on 127.0.0.1, drives Debian's
Chromium through Playwright, and checks per page: no Evidence error box and no uncaught page
error, every chart drew a canvas or svg, every table has data rows, a page has at least one
chart or table, no code (a snake_case word) in its visible text outside code elements nor
among the series names and axis categories its charts draw (the data-quality page for
operators excepted), no chart series without a name, no table wider than its column, and no
request left localhost. Of templated pages (one per account, channel, ...) the first two of
each folder are opened. Where a page has a dropdown, it picks another option and checks the
page re-rendered without errors. A screenshot per page is saved.

No personal data anywhere: no e-mail address or phone number in any page's text (before and
after the dropdown change) nor in any data the site ships (every string of its parquet and
Arrow files, its HTML and JSON), found by patterns of its own (not the warehouse's masking
SQL). The app's JavaScript is library code and is not scanned (it carries Evidence's support
address). Each page's text is printed too (``text``), so callers can look for content.

With ``--empty`` (a site built from report sources without rows) every page must instead show
its "no data yet" states, and still no error box and no page error.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Page, sync_playwright

from journey_warehouse.serve import server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
RENDERED = "() => document.querySelector('[_echarts_instance_] canvas, "
RENDERED += "[_echarts_instance_] svg, table tr td, .bg-red-50, [data-empty-state]')"
PAGE_STATE = """() => {
    const charts = [...document.querySelectorAll('[_echarts_instance_]')];
    const tables = [...document.querySelectorAll('table')];
    return {
        charts: charts.length,
        charts_drawn: charts.filter(c => c.querySelector('canvas, svg')).length,
        table_rows: tables.map(t => [...t.querySelectorAll('tr')].filter(r => r.querySelector('td')).length),
        errors: [...document.querySelectorAll('.bg-red-50')].map(e => e.innerText.trim().slice(0, 300)),
        empty_states: [...document.querySelectorAll('[data-empty-state]')].map(e => e.innerText.trim()),
        // charts with ECharts' aria option describe their data (e.g. a Sankey's nodes)
        chart_labels: charts.map(c => c.getAttribute('aria-label') || ''),
        data_as_of: (document.querySelector('[data-as-of]')?.innerText || '').trim(),
        // codes a reader sees (snake_case words in visible text outside code elements)
        codes_shown: (() => {
            const found = new Set();
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const element = node.parentElement;
                if (!element || element.closest('code, pre, script, style')) continue;
                if (!element.checkVisibility()) continue;
                for (const word of node.textContent.match(/\b[a-z]+(?:_[a-z]+)+\b/g) || []) {
                    found.add(word);
                }
            }
            return [...found].slice(0, 10);
        })(),
        // what charts draw on their canvas (not in the DOM): the names of the series of a chart
        // with a legend and the categories of its axes, from Evidence's chart registry; an
        // empty, "null" or snake_case one is a series or a category without its label
        chart_codes: (() => {
            const registry = window[Symbol.for('__evidence-chart-window-debug__')] || {};
            const found = new Set();
            for (const chart of Object.values(registry)) {
                const option = chart.getOption && chart.getOption();
                if (!option) continue;
                const series = option.series || [];
                const names = series.length > 1 ? series.map(s => s.name) : [];
                const categories = [...(option.xAxis || []), ...(option.yAxis || [])]
                    .filter(axis => axis.type === 'category').flatMap(axis => axis.data || []);
                for (const item of [...names, ...categories]) {
                    const text = String(item !== null && typeof item === 'object' ? item.value : item);
                    if (/^(|null|undefined)$/.test(text) || /\b[a-z]+(?:_[a-z]+)+\b/.test(text)) {
                        found.add(text);
                    }
                }
            }
            return [...found].slice(0, 10);
        })(),
        // tables wider than the box they sit in: their right columns are cut off
        tables_cut: tables.filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)
            .map(t => t.innerText.trim().split('\\n').slice(0, 3).join(' | ').slice(0, 80)),
        text: document.body.innerText,
    };
}"""
# the operator's page names tables, columns and expectations as they are
CODE_PAGES = ("/data-quality/",)
PAGES = Path(__file__).resolve().parents[2] / "reports" / "pages"
TEMPLATED_SAMPLE = 2


# e-mail addresses and phone numbers as people type them (DE/EN): +49 170 1234567, 0049 ...,
# 0170/1234567, (030) 123 45 67, +44 20 7946 0958, 01701234567; not dates, prices, times, ids
# (nor +104.49216: no dots inside an international number here)
PERSONAL_DATA = {
    "e-mail address": re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"),
    "phone number": re.compile(
        r"(?<![\w.,/#+-])(?:\+|00)[1-9]\d{0,2}[ /-]?(?:\(0\)[ /-]?)?\(?\d(?:[ /()-]{0,2}\d){6,13}(?!\w|\.\d)"
        r"|(?<![\w.,/#:-])\(?0[1-9]\d{1,4}\)?(?: ?[/-] ?| )\d(?:[ -]?\d){3,10}(?![\w.,:/-]?\d)"
        r"|(?<![\w.,/#:-])0[1-9]\d{8,11}(?!\w)"
    ),
}


def personal_data(text: str) -> list[str]:
    """The e-mail addresses and phone numbers in a text, as "kind: value"."""
    return [f"{kind}: {m.group(0)}" for kind, pattern in PERSONAL_DATA.items()
            for m in pattern.finditer(text)]  # fmt: skip


def data_strings(path: Path) -> list[str]:
    """Every string value of a parquet or Arrow file, or the text of any other file."""
    if path.suffix == ".parquet":
        import duckdb

        con = duckdb.connect()
        try:
            relation = con.read_parquet(str(path))
            columns = [c for c, t in zip(relation.columns, relation.types, strict=True)
                       if str(t) == "VARCHAR"]  # fmt: skip
            return [v for c in columns for (v,) in
                    relation.select(f'"{c}"').fetchall() if v]  # fmt: skip
        finally:
            con.close()
    if path.suffix == ".arrow":
        import pyarrow as pa
        import pyarrow.ipc

        table = pyarrow.ipc.open_stream(path.read_bytes()).read_all()
        return [v for column in table.columns if pa.types.is_string(column.type)
                for v in column.to_pylist() if v]  # fmt: skip
    return [path.read_text(encoding="utf-8", errors="replace")]


def personal_data_in_files(build: Path) -> list[str]:
    """Personal data in the site's data (parquet, Arrow) and pages (HTML, JSON), per file."""
    found = []
    for path in sorted(build.rglob("*")):
        if path.is_file() and path.suffix in (".parquet", ".arrow", ".html", ".json"):
            hits = [hit for value in data_strings(path) for hit in personal_data(value)]
            if hits:
                found.append(f"{path.relative_to(build)}: {hits[:3]}")
    return found


def templated_folders() -> set[str]:
    """Folders of templated pages (pages/accounts/[account].md): one page per account etc."""
    return {page.parent.name for page in PAGES.glob("*/[[]*[]].md")}


def routes(build: Path) -> list[str]:
    """Every page, but of each templated folder only the first TEMPLATED_SAMPLE pages: they
    share one template, and hundreds of accounts would take the check minutes."""
    found, sampled = [], {folder: 0 for folder in templated_folders()}
    for html in sorted(build.rglob("index.html")):
        relative = html.relative_to(build).as_posix()
        if relative.startswith(("api/", "settings/", "explore/", "_app/")):
            continue
        parts = relative.split("/")
        if len(parts) == 3 and parts[0] in sampled:
            if sampled[parts[0]] == TEMPLATED_SAMPLE:
                continue
            sampled[parts[0]] += 1
        found.append("/" + relative.removesuffix("index.html"))
    return found


def problems_of(
    state: dict, page_errors: list[str], empty: bool = False, route: str = ""
) -> list[str]:
    problems = []
    if state["errors"]:
        problems.append(f"error boxes: {state['errors']}")
    if page_errors:
        problems.append(f"page errors: {page_errors[:3]}")
    if empty:
        if not state["empty_states"]:
            problems.append("no empty state shown")
        if any(not text.startswith("No data yet for ") for text in state["empty_states"]):
            problems.append(f"an empty state without its message: {state['empty_states']}")
        return problems
    if state["charts"] != state["charts_drawn"]:
        problems.append(f"{state['charts'] - state['charts_drawn']} chart(s) not drawn")
    if any(rows == 0 for rows in state["table_rows"]):
        problems.append(f"empty table(s): {state['table_rows']}")
    if not state["data_as_of"].startswith(("Data as of", "No data loaded yet")):
        problems.append("no 'data as of' line")
    if state["charts"] == 0 and not state["table_rows"]:
        problems.append("neither charts nor tables")
    if state["codes_shown"] and route not in CODE_PAGES:
        problems.append(f"codes instead of labels: {state['codes_shown']}")
    if state["chart_codes"] and route not in CODE_PAGES:
        problems.append(f"chart series or categories without labels: {state['chart_codes']}")
    if state["tables_cut"]:
        problems.append(f"tables wider than their column: {state['tables_cut']}")
    return problems


def change_dropdown(page: Page) -> list[str]:
    """Pick the second option of the first dropdown; the page must re-render cleanly."""
    combo = page.locator("button[role=combobox]")
    if combo.count() == 0:
        return []
    before = page.inner_text("body")
    combo.first.click()
    options = page.locator("[role=option]")
    options.first.wait_for(timeout=10_000)
    if options.count() < 2:
        page.keyboard.press("Escape")
        return []
    value = options.nth(1).get_attribute("data-value")
    options.nth(1).click()
    page.keyboard.press("Escape")
    try:
        page.wait_for_function("b => document.body.innerText !== b", arg=before, timeout=30_000)
    except Exception:
        return [f"choosing {value!r} did not change the page"]
    page.wait_for_timeout(1500)
    state = page.evaluate(PAGE_STATE)
    problems = (
        [f"error boxes after choosing {value!r}: {state['errors']}"] if state["errors"] else []
    )
    if leaked := personal_data(state["text"]):
        problems.append(f"personal data after choosing {value!r}: {leaked[:3]}")
    return problems


def check_site(build: Path, screenshots: Path, empty: bool = False) -> list[dict]:
    screenshots.mkdir(parents=True, exist_ok=True)
    httpd = server(build)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    external: list[str] = []
    results = []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, service_workers="block",
            args=CHROMIUM_FLAGS, viewport={"width": 1400, "height": 900},
        )  # fmt: skip
        context.on("request", lambda r: None if urlparse(r.url).hostname in ("127.0.0.1", None)
                   or r.url.startswith(("data:", "blob:")) else external.append(r.url))  # fmt: skip
        for route in routes(build):
            page = context.new_page()
            page_errors: list[str] = []
            page.on("pageerror", lambda e, errors=page_errors: errors.append(str(e)))
            page.goto(base + route, wait_until="networkidle", timeout=90_000)
            page.wait_for_function(RENDERED, timeout=90_000)
            page.wait_for_timeout(1500)
            state = page.evaluate(PAGE_STATE)
            name = route.strip("/").replace("/", "_") or "index"
            page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
            problems = problems_of(state, page_errors, empty, route)
            if leaked := personal_data(state["text"]):
                problems.append(f"personal data on the page: {leaked[:3]}")
            if not empty:
                problems += change_dropdown(page)
            results.append({"route": route, **state, "problems": problems})
            page.close()
        context.close()
    httpd.shutdown()
    if external:
        results.append({"route": "(network)", "problems": [f"left localhost: {external[:5]}"]})
    if leaked := personal_data_in_files(build):
        results.append({"route": "(data files)", "problems": [f"personal data: {leaked[:5]}"]})
    return results


def main() -> int:
    build, screenshots = Path(sys.argv[1]), Path(sys.argv[2])
    results = check_site(build, screenshots, empty="--empty" in sys.argv[3:])
    for result in results:
        print(json.dumps(result))
    return 1 if any(r["problems"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
