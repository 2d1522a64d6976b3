"""The top-level data/ folder: files in data/raw are found by name, ambiguity is an error, none means the bundled
study; the example files in data/examples pass the contract."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from trends import cli
from trends.schema import TrendsDataWarning
from trends.study import DATA_DIR_ENV, data_folder, discover, find_inputs, load_study

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with an empty data/raw as the working directory, discovery at its default."""
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "README.md").write_text("# your files\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    return tmp_path / "data" / "raw"


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).write_text("x\n", encoding="utf-8")


def test_discover_picks_each_kind_by_name(project: Path) -> None:
    _touch(project, "Crimes.CSV", "rollout_2015-2024.xlsx", "districts-hanoi.parquet", ".~lock.crimes.csv#")
    found = discover()
    assert found == {
        "crimes": Path("data/raw/Crimes.CSV"),
        "rollout": Path("data/raw/rollout_2015-2024.xlsx"),
        "districts": Path("data/raw/districts-hanoi.parquet"),
    }
    assert list(found) == ["crimes", "rollout", "districts"]  # load_study's order


def test_discover_finds_web_exports_by_name(project: Path) -> None:
    """A web application's "export to Excel" saved as .html or .xml is a data file like an .xlsx."""
    _touch(project, "incidents_2024.html", "rollout.XML", "districts.htm")
    assert discover() == {
        "incidents": Path("data/raw/incidents_2024.html"),
        "rollout": Path("data/raw/rollout.XML"),
        "districts": Path("data/raw/districts.htm"),
    }
    _touch(project, "bao_cao.html")  # a page of another name is named, not read
    with pytest.warns(TrendsDataWarning, match="bao_cao.html: not read"):
        discover()


def test_discover_finds_opendocument_spreadsheets_by_name(project: Path) -> None:
    """A LibreOffice Calc .ods (or flat .fods) is a data file like an .xlsx."""
    _touch(project, "crimes_2024.ods", "districts.FODS")
    assert discover() == {
        "crimes": Path("data/raw/crimes_2024.ods"),
        "districts": Path("data/raw/districts.FODS"),
    }
    _touch(project, "crimes.xlsx")  # one kind, two files: refused, naming both
    with pytest.raises(ValueError, match=r"2 files for the crimes \(crimes.xlsx, crimes_2024.ods\)"):
        discover()


def test_discover_incidents_and_notebook_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _touch(project, "incidents.csv")
    notebooks = project.parents[1] / "notebooks"
    notebooks.mkdir()
    monkeypatch.chdir(notebooks)  # a notebook runs in notebooks/: ../data/raw
    assert data_folder() == Path("../data/raw")
    assert discover() == {"incidents": Path("../data/raw/incidents.csv")}


def test_two_files_of_one_kind_is_an_error(project: Path) -> None:
    _touch(project, "crimes.csv", "crimes_2024.xlsx")
    with pytest.raises(ValueError, match=r"2 files for the crimes \(crimes.csv, crimes_2024.xlsx\)"):
        discover()


def test_two_years_of_crimes_in_two_files_are_refused_naming_both(project: Path) -> None:
    """Round 20: crimes of 2023 and of 2024 as two files are not stacked (one may repeat the other's months);
    the folder is refused, naming both, as any two files of one kind."""
    _touch(project, "crimes_2023.xlsx", "crimes_2024.xlsx", "crimes_2024 - Copy.xlsx")
    with pytest.raises(
        ValueError, match=r"3 files for the crimes \(crimes_2023.xlsx, crimes_2024 - Copy.xlsx, "
    ):
        discover()


def test_excel_lock_files_backups_and_copies_are_not_data(project: Path) -> None:
    """Round 20: Excel's lock file beside a workbook open in it ("~$crimes.xlsx") is skipped without a word; a
    backup ("crimes.xlsx.bak") is no data file; a copy named otherwise ("Copy of crimes.xlsx") is named, not read."""
    _touch(project, "crimes.xlsx", "~$crimes.xlsx", "crimes.xlsx.bak")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert discover() == {"crimes": Path("data/raw/crimes.xlsx")}
    _touch(project, "Copy of crimes.xlsx")
    with pytest.warns(TrendsDataWarning, match="Copy of crimes.xlsx: not read"):
        assert discover() == {"crimes": Path("data/raw/crimes.xlsx")}


def test_a_name_with_a_space_at_the_end_is_found_and_read(project: Path) -> None:
    """Round 20: "crimes.csv " (macOS and Linux keep the space) was skipped without a word, and the report ran on
    the bundled SIMULATED study; it is the crimes file, and it is read."""
    shutil.copy(EXAMPLES / "crimes.csv", project / "crimes.csv ")
    found = discover()
    assert found == {"crimes": Path("data/raw/crimes.csv ")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrendsDataWarning)  # the example covers 3 districts: said
        study = load_study(**find_inputs())
    assert not study.simulated


def test_crimes_and_incidents_together_is_an_error(project: Path) -> None:
    _touch(project, "crimes.csv", "incidents.csv")
    with pytest.raises(ValueError, match=r"both crimes\.csv and incidents\.csv"):
        find_inputs()


