"""The browser check's own detector of personal data (tests/python/site_check.py), written
independently of the warehouse's masking SQL: it must find the e-mail addresses and phone
numbers people type and leave order numbers, prices, dates, times and ids alone, in page text
and in the files a built site ships (parquet, Arrow, HTML, JSON)."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.ipc

from .site_check import personal_data, personal_data_in_files

TYPED = [
    "Bitte melden Sie sich unter max.muster@firma.de",
    "Rufen Sie mich an: +49 170 1234567.",
    "Handy 0170/1234567",
    "Büro (030) 123 45 67",
    "Call me on +44 20 7946 0958, thanks",
    "+49 (0)89 0996695",
    "0049 170 1234567",
    "01701234567",
    "0170 - 123 45 67",
    "US +1 (555) 123-4567",
]
NOT_PERSONAL = [
    "Bestellung 4711 vom 12.03.2025 über 49,99 €",
    "order #0012345678 (EUR 1.299,00, 2025-03-12)",
    "Order 10023456 arrived 03/12/2024, paid $120.50",
    "Auftrag 2024-118733 am 15.01.2025 um 09:30",
    "PLZ 01067 Dresden, Artikel 0815, 9:00-17:00",
    "Data as of 2025-12-03 08:03 UTC",
    "rsp_65126a9f9e2e ord_0170123456 evt_0012345678abcdef",
    "NPS +12.3 ± 48.4, +104.49216199393888, 0.123456789, 1,234,567",
    "masked: [email], [phone], [iban], [name]",
    "2025-01-01T10:00:00+01:00",
]


def test_the_detector_finds_typed_contact_details_and_nothing_else():
    assert [text for text in TYPED if len(personal_data(text)) != 1] == []
    assert {text: personal_data(text) for text in NOT_PERSONAL if personal_data(text)} == {}


def test_the_files_of_a_site_are_scanned_value_by_value(tmp_path):
    clean, leaky = tmp_path / "clean", tmp_path / "leaky"
    for site, comment in ((clean, "Lieferung kam zu spät, ruf an: [phone]"),
                          (leaky, "Lieferung kam zu spät, ruf an: 0170/1234567")):  # fmt: skip
        (site / "data").mkdir(parents=True)
        con = duckdb.connect()
        con.execute(
            f"copy (select 'r1' as response_id, ? as comment_text, 0170 as score) "
            f"to '{site / 'data' / 'verbatims.parquet'}' (format parquet, compression zstd)",
            [comment],
        )
        con.close()
        table = pa.table({"comment_text": [comment], "score": [1]})
        arrow = pa.OSFile(str(site / "data" / "q.arrow"), "wb")
        with arrow, pyarrow.ipc.new_stream(arrow, table.schema) as writer:
            writer.write_table(table)
        (site / "index.html").write_text("<p>Contact: support</p>")
    assert personal_data_in_files(clean) == []
    found = personal_data_in_files(leaky)
    assert [line.split(":")[0] for line in found] == ["data/q.arrow", "data/verbatims.parquet"]
    assert all("0170/1234567" in line for line in found)
