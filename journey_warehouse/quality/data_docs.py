"""Make the Great Expectations Data Docs site work offline.

GX 1.24 writes pages that load jQuery, Bootstrap, bootstrap-table, Vega and Font Awesome from
CDNs and a logo from S3 (with the data context id appended: a tracking image). Offline the pages
stay empty. After every docs build, ``localize`` copies those files from
``expectations/data_docs_assets/node_modules`` (exact pins in its lockfile, ``npm ci`` at
``make setup``) into the site's ``static/vendor/`` and points every page at them by a path
relative to the page. Links a reader may follow (newsletter, GX docs) stay as they are.
"""

from __future__ import annotations

import filecmp
import re
import shutil
from os.path import relpath
from pathlib import Path

from journey_warehouse.settings import PROJECT_DIR

ASSETS = PROJECT_DIR / "expectations" / "data_docs_assets" / "node_modules"
VENDOR = Path("static") / "vendor"  # inside the site; each file keeps its node_modules path

# Every CDN URL GX 1.24's templates write -> the file of the npm package that serves it.
CDN_FILES = {
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/dist/jquery.min.js",
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css":
        "bootstrap/dist/css/bootstrap.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js":
        "bootstrap/dist/js/bootstrap.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js":
        "popper.js/dist/umd/popper.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css":
        "bootstrap-table/dist/bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js":
        "bootstrap-table/dist/bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
    # GX asks for the 1.19.0 styles of the extension: 1.19.1's differ only in the version comment
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        "bootstrap-datepicker/dist/css/bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        "bootstrap-datepicker/dist/js/bootstrap-datepicker.min.js",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css":
        "@forevolve/bootstrap-dark/dist/css/bootstrap-prefers-dark.css",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css":
        "@fortawesome/fontawesome-free/css/all.min.css",
    # jsdelivr serves a package's "jsdelivr" file of the newest matching version
    "https://cdn.jsdelivr.net/npm/vega@5": "vega/build/vega.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "vega-lite/build/vega-lite.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "vega-embed/build/vega-embed.min.js",
}  # fmt: skip
# what those files load relative to themselves
SIDE_FILES = ("@fortawesome/fontawesome-free/webfonts",)

# the navbar logo (light: an <img> with a tracking query; dark: a CSS background) -> GX's own
# copy in the site's static/images
LOGO = re.compile(r"https://great-expectations-web-assets\.s3\.[\w-]+\.amazonaws\.com/"
                  r"(?:logo-long|full_logo_dark)\.png[^\"')\s]*")  # fmt: skip
LOCAL_LOGO = Path("static") / "images" / "logo-long.png"
# subresource integrity needs a CORS fetch, which Chromium refuses between file:// pages; the
# local files are checked by npm's lockfile integrity instead
INTEGRITY = re.compile(r'\s+(?:integrity|crossorigin)="[^"]*"')
VENDOR_TAG = re.compile(r"<(?:script|link)\b[^>]*static/vendor/[^>]*>")


class DataDocsAssetsMissing(FileNotFoundError):
    """The npm packages the offline Data Docs need are not installed."""


def require_assets(assets: Path = ASSETS) -> None:
    """Fail before a docs build, with what to do, if setup has not installed the assets."""
    missing = [name for name in [*CDN_FILES.values(), *SIDE_FILES] if not (assets / name).exists()]
    if missing:
        raise DataDocsAssetsMissing(
            f"Data Docs assets missing in {assets} ({', '.join(missing[:3])}"
            f"{', ...' if len(missing) > 3 else ''}): run `make setup` "
            "(npm ci in expectations/data_docs_assets) so the Data Docs work offline"
        )


def copy_assets(site: Path, assets: Path = ASSETS) -> None:
    """Copy the vendored files into ``site/static/vendor``, skipping those already there."""
    require_assets(assets)
    files = [assets / name for name in CDN_FILES.values()]
    files += [f for name in SIDE_FILES for f in (assets / name).rglob("*") if f.is_file()]
    for source in files:
        target = site / VENDOR / source.relative_to(assets)
        if not (target.exists() and filecmp.cmp(source, target)):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def rewrite(text: str, to_site: str) -> str:
    """A page's text with every CDN and logo URL pointed at the local copy; ``to_site`` is the
    relative path from the page's folder to the site root ("." or "../..")."""
    for url, name in CDN_FILES.items():
        text = text.replace(url, f"{to_site}/{(VENDOR / name).as_posix()}")
    text = LOGO.sub(f"{to_site}/{LOCAL_LOGO.as_posix()}", text)
    return VENDOR_TAG.sub(lambda tag: INTEGRITY.sub("", tag.group(0)), text)


def localize(site: Path, assets: Path = ASSETS) -> int:
    """Make a built Data Docs site self-contained; returns the number of files rewritten."""
    copy_assets(site, assets)
    rewritten = 0
    for page in [*site.rglob("*.html"), *site.rglob("*.css")]:
        if VENDOR in page.relative_to(site).parents:
            continue  # the vendored files themselves
        text = page.read_text(encoding="utf-8")
        local = rewrite(text, Path(relpath(site, page.parent)).as_posix())
        if local != text:
            page.write_text(local, encoding="utf-8")
            rewritten += 1
    return rewritten
