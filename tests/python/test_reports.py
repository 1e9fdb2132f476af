"""The report site's own housekeeping (journey_warehouse/reports.py)."""

from __future__ import annotations

from journey_warehouse.reports import remove_stale_files


def test_a_page_the_new_build_no_longer_has_leaves_the_site(tmp_path):
    site, fresh = tmp_path / "build", tmp_path / "fresh"
    for root in (site, fresh):
        (root / "accounts" / "acc_1").mkdir(parents=True)
        (root / "accounts" / "acc_1" / "index.html").write_text("kept")
        (root / "index.html").write_text("kept")
    # an account deleted in the CRM since the last build: its page holds its old data
    (site / "accounts" / "acc_2").mkdir()
    (site / "accounts" / "acc_2" / "index.html").write_text("stale")
    (site / "_app" / "old").mkdir(parents=True)
    (site / "_app" / "old" / "chunk.js").write_text("stale")

    stale = remove_stale_files(site, fresh)

    assert sorted(p.relative_to(site).as_posix() for p in stale) == [
        "_app/old/chunk.js",
        "accounts/acc_2/index.html",
    ]
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        "accounts",
        "accounts/acc_1",
        "accounts/acc_1/index.html",
        "index.html",
    ]
