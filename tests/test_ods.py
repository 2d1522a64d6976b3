"""OpenDocument spreadsheets (LibreOffice Calc, OpenOffice: ``.ods``, flat ``.fods``) are read like workbooks.

The corpus holds ``<stem>_ods.ods``, the cells of every ``<stem>.xlsx`` case an OpenDocument file can express
(written by ``ods_cases`` in tests/corpus/make_corpus.py as LibreOffice writes them): tests/test_corpus.py checks
that each reads to the identical table, with the same warnings, or fails with the same error, as its ``.xlsx``.
The tests here write small files by hand, in the markup of ODF 1.3, and check the adapter's pieces.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from trends import rawfile
from trends._ods import open_ods
from trends.io import read_crimes
from trends.rawfile import read_raw, sheet_names
from trends.schema import TrendsDataError, TrendsDataWarning

CORPUS = Path(__file__).parent / "corpus"
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)
MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
HIDDEN_STYLE = (
    '<office:automatic-styles><style:style style:name="ta2" style:family="table"><style:table-properties '
    'table:display="false"/></style:style></office:automatic-styles>'
)
HEAD = "<table:table-row>" + "".join(
    f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
    for h in ("Quận", "Tháng", "Tội danh", "Số vụ")
)
HEAD += "</table:table-row>"


def _s(text: str, **attrs: str) -> str:
    extra = "".join(f' table:{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<table:table-cell office:value-type="string"{extra}><text:p>{text}</text:p></table:table-cell>'


def _n(value: object, **attrs: str) -> str:
    extra = "".join(f' table:{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<table:table-cell office:value-type="float" office:value="{value}"{extra}><text:p>{value}</text:p></table:table-cell>'


def _row(*cells: str, **attrs: str) -> str:
    extra = "".join(f' table:{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f"<table:table-row{extra}>{''.join(cells)}</table:table-row>"


def _table(name: str, *rows: str, style: str = "", columns: str = "") -> str:
    styled = f' table:style-name="{style}"' if style else ""
    return f'<table:table table:name="{name}"{styled}>{columns}{"".join(rows)}</table:table>'


def _content(*tables: str, styles: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {NS} office:version="1.3">{styles}'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )


def _zip(parts: dict[str, str | bytes], mimetype: str = MIMETYPE) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _settings(active: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-settings {NS}><office:settings>'
        '<config:config-item-set config:name="ooo:view-settings"><config:config-item-map-indexed '
        'config:name="Views"><config:config-item-map-entry><config:config-item config:name="ActiveTable" '
        f'config:type="string">{active}</config:config-item></config:config-item-map-entry>'
        "</config:config-item-map-indexed></config:config-item-set></office:settings></office:document-settings>"
    )


def _write(tmp_path: Path, name: str, *tables: str, styles: str = "", active: str | None = None) -> Path:
    parts: dict[str, str | bytes] = {"content.xml": _content(*tables, styles=styles)}
    if active is not None:
        parts["settings.xml"] = _settings(active)
    path = tmp_path / name
    path.write_bytes(_zip(parts))
    return path


def _cells(path: Path, sheet: str | int | None = None) -> list[tuple[object, ...]]:
    book = open_ods(path, path.name)
    ws = book.worksheets[0] if sheet is None else book[str(sheet)]
    return list(ws.iter_rows(values_only=True))


def _quiet(reader, path: Path, **kwargs: object):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrendsDataWarning)
        return reader(path, **kwargs)


def test_the_corpus_copies_use_the_markup_of_libreoffice() -> None:
    """The copies (read as their ``.xlsx`` by tests/test_corpus.py) use what LibreOffice writes."""
    copies = sorted(CORPUS.glob("*_ods.ods"))
    assert len(copies) >= 150
    texts = []
    for path in copies:
        with zipfile.ZipFile(path) as z:
            assert z.infolist()[0].filename == "mimetype"
            assert z.infolist()[0].compress_type == zipfile.ZIP_STORED
            texts.append(z.read("content.xml").decode() + z.read("settings.xml").decode())
    text = " ".join(texts)
    for feature in (
        'table:number-rows-repeated="104',  # the empty row repeated to row 1,048,576
        'table:number-columns-repeated="163',
        "<table:covered-table-cell",
        "table:number-columns-spanned=",
        'table:number-rows-spanned="2"',
        'table:visibility="collapse"',
        'office:value-type="date"',
        'office:value-type="time"',
        'table:display="false"',
        'calcext:value-type="error"',
        'config:name="ActiveTable"',
    ):
        assert feature in text, feature


def test_repeated_rows_and_cells_are_expanded_only_up_to_the_last_value(tmp_path: Path) -> None:
    """LibreOffice's trailing empty row repeated to row 1,048,576 and cells to column 16,384 are never built;
    a repeated row of values is each of its rows, a repeated cell each of its cells."""
    path = _write(
        tmp_path,
        "r.ods",
        _table(
            "BC",
            _row(
                _s("a"),
                _n(1, number_columns_repeated="3"),
            ),
            _row('<table:table-cell table:number-columns-repeated="16384"/>', number_rows_repeated="2"),
            _row(
                _s("x"),
                '<table:table-cell table:number-columns-repeated="2"/>',
                _n(7),
                number_rows_repeated="3",
            ),
            _row('<table:table-cell table:number-columns-repeated="16384"/>', number_rows_repeated="1048571"),
        ),
    )
    book = open_ods(path, "r.ods")
    assert book.worksheets[0].nrows == 6
    assert _cells(path) == [
        ("a", 1, 1, 1),
        (),
        (),
        ("x", None, None, 7),
        ("x", None, None, 7),
        ("x", None, None, 7),
    ]
    head = _row(_s("Quận"), _s("Tháng"), _s("Tội danh"), _s("Số vụ"))
    values = _row(_s("Ba Đình"), _s("2024-03", number_columns_repeated="2"), _n(1), number_rows_repeated="3")
    path = _write(tmp_path, "r2.ods", _table("BC", head, values))
    raw = _quiet(read_raw, path)
    assert raw.rows.tolist() == [2, 3, 4]
    assert raw.frame.values.tolist() == [["Ba Đình", "2024-03", "2024-03", "1"]] * 3


def test_values_past_the_limits_of_a_sheet_are_refused(tmp_path: Path) -> None:
    rows = _row(_n(1), number_rows_repeated="1048576"), _row(_n(2))
    path = _write(tmp_path, "far.ods", _table("BC", *rows))
    with pytest.raises(TrendsDataError, match=r"far\.ods \[sheet BC\].*row 1,048,577, past Excel's limit"):
        read_raw(path)
    path = _write(tmp_path, "wide.ods", _table("BC", _row(_n(1, number_columns_repeated="16385"))))
    with pytest.raises(TrendsDataError, match=r"wide\.ods \[sheet BC\].*column 16,385"):
        read_raw(path)


def test_spanned_cells_are_merged_ranges_over_their_covered_cells(tmp_path: Path) -> None:
    """A district written once beside its offences (spanned over two rows) is each row's district."""
    cov = "<table:covered-table-cell/>"
    path = _write(
        tmp_path,
        "m.ods",
        _table(
            "BC",
            HEAD,
            _row(_s("Ba Đình", number_rows_spanned="2"), _s("2024-03"), _s("Trộm cắp"), _n(3)),
            _row(cov, _s("2024-03"), _s("Cướp giật"), _n(4)),
            _row(_s("Tổng số", number_columns_spanned="3"), cov, cov, _n(7)),
        ),
    )
    assert open_ods(path, "m.ods").worksheets[0].layout()[0] == [(1, 0, 2, 0), (3, 0, 3, 2)]
    table = _quiet(read_crimes, path)
    assert sorted(zip(table["district"], table["offence"], table["count"], strict=True)) == [
        ("ba_dinh", "Cướp giật", 4),
        ("ba_dinh", "Trộm cắp", 3),
    ]