def test_register_without_crimes_is_an_error(project: Path) -> None:
    _touch(project, "rollout.csv")
    with pytest.raises(ValueError, match=r"rollout\.csv but no crimes"):
        discover()


def test_a_misnamed_file_is_named_not_read(project: Path) -> None:
    _touch(project, "crime.csv", "crimes.csv", "notes.docx")
    with pytest.warns(TrendsDataWarning, match="crime.csv: not read"):
        found = discover()
    assert found == {"crimes": Path("data/raw/crimes.csv")}


def test_empty_folder_means_the_bundled_study(project: Path) -> None:
    assert discover() == {} and find_inputs() == {}
    study = load_study(**find_inputs())
    assert study.simulated and study.name == "hanoi"


def test_no_folder_and_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    assert data_folder() is None and discover() == {}
    (tmp_path / "data" / "raw").mkdir(parents=True)
    _touch(tmp_path / "data" / "raw", "crimes.csv")
    monkeypatch.setenv(DATA_DIR_ENV, "")
    assert data_folder() is None and find_inputs() == {}
    elsewhere = tmp_path / "mine"
    elsewhere.mkdir()
    _touch(elsewhere, "incidents.xlsx")
    monkeypatch.setenv(DATA_DIR_ENV, str(elsewhere))
    assert find_inputs() == {"incidents": elsewhere / "incidents.xlsx"}


def test_explicit_files_win_over_the_folder(project: Path) -> None:
    _touch(project, "crimes.csv", "rollout.csv")
    assert find_inputs("mine.xlsx") == {"crimes": "mine.xlsx"}
    assert find_inputs(incidents="list.csv", districts="d.csv") == {
        "incidents": "list.csv",
        "districts": "d.csv",
    }


def test_examples_pass_the_contract_from_data_raw(project: Path) -> None:
    for name in ("crimes.csv", "rollout.csv", "districts.csv"):
        shutil.copy(EXAMPLES / name, project / name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the examples need no repair
        study = load_study(**find_inputs())
    raw = pd.read_csv(EXAMPLES / "crimes.csv")
    assert not study.simulated and study.name == "crimes"
    assert sorted(study.districts["district"]) == ["ba_dinh", "dong_da", "hoan_kiem"]
    assert int(study.crimes["count"].sum()) == int(raw["count"].sum())  # nothing lost
    assert len(study.crimes) == len(raw) == 3 * 12 * 2
    assert list(study.rollout["model_id"]) == ["EX-01", "EX-02"]


def test_example_incident_list_passes_the_contract() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        study = load_study(incidents=EXAMPLES / "incidents.csv", districts=EXAMPLES / "districts.csv")
    assert int(study.crimes["count"].sum()) == len(pd.read_csv(EXAMPLES / "incidents.csv"))


def _fake_report(monkeypatch: pytest.MonkeyPatch) -> list:
    """Record the study `trends report` would analyse, without running the analysis."""
    seen: list = []

    def run_report(study, out, **_kwargs):
        seen.append(study)
        return SimpleNamespace(notes=[], files=[], out=Path(out) / study.name)

    monkeypatch.setattr("trends.report.run_report", run_report)
    return seen


def test_report_reads_data_raw_and_says_so(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("crimes.csv", "rollout.csv", "districts.csv"):
        shutil.copy(EXAMPLES / name, project / name)
    seen = _fake_report(monkeypatch)
    assert cli.main(["report", "--out", "out"]) == 0
    err = capsys.readouterr().err
    assert "Using the files found in data/raw: --crimes data/raw/crimes.csv --rollout" in err
    assert "--districts data/raw/districts.csv" in err and "SIMULATED" not in err
    assert not seen[0].simulated and len(seen[0].rollout) == 2


def test_report_with_empty_data_raw_runs_the_bundled_study(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen = _fake_report(monkeypatch)
    assert cli.main(["report", "--out", "out"]) == 0
    err = capsys.readouterr().err
    assert "Using the files found" not in err and "bundled Hanoi study: SIMULATED" in err
    assert seen[0].simulated


def test_report_names_an_ambiguous_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _touch(project, "crimes.csv", "crimes.xlsx")
    _fake_report(monkeypatch)
    assert cli.main(["report", "--out", "out"]) == 2
    assert "2 files for the crimes (crimes.csv, crimes.xlsx)" in capsys.readouterr().err


def test_data_raw_keeps_analysts_files_out_of_git() -> None:
    # recorded-crime files may be confidential: everything in data/raw is ignored except its README
    raw = EXAMPLES.parent / "raw"
    rules = [
        line for line in (raw / ".gitignore").read_text(encoding="utf-8").splitlines() if line[:1] != "#"
    ]
    assert rules == ["*", "!.gitignore", "!README.md"]
    assert sorted(p.name for p in raw.iterdir() if p.name in {"README.md", ".gitignore"}) == [
        ".gitignore",
        "README.md",
    ]
