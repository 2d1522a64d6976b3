"""Exported tables (trends.report.tables): small cells suppressed, formula-like labels neutralised."""

from __future__ import annotations

import pandas as pd


def test_exported_tables_neutralise_formula_like_labels(tmp_path) -> None:
    from trends.report.tables import export_table

    frame = pd.DataFrame({"district": ["=HYPERLINK(1)", "+cmd", "Ba Đình"], "count": [10, -3, 7]})
    csv, xlsx = export_table(frame, tmp_path / "t", count_cols=(), threshold=5)
    text = csv.read_text(encoding="utf-8")
    assert "'=HYPERLINK(1)" in text and "'+cmd" in text and ",-3" in text  # numbers stay numbers
    back = pd.read_excel(xlsx)
    assert back["district"].tolist()[0] == "'=HYPERLINK(1)" and back["count"].tolist() == [10, -3, 7]