def test_text_keeps_its_spaces_tabs_and_lines_and_leaves_out_annotations(tmp_path: Path) -> None:
    cell = (
        '<table:table-cell office:value-type="string"><office:annotation><text:p>ghi chú</text:p>'
        '</office:annotation><text:p>a<text:s/> b<text:s text:c="3"/>c<text:tab/>d</text:p>'
        '<text:p><text:span text:style-name="T1">e</text:span><text:line-break/><text:a>f</text:a></text:p>'
        "</table:table-cell>"
    )
    pretty = (
        '<table:table-cell office:value-type="string"><text:p>\n   Ba   Đình\n</text:p></table:table-cell>'
    )
    drawn = "<table:table-cell><draw:frame><draw:text-box><text:p>logo</text:p></draw:text-box></draw:frame></table:table-cell>"
    path = _write(tmp_path, "t.ods", _table("BC", _row(cell, pretty, drawn)))
    assert _cells(path) == [("a  b   c\td\ne\nf", "Ba Đình ")]


def test_typed_values_come_out_as_openpyxl_gives_them(tmp_path: Path) -> None:
    def typed(kind: str, attr: str, value: str, text: str = "") -> str:
        return f'<table:table-cell office:value-type="{kind}" office:{attr}="{value}"><text:p>{text}</text:p></table:table-cell>'

    cells = [
        typed("date", "date-value", "2024-03-05", "05/03/2024"),
        typed("date", "date-value", "2024-03-05T14:30:00"),
        typed("date", "date-value", "1899-12-30T08:15:00"),  # a time of day on LibreOffice's day 0
        typed("time", "time-value", "PT08H15M30S"),
        typed("time", "time-value", "PT36H00M00S"),  # a duration past a day
        typed("percentage", "value", "0.25", "25%"),
        typed("currency", "value", "1500000.5", "1.500.000,50 ₫"),
        typed("boolean", "boolean-value", "true", "TRUE"),
        typed("float", "value", "12", "12,00"),
        '<table:table-cell office:value-type="string" office:string-value="mã"><text:p>shown</text:p></table:table-cell>',
        '<table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="" '
        'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>',
        "<table:table-cell><text:p>no type</text:p></table:table-cell>",
    ]
    path = _write(tmp_path, "v.ods", _table("BC", _row(*cells)))
    assert _cells(path) == [
        (
            dt.datetime(2024, 3, 5),
            dt.datetime(2024, 3, 5, 14, 30),
            dt.time(8, 15),
            dt.time(8, 15, 30),
            dt.timedelta(hours=36),
            0.25,
            1500000.5,
            True,
            12,
            "mã",
            "#DIV/0!",
            "no type",
        )
    ]


