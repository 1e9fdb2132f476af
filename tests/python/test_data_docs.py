"""The offline Data Docs: every CDN URL points at a vendored file relative to its page.

Real files throughout: the npm packages `make setup` installed and GX's own templates. The
browser check of a real site is in test_pipeline.py (it reuses the pipeline's Data Docs)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import great_expectations
import pytest

from journey_warehouse.quality.data_docs import (
    ASSETS,
    CDN_FILES,
    DataDocsAssetsMissing,
    localize,
    rewrite,
)

# the head of a GX 1.24 validation page, as the gate writes it (shortened)
PAGE = """<html><head>
<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"/>
<style>.navbar-brand a { background: url('https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/full_logo_dark.png') 0 0 no-repeat; }</style>
<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>
<script src="https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js" integrity="sha384-ApNbgh9B+Y1QKtv3Rn7W3mgPxhU9K/ScQsAP7hUibX39j7fakFPskvXusvfa0b4Q" crossorigin="anonymous"></script>
</head><body>
<img class="NO-CACHE" src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?d=20261204T180245.823987Z&dataContextId=7c374861" alt="Great Expectations"/>
<a href="https://greatexpectations.io/newsletter?utm_source=datadocs">Subscribe</a>
</body></html>"""
REMOTE = re.compile(r"""<(?:script|link|img)\b[^>]*(?:src|href)="https?://|url\(['"]?https?://""")
LOCAL = re.compile(r"""(?:src|href)="([^"#]+)"|url\('([^']+)'\)""")


def test_rewrite_points_every_cdn_url_at_the_site_root_relative_to_the_page():
    deep = rewrite(PAGE, "../../../..")
    assert not REMOTE.search(deep), deep
    assert 'href="../../../../static/vendor/bootstrap/dist/css/bootstrap.min.css"' in deep
    assert 'src="../../../../static/vendor/vega/build/vega.min.js"' in deep
    assert 'src="../../../../static/images/logo-long.png"' in deep  # no tracking query
    assert "url('../../../../static/images/logo-long.png')" in deep
    # Chromium refuses a CORS fetch between file:// pages: the local tag has no SRI/crossorigin
    assert '<script src="../../../../static/vendor/popper.js/dist/umd/popper.min.js">' in deep
    assert "integrity=" not in deep and "crossorigin=" not in deep
    assert 'href="https://greatexpectations.io/newsletter?utm_source=datadocs"' in deep
    top = rewrite(PAGE, ".")
    assert 'src="./static/vendor/vega/build/vega.min.js"' in top
    assert rewrite(deep, "../../../..") == deep


def test_localize_makes_a_site_self_contained_at_every_depth(tmp_path):
    site = tmp_path / "local_site"
    pages = [site / "index.html", site / "expectations" / "rpt_stage_funnel.html",
             site / "validations" / "rpt_stage_funnel" / "__none__" / "20261204T180245Z" /
             "warehouse-rpt_stage_funnel.html"]  # fmt: skip
    for page in pages:
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE)
    (site / "static" / "images").mkdir(parents=True)
    (site / "static" / "images" / "logo-long.png").write_bytes(b"png")
    assert localize(site) == 3
    for page in pages:
        text = page.read_text()
        assert not REMOTE.search(text), page
        for match in LOCAL.finditer(text):
            target = match.group(1) or match.group(2)
            if not target.startswith("https://"):  # the newsletter link
                assert (page.parent / target).resolve().is_file(), (page, target)
    # Font Awesome's CSS loads its fonts relative to itself
    css = site / "static/vendor/@fortawesome/fontawesome-free/css/all.min.css"
    for font in set(re.findall(r"url\((\.\./webfonts/[^)]+)\)", css.read_text())):
        assert (css.parent / font).resolve().is_file(), font
    assert localize(site) == 0  # idempotent: a second run finds nothing left to rewrite


def test_every_cdn_url_of_the_installed_gx_templates_is_mapped():
    """A GX upgrade that adds or bumps a CDN asset fails here, not in a reader's browser."""
    templates = Path(great_expectations.__file__).parent / "render" / "view" / "templates"
    tags = re.compile(r"<(?:script|link)\b[^>]*?(?:src|href)=\"(https?://[^\"]+)\"")
    urls = {url for path in templates.rglob("*.j2") for url in tags.findall(path.read_text())}
    assert urls and urls <= CDN_FILES.keys(), urls - CDN_FILES.keys()


def test_the_installed_packages_are_the_versions_the_urls_name():
    for url, name in CDN_FILES.items():
        package = "/".join(name.split("/")[: 2 if name.startswith("@") else 1])
        installed = json.loads((ASSETS / package / "package.json").read_text())["version"]
        wanted = re.search(r"[@/-](\d+(?:\.\d+)*)(?=[/.]|$)", url.split("//", 1)[1]).group(1)
        if wanted == "1.19.0":  # the filter-control styles: 1.19.1 differs only in a comment
            wanted = "1.19.1"
        assert installed == wanted or installed.startswith(f"{wanted}."), (url, installed)


def test_a_missing_asset_says_to_run_make_setup(tmp_path):
    (tmp_path / "site").mkdir()
    with pytest.raises(DataDocsAssetsMissing, match="run `make setup`"):
        localize(tmp_path / "site", assets=tmp_path / "node_modules")
