"""Privacy and safe loading (issue 8, items 5 and 6; the loader side).

- An incident list with personal columns (Vietnamese and English headers, distinctive values) goes through
  ``trends report``; no personal value and no personal header may appear in any file written, and exported tables
  suppress small cells.
- No unsafe loading: no pickle / eval / exec / unsafe YAML in the package; Excel is read as cached values and
  nothing in a workbook (formulas, macros) is executed; ``--study`` cannot send output outside ``--out``.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trends import cli
from trends.io import TrendsDataWarning, read_crimes

SRC = Path(__file__).resolve().parents[1] / "src" / "trends"
CORPUS = Path(__file__).parent / "corpus"

# Personal columns as police exports name them, each with a distinctive value.
PERSONAL = {
    "Họ tên": "Nguyễn Văn Bí Mật",
    "Tuổi": "37",
    "Giới tính": "Nữ",
    "Địa chỉ": "Số 99 ngõ Bí Mật, phường Kim Mã",
    "CCCD/CMND": "001099012345",
    "Số điện thoại": "0987654321",
    "Nghề nghiệp": "Thợ khóa Bí Mật",
    "name": "John Secretname",
    "age": "64",
    "address": "221B Secret Street",
    "id_number": "ID-SECRET-778899",
}
# Headers distinctive enough to search as text anywhere; generic English ones are checked as CSV column names.
DISTINCT_HEADERS = [
    "Họ tên",
    "Tuổi",
    "Giới tính",
    "Địa chỉ",
    "CCCD",
    "CMND",
    "Số điện thoại",
    "Nghề nghiệp",
    "id_number",
]
SHORT = {v for v in PERSONAL.values() if len(v) < 6}  # ages, gender: checked as whole CSV cells only


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Run ``trends report --incidents`` once on an incident list full of personal data."""
    rng = np.random.default_rng(7)
    tmp = tmp_path_factory.mktemp("privacy")
    months = pd.date_range("2022-01-01", "2023-12-01", freq="MS")
    rows = []
    for district, rate in (("Ba Đình", 6), ("Hoàn Kiếm", 4), ("Tây Hồ", 2)):
        for month in months:
            for _ in range(rng.poisson(rate)):
                day = month + pd.Timedelta(days=int(rng.integers(0, 28)))
                rows.append([day.strftime("%d/%m/%Y"), district, str(rng.choice(["Trộm cắp", "Cướp giật"]))])
    rows.append(["15/06/2023", "Sóc Sơn", "Trộm cắp"])  # a district-year with 1 incident: a small cell
    rows.append(["16/07/2023", "Sóc Sơn", "Trộm cắp"])
    header = ["Ngày xảy ra", "Quận/Huyện", "Tội danh", *PERSONAL]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([*r, *PERSONAL.values()] for r in rows)
    path = tmp / "incidents.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    out = tmp / "out"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = cli.main(["report", "--incidents", str(path), "--out", str(out), "--quiet", "--lang", "both"])
    assert code == 0
    return out, path.name