def test_a_formula_without_a_value_gives_its_formula(tmp_path: Path) -> None:
    cells = (
        '<table:table-cell table:formula="of:=SUM([.D2:.D3])"/>',
        '<table:table-cell table:formula="of:=[$\'Tổng hợp\'.B2]*2" office:value-type="float"/>',
        '<table:table-cell table:formula="of:=[.D2]+1" office:value-type="float" office:value="4"/>',
    )
    path = _write(tmp_path, "f.ods", _table("BC", _row(*cells)))
    assert _cells(path) == [("=SUM(D2:D3)", "='Tổng hợp'!B2*2", 4)]


def test_hidden_rows_and_columns_repeated(tmp_path: Path) -> None:
    columns = (
        '<table:table-column table:number-columns-repeated="2"/>'
        '<table:table-column table:visibility="collapse" table:number-columns-repeated="2"/>'
        '<table:table-column table:number-columns-repeated="16380"/>'
    )
    rows = (
        "<table:table-header-rows>" + _row(_s("a")) + "</table:table-header-rows>",
        _row(_s("b"), visibility="collapse", number_rows_repeated="2"),
        "<table:table-row-group>" + _row(_s("c"), visibility="filter") + "</table:table-row-group>",
        _row(_s("d")),
        _row("<table:table-cell/>", visibility="collapse", number_rows_repeated="1048570"),
    )
    path = _write(tmp_path, "h.ods", _table("BC", *rows, columns=columns))
    merged, hidden, hidden_columns, _ = open_ods(path, "h.ods").worksheets[0].layout()
    assert (merged, hidden, hidden_columns) == ([], [2, 3, 4], [(2, 3)])
    assert _cells(path) == [("a",), ("b",), ("b",), ("c",), ("d",)]


@pytest.mark.parametrize("height", ["0in", "0cm", "0.000mm", "0pt", "0"])
def test_a_row_style_of_zero_height_hides_its_rows(tmp_path: Path, height: str) -> None:
    styles = (
        "<office:automatic-styles>"
        '<style:style style:name="ro1" style:family="table-row"><style:table-row-properties '
        'style:row-height="0.178in"/></style:style>'
        '<style:style style:name="ro2" style:family="table-row"><style:table-row-properties '
        f'style:row-height="{height}" style:use-optimal-row-height="false"/></style:style>'
        '<style:style style:name="ro3" style:family="table-row"><style:table-row-properties '
        'style:row-height="0.01in"/></style:style>'
        "</office:automatic-styles>"
    )
    rows = (
        _row(_s("a"), style_name="ro1"),
        _row(_s("b"), style_name="ro2", number_rows_repeated="2"),
        _row(_s("c"), style_name="ro3"),
        _row(_s("d"), style_name="ro2"),
    )
    path = _write(tmp_path, "z.ods", _table("BC", *rows), styles=styles)
    assert open_ods(path, "z.ods").worksheets[0].layout()[1] == [2, 3, 5]
    assert _cells(path) == [("a",), ("b",), ("b",), ("c",), ("d",)]


