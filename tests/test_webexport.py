"""The "Excel" files web applications export (an HTML table, an XML Spreadsheet 2003) are read like workbooks.

The corpus holds ``<stem>_html.xls`` and ``<stem>_xml2003.xls``, the cells of every ``<stem>.xlsx`` case that an
HTML table (one sheet) or SpreadsheetML can express (written by ``webexport_cases`` in
tests/corpus/make_corpus.py): tests/test_corpus.py checks that each reads to the identical table, with the same
warnings (but the one saying what the file really is), or fails with the same error, as its ``.xlsx``. The tests
here check the copies' markup and write small files.
"""

from __future__ import annotations

import unicodedata
import warnings
from pathlib import Path

import pandas as pd
import pytest

from trends.io import read_crimes, read_incidents
from trends.rawfile import read_raw, sheet_names
from trends.schema import TrendsDataError, TrendsDataWarning

CORPUS = Path(__file__).parent / "corpus"
TONES = "\u0300\u0301\u0303\u0309\u0323"
HEAD = "<tr><th>Quận</th><th>Tháng</th><th>Tội danh</th><th>Số vụ</th></tr>"


def test_the_corpus_copies_use_the_markup_of_real_exports() -> None:
    """The copies (read as their ``.xlsx`` by tests/test_corpus.py) use the markup web applications write."""
    html = sorted(CORPUS.glob("*_html.xls"))
    xml = sorted(CORPUS.glob("*_xml2003.xls"))
    assert len(html) >= 100 and len(xml) >= 150
    texts = " ".join(path.read_text(encoding="utf-8") for path in html + xml)
    for feature in ("colspan=", "rowspan=", "display:none", "x:num=", "ss:MergeAcross", "ss:MergeDown"):
        assert feature in texts, feature
    for feature in ('ss:Type="DateTime"', 'ss:Hidden="1"', "SheetHidden", "<ActiveSheet>1<"):
        assert feature in texts, feature


def _write(tmp_path: Path, name: str, body: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
    return path


def _quiet(reader, path: Path, **kwargs: object) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrendsDataWarning)
        return reader(path, **kwargs)