def _texts(path: Path) -> list[str]:
    """Everything readable in a file: text as text; PDF with its Flate streams inflated; other binaries raw."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        parts = [data.decode("latin-1")]
        for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, flags=re.S):
            try:
                parts.append(zlib.decompress(stream).decode("latin-1"))
            except zlib.error:
                pass
        return parts
    if data.startswith(b"PK"):  # .xlsx, .docx ...: every member of the zip
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return [z.read(n).decode("utf-8", errors="replace") for n in z.namelist()]
    try:
        return [data.decode("utf-8")]
    except UnicodeDecodeError:  # PNG and other binaries: raw bytes, and UTF-8 where it decodes
        return [data.decode("latin-1"), data.decode("utf-8", errors="replace")]


def test_report_writes_files(report: tuple[Path, str]) -> None:
    out, _ = report
    files = [p for p in out.rglob("*") if p.is_file()]
    suffixes = {p.suffix for p in files}
    assert {".csv", ".png", ".svg", ".pdf"} <= suffixes, suffixes


def test_no_personal_value_or_header_in_any_output(report: tuple[Path, str]) -> None:
    out, _ = report
    files = [p for p in out.rglob("*") if p.is_file()]
    for path in files:
        for text in _texts(path):
            for value in set(PERSONAL.values()) - SHORT:
                assert value not in text, (path, value)
                ascii_part = value.encode("ascii", "ignore").decode()
                assert len(ascii_part) < 6 or ascii_part not in text, (path, value)
            if path.suffix in (".csv", ".md", ".svg", ".txt", ".json", ".html"):
                for header in DISTINCT_HEADERS:
                    assert header not in text, (path, header)
        if path.suffix == ".csv":
            table = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
            # "name" is a legitimate header of chart data (district names); the values check covers it.
            assert not {h.strip().lower() for h in table[0]} & {h.lower() for h in PERSONAL} - {"name"}, path
            cells = {c.strip() for row in table for c in row}
            assert not cells & {"Nữ", "Nguyễn Văn Bí Mật"}, path


def test_exported_tables_suppress_small_cells(report: tuple[Path, str]) -> None:
    out, _ = report
    tables = sorted((out).rglob("tables/*.csv"))
    assert tables
    count_like = re.compile(r"count|cases|incidents|total|^n$|^n_|_n$")
    checked = 0
    for path in [*tables, *sorted(out.rglob("tables/*.xlsx"))]:
        if path.suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        else:
            frame = pd.read_excel(path, dtype=str, engine="openpyxl")
        for col in [c for c in frame.columns if count_like.search(c.lower())]:
            values = pd.to_numeric(frame[col], errors="coerce")
            small = values[(values >= 1) & (values < 5)]
            assert small.empty, (path.name, col, small.tolist())
            checked += len(values)
    assert checked
    by_year = pd.read_csv(next(p for p in tables if p.stem == "counts_by_district_year"), dtype=str)
    soc_son = by_year[(by_year["district"] == "soc_son") & (by_year["year"] == "2023")]["count"]
    assert len(soc_son) == 1 and soc_son.iloc[0] != "2"  # the 2 incidents of Sóc Sơn are suppressed


# --------------------------------------------------------------------------------------------------------------
# No unsafe loading

UNSAFE = re.compile(
    r"\bpickle\b|\bread_pickle\b|\bmarshal\b|\bshelve\b|(?<!\w)eval\(|(?<!\w)exec\(|\byaml\.load\("
)


def test_no_pickle_eval_exec_or_unsafe_yaml_in_the_package() -> None:
    hits = []
    for path in sorted(SRC.rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]  # comments may explain why something is absent
            if UNSAFE.search(code) and "SafeLoader" not in code:
                hits.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert not hits, hits


def test_unsafe_pattern_catches_what_it_should() -> None:
    for bad in (
        "import pickle",
        "x = eval(s)",
        "df.eval(s)",
        "exec(code)",
        "yaml.load(fh)",
        "pd.read_pickle(p)",
    ):
        assert UNSAFE.search(bad), bad
    for fine in ("ast.literal_eval(s)", "self.evaluate(x)", "yaml.safe_load(fh)"):
        assert not UNSAFE.search(fine), fine


def test_excel_is_read_as_cached_values_never_evaluated() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrendsDataWarning)
        cached = read_crimes(CORPUS / "crimes_formula_cached.xlsx")
        macro = read_crimes(CORPUS / "crimes_with_macro.xlsm")
    # The cached value of =D2+D3 is 19 (in the file); the formula itself is never computed.
    assert cached.loc[cached["district"] == "tay_ho", "count"].tolist() == [19]
    assert macro["count"].sum() == read_crimes(CORPUS / "crimes_ok.csv")["count"].sum()
    # Every workbook opened by the package is opened by openpyxl, which has no formula engine and never runs
    # VBA; macros are not even kept. An old .xls is opened by xlrd, which reads the stored results of formulas
    # and skips VBA modules.
    text = (SRC / "rawfile.py").read_text(encoding="utf-8")  # where files are opened
    assert "load_workbook(" in text and "pd.ExcelFile" not in text and "pd.read_excel" not in text
    for call in re.findall(r"load_workbook\([^)]*\)", text):
        assert "keep_vba=False" in call, call
    biff = (SRC / "_xls.py").read_text(encoding="utf-8")
    assert "xlrd.open_workbook(" in biff and "pd.read_excel" not in biff


@pytest.mark.parametrize("study", ["../../evil", "../evil", "/tmp/evil", "a/../../evil", "..", "evil\\..\\x"])
def test_study_name_cannot_escape_the_output_folder(
    study: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    before = {p for p in Path("/tmp").glob("evil*")}
    code = cli.main(["report", "--study", study, "--out", str(work / "tmp"), "--quiet"])
    assert code == 2, capsys.readouterr().err
    assert "study name" in capsys.readouterr().err
    assert not [p for p in tmp_path.rglob("*") if p.is_file()], "nothing may be written"
    assert {p for p in Path("/tmp").glob("evil*")} == before


def test_study_name_escape_with_input_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = cli.main(
        [
            "report",
            "--crimes",
            str(CORPUS / "crimes_ok.csv"),
            "--study",
            "../../evil",
            "--out",
            str(out),
            "--quiet",
        ]
    )
    assert code == 2
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


# --------------------------------------------------------------------------------------------------------------
# Exports safe to open (issue 13): formula injection in CSV / Excel, markup in Markdown / HTML

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+84 912 345",
    "-Trộm cắp",
    "@SUM(A1)",
    "\tA",
    "\rB",
    "-5",
    "Ba Đình",
]


def test_escape_formulas_neutralises_text_and_keeps_numbers() -> None:
    from trends.privacy import escape_formulas

    frame = pd.DataFrame(
        {"label": HOSTILE, "count": [-3, 0, 1, 2, 3, 4, 5, 6], "rate": np.linspace(-1, 1, 8)}
    )
    out = escape_formulas(frame)
    assert out["label"].tolist() == [*("'" + v for v in HOSTILE[:6]), "-5", "Ba Đình"]
    pd.testing.assert_series_equal(out["count"], frame["count"])  # negative numbers stay numbers
    pd.testing.assert_series_equal(out["rate"], frame["rate"])
    assert frame["label"].tolist() == HOSTILE  # the input is not modified


def test_write_csv_escapes_formulas(tmp_path: Path) -> None:
    from trends.charts.export import write_csv

    path = write_csv(pd.DataFrame({"offence": HOSTILE, "count": range(-4, 4)}), tmp_path / "t.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        back = list(csv.DictReader(fh))
    assert len(back) == len(HOSTILE)
    dangerous = [r["offence"] for r in back if r["offence"].startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert dangerous == ["-5"]  # a plain number is not a formula
    assert [r["count"] for r in back] == [str(v) for v in range(-4, 4)]


def test_figure_register_markdown_escapes_labels() -> None:
    from trends.charts.export import FigureRegister

    reg = FigureRegister()
    reg.add("c1", "f", ["c1.png"], title='Ba Đình <img src=x onerror="alert(1)"> | <script>x</script>')
    md = reg.to_markdown()
    assert "<img" not in md and "<script>" not in md and "&lt;script&gt;" in md
    assert md.splitlines()[-1].count(" | ") == 4  # the "|" in the title does not add a column


def test_names_of_things_are_not_personal_data() -> None:
    from trends.privacy import is_personal_column

    # a model's, a unit's or an offence's name is not a person's; a person's name, a victim's name are
    for thing in ("Tên mô hình", "Tên đơn vị", "Tên tội danh", "Tên quận", "district_name", "name_vi"):
        assert not is_personal_column(thing), thing
    for person in ("Tên", "Họ tên", "Họ và tên", "Tên nạn nhân", "victim_name", "Tên đối tượng"):
        assert is_personal_column(person), person


def test_counts_of_people_are_measures_not_personal_data() -> None:
    from trends.privacy import is_personal_column

    # "Số bị can" counts the accused of a case; "Số CMND" is a person's id number and stays personal
    for count in (
        "Số đối tượng",
        "Số bị can",
        "Số người bị hại",
        "Số lượng nạn nhân",
        "Number of victims",
        "n_victims",
        # the residence database's counts of registered residents (round 21)
        "Số nhân khẩu thường trú",
        "Tổng số nhân khẩu tạm trú",
    ):
        assert not is_personal_column(count), count
    for person in ("Số CMND/CCCD", "Số điện thoại", "Số nhà", "Người bị hại", "Đối tượng", "Tên bị can"):
        assert is_personal_column(person), person
    # VNeID's personal identification number, however headed; a person's address of residence stays personal
    for person in ("Số định danh cá nhân", "Mã định danh", "Nơi thường trú", "Thường trú"):
        assert is_personal_column(person), person