def test_the_active_sheet_is_read_and_hidden_sheets_are_named(tmp_path: Path) -> None:
    tables = (
        _table("Ẩn", HEAD, style="ta2"),
        _table("T2", HEAD, _row(_s("Ba Đình"), _s("2024-02"), _s("Trộm cắp"), _n(2))),
        _table("T3", HEAD, _row(_s("Ba Đình"), _s("2024-03"), _s("Trộm cắp"), _n(3))),
    )
    path = _write(tmp_path, "a.ods", *tables, styles=HIDDEN_STYLE, active="T3")
    assert sheet_names(path) == ["T2", "T3"]
    assert sheet_names(path, visible=False) == ["Ẩn", "T2", "T3"]
    with pytest.warns(
        TrendsDataWarning,
        match=r"read sheet 'T3' \(the active visible sheet\); not read: 'Ẩn' \(hidden\), 'T2'",
    ):
        assert read_crimes(path)["count"].tolist() == [3]
    path = _write(tmp_path, "b.ods", *tables, styles=HIDDEN_STYLE)  # no settings: the first visible sheet
    assert _quiet(read_crimes, path)["count"].tolist() == [2]
    assert _quiet(read_crimes, path, sheet="all")["count"].tolist() == [2, 3]


def test_a_flat_fods_reads_as_its_ods(tmp_path: Path) -> None:
    body = _table("BC", HEAD, _row(_s("Ba Đình"), _s("2024-03"), _s("Trộm cắp"), _n(5)))
    ods = _write(tmp_path, "c.ods", body)
    flat = tmp_path / "c.fods"
    flat.write_text(
        _content(body)
        .replace("office:document-content", "office:document")
        .replace('office:version="1.3"', f'office:version="1.3" office:mimetype="{MIMETYPE}"'),
        encoding="utf-8",
    )
    pd.testing.assert_frame_equal(_quiet(read_crimes, flat), _quiet(read_crimes, ods))
    with pytest.warns(
        TrendsDataWarning, match=r"c\.xml: an OpenDocument spreadsheet .* read as \.fods; rename it"
    ):
        (tmp_path / "c.xml").write_bytes(flat.read_bytes())
        read_crimes(tmp_path / "c.xml")


def test_an_ods_with_an_excel_name_is_read_with_a_warning(tmp_path: Path) -> None:
    body = _table("BC", HEAD, _row(_s("Ba Đình"), _s("2024-03"), _s("Trộm cắp"), _n(5)))
    path = _write(tmp_path, "bao_cao.xls", body)
    with pytest.warns(
        TrendsDataWarning, match=r"bao_cao\.xls: an OpenDocument spreadsheet .* rename it to \.ods"
    ):
        assert read_crimes(path)["count"].tolist() == [5]


def test_refusals_name_the_file_and_say_what_to_send(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _zip({"content.xml": _content(_table("BC", HEAD))})
    cases = {
        "enc.ods": (
            _zip({"META-INF/manifest.xml": "<manifest:encryption-data/>", "content.xml": b"\x00" * 64}),
            r"password-protected .*untick \"Save with password\"",
        ),
        "doc.ods": (
            _zip({"content.xml": "<x/>"}, "application/vnd.oasis.opendocument.text"),
            r"text document .*\(\.odt\), not a spreadsheet",
        ),
        "slides.ods": (
            _zip({"content.xml": "<x/>"}, "application/vnd.oasis.opendocument.presentation"),
            r"presentation \(LibreOffice Impress\)",
        ),
        "cut.ods": (good[: len(good) - 30], "damaged or cut short"),
        "cut_xml.ods": (
            _zip({"content.xml": _content(_table("BC", HEAD)).split("Tháng")[0]}),
            r"\[sheet BC\], row 1: .*cut short",
        ),
        "bomb.ods": (
            _zip({"content.xml": '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'}),
            "ENTITY declaration",
        ),
        "date.ods": (
            _zip(
                {
                    "content.xml": _content(
                        _table(
                            "BC",
                            HEAD,
                            _row(
                                _s("Ba Đình"),
                                '<table:table-cell office:value-type="date" office:date-value="05/03/2024"/>',
                            ),
                        )
                    )
                }
            ),
            r"\[sheet BC\], row 2, column 'B': .*malformed cell B2 of type date \(found '05/03/2024'\)",
        ),
    }
    for name, (data, message) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(TrendsDataError, match=message) as caught:
            read_raw(tmp_path / name)
        assert name in str(caught.value)
    damaged = bytearray(good)  # a byte of the compressed content.xml changed: its checksum fails
    at = good.index(b"content.xml") + len("content.xml") + 20
    damaged[at] ^= 0xFF
    (tmp_path / "crc.ods").write_bytes(bytes(damaged))
    with pytest.raises(TrendsDataError, match=r"crc\.ods.*(damaged or cut short|malformed)"):
        read_raw(tmp_path / "crc.ods")
    monkeypatch.setattr(rawfile, "MAX_UNPACKED_BYTES", 1000)  # the zip-bomb limits apply as to an .xlsx
    (tmp_path / "big.ods").write_bytes(_zip({"content.xml": _content(_table("BC", HEAD)) + " " * 2000}))
    with pytest.raises(TrendsDataError, match=r"big\.ods.*unpacks to"):
        read_raw(tmp_path / "big.ods")