def to_cp1258(text: str) -> bytes:
    """Vietnamese text as Windows-1258 writes it: base letters with combining tone marks (as tests/conftest.py)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += base.encode("cp1258") + "".join(c for c in parts if c in TONES).encode("cp1258")
    return bytes(out)


def _page(rows: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><table>{rows}</table></body></html>"


# --------------------------------------------------------------------------------------------------------------
# HTML


def test_the_corpus_html_named_xls_is_read_with_a_warning() -> None:
    path = CORPUS / "crimes_html_named_xls.xls"
    with pytest.warns(
        TrendsDataWarning, match=r"an HTML table \(a web page\) with an \.xls file name"
    ) as said:
        table = read_crimes(path)
    assert "read as HTML" in " ".join(str(w.message) for w in said)
    assert table["count"].tolist() == [5] and table["district"].tolist() == ["ba_dinh"]
    assert table["period"].tolist() == [pd.Timestamp("2024-01-01")]


def test_colspan_and_rowspan_are_merged_cells_filled_as_in_an_xlsx(tmp_path: Path) -> None:
    rows = (
        '<tr><th colspan="4">CÔNG AN THÀNH PHỐ HÀ NỘI</th></tr>'
        + HEAD
        + '<tr><td rowspan="2">Ba Đình</td><td>01/2024</td><td>Trộm cắp</td><td>3</td></tr>'
        "<tr><td>01/2024</td><td>Cướp giật</td><td>4</td></tr>"
        "<tr><td>Đống Đa</td><td>01/2024</td><td>Trộm cắp</td><td>5</td></tr>"
    )
    html = _write(tmp_path, "m.xls", _page(rows))
    from trends._webexport import open_webexport

    sheet = open_webexport(html, "m.xls", "html").worksheets[0]
    merged, hidden, columns, _ = sheet.layout()
    assert merged == [(0, 0, 0, 3), (2, 0, 3, 0)] and hidden == [] and columns == []
    cells = list(sheet.iter_rows())
    assert cells[0] == ("CÔNG AN THÀNH PHỐ HÀ NỘI",) and cells[3] == (None, "01/2024", "Cướp giật", "4")
    with pytest.warns(TrendsDataWarning, match="skipped 1 title row"):
        assert read_raw(html).titles == ("CÔNG AN THÀNH PHỐ HÀ NỘI",)
    got = _quiet(read_crimes, html)
    assert got.groupby("district")["count"].sum().to_dict() == {"ba_dinh": 7, "dong_da": 5}
    # Excel's own HTML marks text overflowing into empty cells: a colspan that is no merged cell
    overflow = _write(
        tmp_path, "o.xls", _page(rows.replace('colspan="4"', "colspan=4 style='mso-ignore:colspan'"))
    )
    assert open_webexport(overflow, "o.xls", "html").worksheets[0].layout()[0] == [(2, 0, 3, 0)]


def test_nbsp_br_entities_and_white_space_are_read_as_a_browser_shows_them(tmp_path: Path) -> None:
    rows = (
        HEAD
        + "<tr><td>\n  Ba&nbsp;Đình </td><td>01/2024</td><td>Trộm   cắp<br>tài sản</td><td>&#53;</td></tr>"
        "<tr><td>T&acirc;y Hồ</td><td>01/2024</td><td>Cướp &amp; giật</td><td> 7 </td></tr>"
    )
    path = _write(tmp_path, "c.xls", _page(rows))
    raw = _quiet(read_raw, path)
    assert raw.frame.iloc[:, 0].tolist() == ["Ba Đình", "Tây Hồ"]  # the no-break space cleaned to a space
    table = _quiet(read_crimes, path)
    assert table["count"].tolist() == [5, 7]
    assert sorted(table["district"]) == ["ba_dinh", "tay_ho"]
    from trends._webexport import open_webexport

    cells = list(open_webexport(path, "c.xls", "html").worksheets[0].iter_rows())
    assert cells[1][0] == "Ba\xa0Đình" and cells[1][2] == "Trộm cắp\ntài sản" and cells[2][2] == "Cướp & giật"


def test_numbers_in_html_cells_read_as_the_same_text_in_a_csv(tmp_path: Path) -> None:
    rows = HEAD + "<tr><td>Ba Đình</td><td>01/2024</td><td>Trộm cắp</td><td>1.234</td></tr>"
    rows += "<tr><td>Tây Hồ</td><td>01/2024</td><td>Trộm cắp</td><td>12</td></tr>"
    html = _write(tmp_path, "n.xls", _page(rows))
    plain = _write(
        tmp_path,
        "n.csv",
        "Quận,Tháng,Tội danh,Số vụ\nBa Đình,01/2024,Trộm cắp,1.234\nTây Hồ,01/2024,Trộm cắp,12\n",
    )
    got, want = _quiet(read_crimes, html), _quiet(read_crimes, plain)
    pd.testing.assert_frame_equal(got, want)
    assert sorted(got["count"].tolist()) == [12, 1234]


def test_x_num_is_the_stored_number_when_the_cell_shows_a_number(tmp_path: Path) -> None:
    rows = (
        HEAD
        + '<tr><td>Ba Đình</td><td x:num="45292">01/2024</td><td>Trộm cắp</td><td x:num="1234">1,234</td></tr>'
    )
    rows += "<tr><td>Tây Hồ</td><td>01/2024</td><td>Trộm cắp</td><td x:num>12</td></tr>"
    rows += '<tr><td>Hoàn Kiếm</td><td>01/2024</td><td>Trộm cắp</td><td x:num="3" x:str>0003</td></tr>'
    path = _write(tmp_path, "x.xls", _page(rows))
    from trends._webexport import open_webexport

    cells = list(open_webexport(path, "x.xls", "html").worksheets[0].iter_rows())
    assert cells[1][1] == "01/2024" and cells[1][3] == 1234 and cells[2][3] == 12 and cells[3][3] == "0003"
    assert _quiet(read_crimes, path)["count"].sum() == 1234 + 12 + 3


def test_a_meta_charset_of_windows_1258_is_honoured(tmp_path: Path) -> None:
    page = _page(HEAD + "<tr><td>Ba Đình</td><td>01/2024</td><td>Trộm cắp</td><td>5</td></tr>")
    declared = page.replace(
        "<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
    )
    path = _write(tmp_path, "w.xls", to_cp1258(declared))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    table = _quiet(read_crimes, path)
    assert table["district"].tolist() == ["ba_dinh"] and table["offence"].tolist() == ["Trộm cắp"]
    # the same bytes declared UTF-8: refused, not read as mojibake
    wrong = _write(tmp_path, "u.xls", to_cp1258(page.replace("<head>", '<head><meta charset="utf-8">')))
    with pytest.raises(TrendsDataError, match="cannot be decoded as utf-8"):
        read_crimes(wrong)
    # a byte-order mark wins over a declaration: UTF-16 as Excel's "Unicode" pages
    utf16 = _write(tmp_path, "b.xls", declared.encode("utf-16"))
    assert _quiet(read_crimes, utf16)["district"].tolist() == ["ba_dinh"]


def test_a_cell_after_a_closed_row_starts_a_new_row(tmp_path: Path) -> None:
    rows = HEAD + "<tr><td>Ba Đình</td><td>01/2024</td><td>Trộm cắp</td><td>5</td></tr>"
    rows += "<td>Tây Hồ</td><td>01/2024</td><td>Trộm cắp</td><td>2</td>"
    path = _write(tmp_path, "r.xls", _page(rows))
    assert _quiet(read_crimes, path)["count"].tolist() == [5, 2]


def test_several_tables_are_sheets_and_the_largest_is_read(tmp_path: Path) -> None:
    search = "<table><caption>Tìm kiếm</caption><tr><td>Từ ngày</td><td>01/01/2024</td></tr></table>"
    data = (
        "<table>" + HEAD + "<tr><td>Ba Đình</td><td>01/2024</td><td>Trộm cắp</td><td>5</td></tr>"
        "<tr><td>Tây Hồ</td><td>01/2024</td><td>Trộm cắp</td><td>2</td></tr></table>"
    )
    path = _write(tmp_path, "s.xls", f"<html><body>{search}<p>Kết quả</p>{data}<table></table></body></html>")
    assert sheet_names(path) == ["Tìm kiếm", "Table 2"]
    from trends._webexport import open_webexport

    assert list(open_webexport(path, "s.xls", "html")["Tìm kiếm"].iter_rows())[:2] == [
        ("Tìm kiếm",),  # the caption: a title row above the table
        ("Từ ngày", "01/01/2024"),
    ]
    with pytest.warns(
        TrendsDataWarning, match=r"read sheet 'Table 2' \(the active visible sheet\); not read: 'Tìm kiếm'"
    ):
        table = read_crimes(path)
    assert table["count"].sum() == 7


def test_a_hidden_row_of_an_html_table_is_read_with_a_warning(tmp_path: Path) -> None:
    rows = HEAD + "<tr><td>Ba Đình</td><td>01/2024</td><td>Trộm cắp</td><td>5</td></tr>"
    rows += '<tr style="display: none"><td>Tây Hồ</td><td>01/2024</td><td>Trộm cắp</td><td>2</td></tr>'
    path = _write(tmp_path, "h.html", _page(rows))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = read_crimes(path)
    said = [str(w.message) for w in caught]
    assert any(r"read 1 hidden row(s) as data (row 3)" in s for s in said), said
    assert not any("file name" in s for s in said), said  # an .html file named .html: nothing to say
    assert table["count"].sum() == 7


@pytest.mark.parametrize(
    "body, said",
    [
        (
            '<html><head><title>Đăng nhập</title></head><body><form><input name="u">'
            '<input type="password" name="p"></form></body></html>',
            "a login page 'Đăng nhập'",
        ),
        ("<html><body><p>Phiên làm việc đã hết hạn</p></body></html>", "holds no table of data: a page"),
        ("<html><body><table><tr><td> </td></tr></table></body></html>", "a page whose tables are empty"),
    ],
)
def test_a_page_without_a_table_is_refused_saying_what_it_is(tmp_path: Path, body: str, said: str) -> None:
    path = _write(tmp_path, "crimes.xls", body)
    with pytest.raises(TrendsDataError) as caught:
        read_crimes(path)
    assert said in str(caught.value) and "crimes.xls" in str(caught.value)
    assert "log in and export it again" in (caught.value.problems[0].expected or "")


def test_a_truncated_html_file_is_refused(tmp_path: Path) -> None:
    rows = HEAD + "".join(
        f"<tr><td>Ba Đình</td><td>{m:02d}/2024</td><td>Trộm cắp</td><td>{m}</td></tr>" for m in range(1, 13)
    )
    page = _page(rows)
    path = _write(tmp_path, "t.xls", page[: page.index("<tr><td>Ba Đình</td><td>09")])
    with pytest.raises(TrendsDataError, match=r"cut short: its table is not closed after row 9") as caught:
        read_crimes(path)
    assert caught.value.row == 9
    # a page that closes its body but not its table is complete: read
    sloppy = _write(tmp_path, "s.xls", page.replace("</table>", ""))
    assert _quiet(read_crimes, sloppy)["count"].sum() == 78


def test_a_nested_table_is_a_sheet_of_its_own(tmp_path: Path) -> None:
    inner = "<table>" + HEAD + "<tr><td>Ba Đình</td><td>01/2024</td><td>Trộm cắp</td><td>5</td></tr></table>"
    outer = (
        f"<html><body><table><tr><td>CÔNG AN HÀ NỘI</td></tr><tr><td>{inner}</td></tr></table></body></html>"
    )
    path = _write(tmp_path, "n.xls", outer)
    assert sheet_names(path) == ["Table 1", "Table 2"]
    assert _quiet(read_crimes, path)["count"].tolist() == [5]


def test_any_cut_of_a_web_export_is_read_or_refused(tmp_path: Path) -> None:
    """Every cut of an HTML and an XML copy gives a table or TrendsDataError, never another exception."""
    for source in ("crimes_title_merged_html.xls", "crimes_title_merged_xml2003.xls"):
        data = (CORPUS / source).read_bytes()
        for cut in range(1, len(data), 97):
            path = _write(tmp_path, f"cut{cut}.xls", data[:cut])
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", TrendsDataWarning)
                try:
                    read_crimes(path)
                except TrendsDataError as exc:
                    assert exc.file and f"cut{cut}.xls" in exc.file


# --------------------------------------------------------------------------------------------------------------
# XML Spreadsheet 2003

XML_HEAD = (
    '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:x="urn:schemas-microsoft-com:office:excel">'
)


def _row(*cells: str, attrs: str = "") -> str:
    return f"<Row{attrs}>" + "".join(cells) + "</Row>"


def _s(text: str, attrs: str = "") -> str:
    return f'<Cell{attrs}><Data ss:Type="String">{text}</Data></Cell>'


def _n(value: object, attrs: str = "") -> str:
    return f'<Cell{attrs}><Data ss:Type="Number">{value}</Data></Cell>'


def _xml(*sheets: str, workbook: str = "") -> str:
    return XML_HEAD + workbook + "".join(sheets) + "</Workbook>"


def _sheet(name: str, *rows: str, options: str = "") -> str:
    return f'<Worksheet ss:Name="{name}"><Table>' + "".join(rows) + "</Table>" + options + "</Worksheet>"


def test_spreadsheetml_dates_are_datetimes_as_openpyxl_gives_them(tmp_path: Path) -> None:
    rows = [_row(_s("Ngày"), _s("Quận"), _s("Tội danh"))]
    for day, district in (("2024-01-05T00:00:00.000", "Ba Đình"), ("2024-02-17T14:30:00.000", "Tây Hồ")):
        rows.append(_row(f'<Cell><Data ss:Type="DateTime">{day}</Data></Cell>', _s(district), _s("Trộm cắp")))
    path = _write(tmp_path, "i.xml", _xml(_sheet("DS", *rows)))
    from trends._webexport import open_webexport

    cells = list(open_webexport(path, "i.xml", "xml").worksheets[0].iter_rows())
    import datetime as dt

    assert cells[2][0] == dt.datetime(2024, 2, 17, 14, 30)
    raw = _quiet(read_raw, path)
    assert raw.frame.iat[0, 0] == "2024-01-05T00:00:00"  # as an .xlsx date cell reads
    table = _quiet(read_incidents, path)
    assert table["date"].tolist() == [pd.Timestamp("2024-01-05"), pd.Timestamp("2024-02-17 14:30")]


def test_ss_index_skips_cells_and_rows_and_merge_down_spans_rows(tmp_path: Path) -> None:
    head = _row(_s("Quận"), _s("Tháng"), _s("Tội danh"), _s("Số vụ"))
    rows = [
        _row(_s("Ba Đình", ' ss:MergeDown="1"'), _s("01/2024"), _s("Trộm cắp"), _n(3), attrs=' ss:Index="4"'),
        _row(_s("02/2024", ' ss:Index="2"'), _s("Trộm cắp"), _n(4)),
        _row(_s("Tây Hồ"), _s("01/2024"), _s("Trộm cắp"), _n(9, ' ss:Index="4"')),
    ]
    path = _write(
        tmp_path, "m.xls", _xml(_sheet("BC", _row(_s("BÁO CÁO", ' ss:MergeAcross="3"')), head, *rows))
    )
    from trends._webexport import open_webexport

    sheet = open_webexport(path, "m.xls", "xml").worksheets[0]
    cells = list(sheet.iter_rows())
    assert cells[2] == () and cells[4] == (None, "02/2024", "Trộm cắp", 4) and cells[5][3] == 9
    assert sheet.layout()[0] == [(0, 0, 0, 3), (3, 0, 4, 0)]
    assert cells[1] == ("Quận", "Tháng", "Tội danh", "Số vụ") and cells[5][:3] == (
        "Tây Hồ",
        "01/2024",
        "Trộm cắp",
    )
    with pytest.warns(TrendsDataWarning, match="XML Spreadsheet 2003") as said:
        table = read_crimes(path)
    assert "gave the value of each merged cell to every row it spans (rows 4-5 'Ba Đình')" in " ".join(
        str(w.message) for w in said
    )
    assert table.groupby("district")["count"].sum().to_dict() == {"ba_dinh": 7, "tay_ho": 9}


def test_hidden_sheets_rows_and_the_active_sheet_of_spreadsheetml(tmp_path: Path) -> None:
    head = _row(_s("Quận"), _s("Tháng"), _s("Tội danh"), _s("Số vụ"))
    one = _sheet("T1", head, _row(_s("Ba Đình"), _s("01/2024"), _s("Trộm cắp"), _n(5)))
    two = _sheet(
        "T2",
        head,
        _row(_s("Tây Hồ"), _s("02/2024"), _s("<B>Trộm</B> cắp"), _n("2.0")),
        _row(_s("Tây Hồ"), _s("03/2024"), _s("Trộm cắp"), _n(1), attrs=' ss:Hidden="1"'),
    )
    old = _sheet(
        "Cũ",
        head,
        _row(_s("Ba Đình"), _s("12/2023"), _s("Trộm cắp"), _n(99)),
        options='<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible>'
        "</WorksheetOptions>",
    )
    book = '<ExcelWorkbook xmlns="urn:schemas-microsoft-com:office:excel"><ActiveSheet>1</ActiveSheet></ExcelWorkbook>'
    path = _write(tmp_path, "b.xml", _xml(one, two, old, workbook=book))
    assert sheet_names(path) == ["T1", "T2"] and sheet_names(path, visible=False) == ["T1", "T2", "Cũ"]
    with pytest.warns(TrendsDataWarning) as said:
        table = read_crimes(path)
    text = " ".join(str(w.message) for w in said)
    assert "read sheet 'T2'" in text and "'Cũ' (hidden)" in text and "hidden row(s) as data (row 3)" in text
    assert "file name" not in text  # an .xml name says what it is
    assert table["count"].tolist() == [2, 1] and table["offence"].unique().tolist() == ["Trộm cắp"]
    stacked = _quiet(read_crimes, path, sheet="all")
    assert stacked["count"].sum() == 8


def test_an_entity_expansion_bomb_is_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE Workbook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="A" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Table><Row><Cell><Data ss:Type="String">&c;'
        "</Data></Cell></Row></Table></Worksheet></Workbook>"
    )
    path = _write(tmp_path, "bomb.xls", bomb)
    with pytest.raises(TrendsDataError, match="DOCTYPE or ENTITY declaration") as caught:
        read_crimes(path)
    assert "bomb.xls" in str(caught.value)
    with pytest.raises(TrendsDataError, match="DOCTYPE"):
        sheet_names(path)


@pytest.mark.parametrize(
    "body, said",
    [
        (
            '<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
            "root element is <rss>, not an Excel XML",
        ),
        (_xml(_sheet("A", _row(_s("x"))))[:-40], "XML Spreadsheet 2003 file is cut short"),
        (_xml(_sheet("A", _row(_n("12,5")))), "a malformed cell A1 of type Number (found '12,5')"),
        (_xml(), "without a worksheet"),
        (_xml(_sheet("A", _row(_s("x", ' ss:Index="20000"')))), "past Excel's limit"),
    ],
)
def test_xml_that_is_not_a_readable_spreadsheet_is_refused(tmp_path: Path, body: str, said: str) -> None:
    path = _write(tmp_path, "x.xls", body)
    with pytest.raises(TrendsDataError) as caught:
        read_crimes(path)
    assert said in str(caught.value) and "x.xls" in str(caught.value)


def test_a_formula_without_a_value_is_reported_as_a_formula(tmp_path: Path) -> None:
    head = _row(_s("Quận"), _s("Tháng"), _s("Tội danh"), _s("Số vụ"))
    rows = [
        _row(_s("Ba Đình"), _s("01/2024"), _s("Trộm cắp"), _n(5)),
        _row(_s("Tây Hồ"), _s("01/2024"), _s("Trộm cắp"), '<Cell ss:Formula="=R[-1]C+1"/>'),
    ]
    path = _write(tmp_path, "f.xml", _xml(_sheet("A", head, *rows)))
    with pytest.raises(TrendsDataError, match="formula") as caught:
        read_crimes(path)
    assert caught.value.row == 3


def test_a_sheet_that_is_not_the_other_formats_name_is_read_with_a_warning(tmp_path: Path) -> None:
    """Routing is by content: an XML Spreadsheet named .html and an HTML table named .xlsx are both read."""
    xml = _xml(
        _sheet(
            "A",
            _row(_s("Quận"), _s("Tháng"), _s("Tội danh"), _s("Số vụ")),
            _row(_s("Ba Đình"), _s("01/2024"), _s("Trộm cắp"), _n(5)),
        )
    )
    with pytest.warns(
        TrendsDataWarning, match=r"XML Spreadsheet 2003 \(SpreadsheetML\) file with an \.html file name"
    ):
        assert read_crimes(_write(tmp_path, "a.html", xml))["count"].tolist() == [5]
    page = _page(HEAD + "<tr><td>Ba Đình</td><td>01/2024</td><td>Trộm cắp</td><td>6</td></tr>")
    with pytest.warns(TrendsDataWarning, match=r"an HTML table \(a web page\) with an \.xlsx file name"):
        assert read_crimes(_write(tmp_path, "b.xlsx", page))["count"].tolist() == [6]


def test_an_unknown_marked_section_is_skipped_as_a_browser_does(tmp_path: Path) -> None:
    rows = HEAD + "<![if !supportMisalignedColumns]><![weird[x]]><tr><td>Ba Đình</td><td>01/2024</td>"
    rows += "<td>Trộm cắp</td><td>5</td></tr><![endif]>"
    path = _write(tmp_path, "w.xls", _page(rows))
    assert _quiet(read_crimes, path)["count"].tolist() == [5]


# --------------------------------------------------------------------------------------------------------------
# Excel's "Web Page" (a frameset and a folder of sheet pages) and "Single File Web Page" (.mht)


def _sheet_page(rows: str) -> str:
    return (
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8">'
        '<link id=Main-File rel=Main-File href="../book.htm"><link rel=File-List href=filelist.xml></head>'
        f"<body><table>{HEAD}{rows}</table></body></html>"
    )


def _frameset(sheets: list[tuple[str, str]], island: bool = True, hidden: str = "") -> str:
    chunks = "".join(
        f'<x:ExcelWorksheet><x:Name>{title}</x:Name><x:WorksheetSource HRef="{href}"/>'
        + ("<x:Visible>SheetHidden</x:Visible>" if title == hidden else "")
        + "</x:ExcelWorksheet>"
        for title, href in sheets
    )
    xml = (
        f"<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets>{chunks}</x:ExcelWorksheets>"
        "<x:ActiveSheet>0</x:ActiveSheet></x:ExcelWorkbook></xml><![endif]-->"
        if island
        else ""
    )
    return (
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta name="Excel Workbook Frameset">'
        f'<meta charset="utf-8"><link rel=File-List href="book_files/filelist.xml">{xml}</head>'
        f'<frameset rows="*,39"><frame src="{sheets[0][1]}" name="frSheet">'
        '<frame src="book_files/tabstrip.htm" name="frTabs"><noframes><body><p>This page uses frames</p>'
        "</body></noframes></frameset></html>"
    )


ROW_A = "<tr><td>Ba Đình</td><td>01/2024</td><td>Trộm cắp</td><td x:num>12</td></tr>"
ROW_B = "<tr><td>Hoàn Kiếm</td><td>02/2024</td><td>Cướp giật</td><td x:num>4</td></tr>"


def _web_page(tmp_path: Path, page: str, files: dict[str, str]) -> Path:
    (tmp_path / "book_files").mkdir()
    for name, text in files.items():
        (tmp_path / "book_files" / name).write_text(text, encoding="utf-8")
    return _write(tmp_path, "book.htm", page)


def test_a_workbook_saved_as_a_web_page_is_read_from_its_folder(tmp_path: Path) -> None:
    sheets = [("Tháng 1", "book_files/sheet001.htm"), ("Tháng 2", "book_files/sheet002.htm")]
    path = _web_page(
        tmp_path, _frameset(sheets), {"sheet001.htm": _sheet_page(ROW_A), "sheet002.htm": _sheet_page(ROW_B)}
    )
    assert sheet_names(path) == ["Tháng 1", "Tháng 2"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an .htm read as what it is: nothing to say
        both = read_crimes(path, sheet="all")
    assert sorted(both["count"]) == [4, 12]
    assert read_crimes(path, sheet="Tháng 2")["district"].tolist() == ["hoan_kiem"]
    # a hidden sheet keeps its state: the active one is read, and sheet="all" leaves it out, saying so
    hidden = tmp_path / "h"
    hidden.mkdir()
    path = _web_page(
        hidden,
        _frameset(sheets, hidden="Tháng 2"),
        {"sheet001.htm": _sheet_page(ROW_A), "sheet002.htm": _sheet_page(ROW_B)},
    )
    with pytest.warns(TrendsDataWarning, match="hidden"):
        assert read_crimes(path, sheet="all")["count"].tolist() == [12]


def test_a_web_page_without_an_island_names_its_sheets_by_the_tab_strip(tmp_path: Path) -> None:
    strip = (
        '<html><body><table><tr><td><a href="sheet001.htm" target="frSheet"><font>Trang&nbsp;1</font></a></td>'
        '<td><a href="sheet002.htm" target="frSheet"><font>Trang 2</font></a></td></tr></table></body></html>'
    )
    sheets = [("", "book_files/sheet001.htm")]
    path = _web_page(
        tmp_path,
        _frameset(sheets, island=False),
        {"sheet001.htm": _sheet_page(ROW_A), "sheet002.htm": _sheet_page(ROW_B), "tabstrip.htm": strip},
    )
    assert [n.replace("\xa0", " ") for n in sheet_names(path)] == ["Trang 1", "Trang 2"]
    # without a tab strip either, the frame's page is the one sheet
    (tmp_path / "book_files" / "tabstrip.htm").unlink()
    assert sheet_names(path) == ["Sheet1"] and read_crimes(path)["count"].tolist() == [12]


def test_a_web_page_whose_folder_was_not_sent_is_refused_naming_it(tmp_path: Path) -> None:
    page = _frameset([("Sheet1", "book_files/sheet001.htm")])
    path = _write(tmp_path, "book.htm", page)
    with pytest.raises(TrendsDataError, match=r"folder 'book_files' beside it .*not sent.*\.xlsx") as info:
        read_crimes(path)
    assert "book.htm" in str(info.value) and "row 1" in str(info.value)
    # one sheet page of two missing: named
    path = _web_page(
        tmp_path,
        _frameset([("A", "book_files/sheet001.htm"), ("B", "book_files/sheet002.htm")]),
        {"sheet001.htm": _sheet_page(ROW_A)},
    )
    with pytest.raises(TrendsDataError, match=r"book_files/sheet002\.htm"):
        read_crimes(path, sheet="all")


@pytest.mark.parametrize("href", ["../secret.htm", "/etc/passwd", "file:///etc/passwd", "http://x/s.htm"])
def test_a_web_page_never_reads_outside_its_folder(tmp_path: Path, href: str) -> None:
    (tmp_path / "secret.htm").write_text(_sheet_page(ROW_A), encoding="utf-8")
    inner = tmp_path / "in"
    inner.mkdir()
    path = _write(inner, "book.htm", _frameset([("S", href)]).replace("book_files/tabstrip.htm", href))
    with pytest.raises(TrendsDataError, match="holds no table of data"):
        read_crimes(path)


def _mht(parts: list[tuple[str, str, str]]) -> bytes:
    import quopri

    out = 'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\npreamble\r\n'
    for location, kind, text in parts:
        body = quopri.encodestring(text.encode("utf-8")).decode("ascii")
        out += (
            f"--B\r\nContent-Location: {location}\r\nContent-Transfer-Encoding: quoted-printable\r\n"
            f'Content-Type: {kind}; charset="utf-8"\r\n\r\n{body}\r\n'
        )
    return (out + "--B--\r\n").encode("ascii")


def test_a_single_file_web_page_is_read_from_its_parts(tmp_path: Path) -> None:
    sheets = [("T1", "book_files/sheet001.htm"), ("T2", "book_files/sheet002.htm")]
    data = _mht(
        [
            ("file:///C:/X/book.htm", "text/html", _frameset(sheets)),
            ("file:///C:/X/book_files/sheet001.htm", "text/html", _sheet_page(ROW_A)),
            ("file:///C:/X/book_files/sheet002.htm", "text/html", _sheet_page(ROW_B)),
        ]
    )
    path = _write(tmp_path, "book.mht", data)
    assert sheet_names(path) == ["T1", "T2"]
    assert sorted(read_crimes(path, sheet="all")["count"]) == [4, 12]
    # renamed .xls: read by its content, with a warning saying what it is
    renamed = _write(tmp_path, "book.xls", data)
    with pytest.warns(TrendsDataWarning, match=r"single-file web page \(MHTML"):
        assert read_crimes(renamed)["count"].tolist() == [12]
    # a part missing, and a message holding no page at all: refused naming the file
    short = _write(tmp_path, "short.mht", _mht([("file:///C:/X/book.htm", "text/html", _frameset(sheets))]))
    with pytest.raises(TrendsDataError, match=r"book_files/sheet001\.htm"):
        read_crimes(short)
    empty = _write(tmp_path, "img.mht", _mht([("file:///C:/X/a.png", "image/png", "not a page")]))
    with pytest.raises(TrendsDataError, match=r"img\.mht.*no HTML page"):
        read_crimes(empty)


@pytest.mark.parametrize(
    ("shown", "stored", "agree"),
    [
        ("1.234", "1234", True),
        ("1,234", "1234", True),
        ("1 234", "1234", True),
        ("1.235", "1234.5", True),
        ("12,5", "12.5", True),
        ("-7", "-7", True),
        ("1.243", "12", False),
        ("13", "12", False),
    ],
)
def test_a_shown_number_must_be_its_stored_x_num(
    tmp_path: Path, shown: str, stored: str, agree: bool
) -> None:
    rows = (
        HEAD + f'<tr><td>Ba Đình</td><td>01/2024</td><td>Trộm cắp</td><td x:num="{stored}">{shown}</td></tr>'
    )
    path = _write(tmp_path, "x.html", _page(rows))
    if agree:
        assert read_raw(path).frame.iloc[0, 3] in (stored, str(float(stored)), str(int(float(stored))))
    else:
        with pytest.raises(TrendsDataError, match=rf"row 2, column 'D'.*shows '{shown}' but stores"):
            read_raw(path)
