"""A study: the validated tables one analysis runs on, from the bundled data or an analyst's own files.

:func:`load_study` is the single entry point used by ``trends report`` and by every notebook's parameters cell:
with no arguments it returns the bundled (SIMULATED) Hanoi study; with file paths it reads and validates the
analyst's files through :mod:`trends.io` and builds the balanced panel through :mod:`trends.panel`.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypedDict, cast

import pandas as pd

from trends._text import fold
from trends.messages import each_lang
from trends.panel import adoption_panel, aggregate_incidents, balance
from trends.rawfile import WORKBOOK_SUFFIXES, file_suffix
from trends.schema import TrendsDataWarning, user_stacklevel

__all__ = ["Extent", "Inputs", "Study", "data_folder", "discover", "find_inputs", "load_study"]

PathLike = str | Path


@dataclass(frozen=True)
class Study:
    """The validated inputs of one analysis.

    Attributes
    ----------
    name : str
        A short id used for the output folder (letters, digits, ``_`` and ``-`` only).
    crimes : pandas.DataFrame
        Balanced crimes table (``district``, ``period``, ``offence``, ``count``).
    districts : pandas.DataFrame
        The districts table (``district``, ``name_vi``, ``name_ascii``, ``kind``, ``population``, ...).
    rollout : pandas.DataFrame or None
        The register of movement models, when the study has one.
    freq : {"month", "quarter", "year"}
    simulated : bool
        True for simulated data: every chart and page made from it must say so.
    description : str
        What the data are, for the brief.
    source : dict
        One line for chart footnotes, per language (``{"vi": ..., "en": ...}``).
    labels : dict
        Display labels ``{"offence": {id: (vi, en)}, "model_type": {id: (vi, en)}}``; ids without a label are
        shown as they are.
    truth : pandas.DataFrame or None
        The true effect, for simulated studies only.
    extent : Extent or None
        What part of the reference geography the study covers, when a file covers only part of it.
    reported : pandas.DataFrame or None
        When the data span Hanoi's 2025 reform: the counts as reported (old districts until 2025-06, the 126
        new communes and wards from 2025-07); ``crimes`` is then that table carried onto the 30 districts.
    apportioned_from : pandas.Timestamp or None
        The first period whose district counts were apportioned from new units (estimates), if any.
    hanoi : bool
        True when the districts are Hanoi's own (no districts table was given, names resolved against Hanoi's
        30, or a table of exactly Hanoi's 30): :attr:`place` then reads "Hanoi" for all of them, not "30
        districts".
    """

    name: str
    crimes: pd.DataFrame
    districts: pd.DataFrame
    rollout: pd.DataFrame | None
    freq: str
    simulated: bool
    description: str
    source: dict[str, str]
    labels: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict, repr=False)
    truth: pd.DataFrame | None = field(default=None, repr=False)
    extent: Extent | None = None
    reported: pd.DataFrame | None = field(default=None, repr=False)
    apportioned_from: pd.Timestamp | None = None
    hanoi: bool = False

    @property
    def _of_hanoi(self) -> bool:
        """Hanoi's own districts: the bundled or a simulated study, or an own file resolved against Hanoi's."""
        return self.name == "hanoi" or self.simulated or self.hanoi

    @property
    def place(self) -> dict[str, str]:
        """What the study covers, in words: "Hanoi", or "22 of Hanoi's 30 districts" for part of the city."""
        if self.extent is not None:
            return each_lang("study.place.part", covered=self.extent.covered, of=self.extent.of)
        if self._of_hanoi:
            return each_lang("study.place.hanoi")
        return each_lang("study.place.districts", n=len(self.districts))

    @property
    def periods(self) -> pd.DatetimeIndex:
        """The panel's periods, in order."""
        return pd.DatetimeIndex(sorted(self.crimes["period"].unique()))

    @property
    def offences(self) -> list[str]:
        return sorted(self.crimes["offence"].unique())

    def without_gaps(self, offences: Sequence[str] | None = None) -> Study:
        """The study without the districts that have a missing cell: forecasts and the impact estimators need
        complete series. A warning names each district left out and its missing cells; its register models
        leave with it, and :attr:`place` then says how many districts are covered.

        ``offences``: count only the gaps of these offences (an analysis of some offences, as ``trends report
        --offence``, needs no other complete); default all.
        """
        crimes = self.crimes if offences is None else self.crimes[self.crimes["offence"].isin(offences)]
        gaps = crimes.loc[crimes["count"].isna(), "district"].value_counts().sort_index()
        if gaps.empty:
            return self
        gone = set(gaps.index)
        names = self.districts.set_index("district")["name_vi"]
        districts = self.districts[~self.districts["district"].isin(gone)].reset_index(drop=True)
        rollout = self.rollout
        left_out = 0
        if rollout is not None:
            left_out = int(rollout["district"].isin(gone).sum())
            rollout = rollout[~rollout["district"].isin(gone)].reset_index(drop=True)
        warnings.warn(
            TrendsDataWarning(
                f"left out {len(gone)} district(s) with missing cells: "
                + ", ".join(f"{names.get(d, d)} ({n} cell(s))" for d, n in gaps.items())
                + (f"; and {left_out} register model(s) in them" if left_out else "")
            ),
            stacklevel=user_stacklevel(),
        )
        extent = self.extent
        if extent is not None or self._of_hanoi:  # part of Hanoi (as place reads)
            of = extent.of if extent is not None else len(self.districts)
            absent = (extent.absent if extent is not None else ()) + tuple(
                str(names.get(d, d)) for d in sorted(gone)
            )
            extent = Extent(len(districts), of, absent, (extent.models_left_out if extent else 0) + left_out)
        truth = self.truth
        if truth is not None and "district" in truth.columns:
            truth = truth[~truth["district"].isin(gone)].reset_index(drop=True)
        return replace(
            self,
            crimes=self.crimes[~self.crimes["district"].isin(gone)].reset_index(drop=True),
            districts=districts,
            rollout=rollout,
            extent=extent,
            truth=truth,
        )

    def adoption_panel(
        self, unit: str = "series", *, annual: bool = False, model_types: list[str] | None = None
    ) -> pd.DataFrame:
        """Counts with each district's adoption cohort, ready for the impact estimators.

        See :func:`trends.panel.adoption_panel` (``unit="series"``: district x offence; ``"district"``: totals;
        ``annual=True``: complete calendar years with rates per 100,000 and ``log_rate``).
        """
        if self.rollout is None:
            raise ValueError("the study has no rollout register: pass --rollout / rollout=")
        return adoption_panel(
            self.crimes, self.rollout, self.districts, unit=unit, annual=annual, model_types=model_types
        )


@dataclass(frozen=True)
class Extent:
    """A study that covers part of the reference geography: how much, and what was left out because of it."""

    covered: int  # districts in the study
    of: int  # districts in the reference table
    absent: tuple[str, ...]  # display names of the districts the data do not cover
    models_left_out: int = 0  # register models in those districts, left out of the study


def _on_districts(records: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.Timestamp | None]:
    """Counts that name Hanoi's new units (from July 2025) carried onto the 30 districts for the analysis:
    ``(district counts, the counts as reported or None, first apportioned period or None)``."""
    from trends.geo import geography_of, harmonise

    if records.empty or not (geography_of(records["district"]) == "unit").any():
        return records, None, None
    out = harmonise(records, "district", integer=True)
    first = out.loc[out["apportioned"], "period"].min()
    crimes = out[["district", "period", "offence", "count"]].copy()
    crimes.attrs = {**records.attrs, "method": out.attrs["method"], "apportioned_from": first}
    return crimes, records, first


def _names_new_units(records: pd.DataFrame) -> bool:
    from trends.geo import geography_of

    return bool(len(records)) and bool((geography_of(records["district"]) == "unit").any())


def _count_by_reported_unit(incidents: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Count an incident list whose places change geography at the reform: each unit's cells only for the
    periods it existed (the old districts before July 2025, the new units from it), zeros included."""
    from trends.geo import REFORM_DATE, geography_of

    ids = sorted(set(incidents["district"]))
    counts = aggregate_incidents(incidents, freq, districts=ids)  # type: ignore[arg-type]
    is_unit = (geography_of(counts["district"]) == "unit").to_numpy()
    after = (counts["period"] >= REFORM_DATE).to_numpy()
    keep = (is_unit == after) | (counts["count"] > 0).to_numpy()
    out = counts[keep].reset_index(drop=True)
    out.attrs = counts.attrs
    return out


def _register_on_districts(register: pd.DataFrame) -> pd.DataFrame:
    """A register that names new units: each such model goes to the old district most of the unit's residents
    came from (a model is counted once, in one district)."""
    from trends.geo import geography_of, harmonise_rollout

    if register.empty or not (geography_of(register["district"]) == "unit").any():
        return register
    mapped = harmonise_rollout(register, "district")
    mapped = mapped.sort_values(["share"], ascending=False, kind="stable").drop_duplicates("model_id")
    order = register[["model_id"]].merge(mapped, on="model_id", how="left")
    return order[list(register.columns)].reset_index(drop=True)


def _covered(table: pd.DataFrame, records: pd.DataFrame, source: str) -> pd.DataFrame:
    """The reference districts that appear in the records (a file from part of the city is not all of it)."""
    present = table["district"].isin(set(records["district"]))
    if not present.all():
        absent = table.loc[~present, "name_vi"].tolist()
        warnings.warn(
            TrendsDataWarning(
                f"{source} covers {int(present.sum())} of the {len(table)} districts of Hanoi; the study is "
                f"limited to them (not in the file: {', '.join(absent)}). To include districts that recorded "
                "nothing, pass a districts table (--districts) listing them and, if an absent row means no "
                "case, --complete."
            ),
            stacklevel=user_stacklevel(),
        )
    return table[present].reset_index(drop=True)


def _within(register: pd.DataFrame, table: pd.DataFrame, source: str) -> pd.DataFrame:
    """The register's models in the study's districts; the others are reported, not silently kept or lost."""
    inside = register["district"].isin(set(table["district"]))
    if not inside.all():
        outside = register.loc[~inside, "district"].value_counts().sort_index()
        warnings.warn(
            TrendsDataWarning(
                f"{source}: {int((~inside).sum())} model(s) in districts the crime data do not cover are left "
                f"out of the study: " + ", ".join(f"{d} ({n})" for d, n in outside.items())
            ),
            stacklevel=user_stacklevel(),
        )
    return register[inside].reset_index(drop=True)


def _slug(stem: str) -> str:
    """A folder name from a file name: Vietnamese letters transliterated ("Đống Đa" -> "dong_da")."""
    return re.sub(r"[^a-z0-9_\-]+", "_", fold(stem)).strip("_")[:64] or "study"


def _check_name(name: str) -> str:
    # The name becomes a folder under the output directory: no separators, no "..".
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,63}", name):
        raise ValueError(
            f"study name {name!r} must be 1-64 letters, digits, '_' or '-' (it names the output folder)"
        )
    return name


def load_study(
    crimes: PathLike | None = None,
    *,
    incidents: PathLike | None = None,
    rollout: PathLike | None = None,
    districts: PathLike | None = None,
    name: str | None = None,
    complete: bool = False,
    freq: str = "month",
    sheet: str | int | None = None,
) -> Study:
    """Load a study: the bundled Hanoi data by default, or an analyst's files.

    Parameters
    ----------
    crimes : path, optional
        Counts by district, period and offence (CSV, Parquet or Excel).
    incidents : path, optional
        An incident list instead of counts; aggregated at ``freq`` (personal columns dropped on reading).
    rollout : path, optional
        The register of movement models.
    districts : path, optional
        The districts table (ids, names, kind, population): the study's districts, including any that recorded
        nothing. Without it, names are resolved against Hanoi's 30 districts and the study covers those that
        appear in the crimes or incidents file (a warning names the others; models of the register in them
        are left out, with a warning). A crimes file (or register) without a districts table may also name
        Hanoi's 126 new communes and wards from July 2025: the study then analyses the 30 districts, the new
        units' counts apportioned back by the residents' flow weights (``Study.reported`` keeps the file's
        own counts, ``Study.apportioned_from`` the first such period; the report says so).
    name : str, optional
        Output folder name; default ``"hanoi"`` for the bundled data, else the crimes file's stem.
    complete : bool, default False
        Declare the counts file complete: absent district x period x offence rows are zeros. Otherwise they
        stay missing and a warning lists them. Incident lists are always complete.
    freq : {"month", "quarter", "year"}
        Aggregation frequency for ``incidents``.
    sheet : str or int, optional
        Excel sheet for every Excel input.

    Returns
    -------
    Study

    Raises
    ------
    trends.TrendsDataError
        When a file breaks the data contract (the message names file, row and column).
    """
    from trends import io
    from trends.datasets import load_hanoi, load_hanoi_districts
    from trends.simulate import MODEL_TYPE_LABELS, OFFENCE_LABELS

    if crimes is None and incidents is None:
        if rollout is not None or districts is not None:
            raise ValueError(
                "pass --crimes or --incidents with --rollout/--districts (or none for the bundled data)"
            )
        hanoi = load_hanoi()
        return Study(
            name=_check_name(name or "hanoi"),
            crimes=hanoi.crimes,
            districts=hanoi.districts,
            rollout=hanoi.rollout,
            freq="month",
            simulated=True,
            description=hanoi.description,
            source=each_lang("study.source.simulated", seed=hanoi.seed),
            labels={"offence": dict(OFFENCE_LABELS), "model_type": dict(MODEL_TYPE_LABELS)},
            truth=hanoi.truth,
            reported=hanoi.reported,
            apportioned_from=hanoi.crimes.attrs.get("apportioned_from"),
        )
    if crimes is not None and incidents is not None:
        raise ValueError("pass either crimes or incidents, not both")
    table = io.read_districts(districts, sheet=sheet) if districts is not None else load_hanoi_districts()
    source_file = Path(crimes if crimes is not None else incidents)  # type: ignore[arg-type]
    counted = (
        False  # an incident list that names new units is counted here, before the geographies are joined
    )
    if incidents is not None:
        records = io.read_incidents(
            incidents, districts=table if districts is not None else None, sheet=sheet
        )
        if districts is None and _names_new_units(records):
            records = _count_by_reported_unit(records, freq)
            counted = True
    else:
        # Without a districts table, names resolve against both of Hanoi's geographies, by each row's date.
        records = io.read_crimes(crimes, districts=table if districts is not None else None, sheet=sheet)  # type: ignore[arg-type]
    reported, apportioned_from = None, None
    if districts is None and "count" in records.columns:
        records, reported, apportioned_from = _on_districts(records)
    register = None
    if rollout is not None:
        register = io.read_rollout(rollout, districts=table if districts is not None else None, sheet=sheet)
        if districts is None:
            register = _register_on_districts(register)
    extent = None
    if districts is None:  # no districts table: the file's coverage, not all of Hanoi, is the study
        reference = table
        table = _covered(table, records, source_file.name)
        left_out = 0
        if register is not None and rollout is not None:
            left_out = int((~register["district"].isin(set(table["district"]))).sum())
            register = _within(register, table, Path(rollout).name)
        if len(table) < len(reference):
            absent = reference.loc[~reference["district"].isin(set(table["district"])), "name_vi"]
            extent = Extent(len(table), len(reference), tuple(absent), left_out)
    if incidents is not None and not counted:
        panel = aggregate_incidents(records, freq, districts=list(table["district"]))  # type: ignore[arg-type]
    else:
        panel = balance(
            records,
            complete=complete or counted,
            districts=list(table["district"]),
            names=dict(zip(table["district"], table["name_vi"], strict=True)),
        )
    return Study(
        name=_check_name(name or _slug(source_file.stem)),
        crimes=panel,
        districts=table,
        rollout=register,
        freq=panel.attrs.get("freq", freq),
        simulated=False,
        description=f"Recorded crime from {source_file.name}"
        + (f"; movement models from {Path(rollout).name}" if rollout is not None else ""),
        source=each_lang("study.source.file", name=source_file.name),
        extent=extent,
        reported=reported,
        apportioned_from=apportioned_from,
        # Hanoi's own districts: names resolved against them, or a districts table of exactly Hanoi's 30
        hanoi=districts is None or set(table["district"]) == set(load_hanoi_districts()["district"]),
    )


#: The environment variable naming the folder :func:`discover` searches; set to an empty string to turn it off.
DATA_DIR_ENV = "TRENDS_DATA_DIR"
#: File kinds found by name in the data folder, in the order of :func:`load_study`'s arguments.
KINDS = ("crimes", "incidents", "rollout", "districts")
_DATA_SUFFIXES = {".csv", ".tsv", ".txt", ".parquet", ".pq", ".feather", ".arrow", ".dta", *WORKBOOK_SUFFIXES}


def data_folder() -> Path | None:
    """The folder of an analyst's own files: ``$TRENDS_DATA_DIR``, else ``data/raw`` beside or above the cwd.

    ``./data/raw`` serves the command run from the project folder, ``../data/raw`` a notebook run in
    ``notebooks/``. Returns None when no such folder exists or ``TRENDS_DATA_DIR`` is set to an empty string.
    """
    env = os.environ.get(DATA_DIR_ENV)
    if env is not None:
        return Path(env) if env.strip() else None
    for candidate in (Path("data", "raw"), Path("..", "data", "raw")):
        if candidate.is_dir():
            return candidate
    return None


def discover(folder: PathLike | None = None) -> dict[str, Path]:
    """Find an analyst's files in a folder by name: ``crimes.*``, ``incidents.*``, ``rollout.*``, ``districts.*``.

    A file belongs to a kind when its name (case aside) is the kind, or starts with the kind and ``_`` or ``-``
    (``crimes_2024.xlsx``), and ends in ``.csv``, ``.tsv``, ``.txt``, ``.parquet``, ``.pq``, ``.feather``,
    ``.arrow``, ``.dta`` (Stata), ``.xlsx``,
    ``.xlsm``, ``.xls``, ``.ods``, ``.fods`` (LibreOffice Calc), or ``.html``, ``.htm`` or ``.xml`` (a web
    application's "export to Excel"); spaces before or after the suffix are ignored ("crimes.csv "). Hidden
    files, the lock file Excel keeps beside a workbook open in it (``~$crimes.xlsx``) and READMEs are skipped.

    Parameters
    ----------
    folder : path, optional
        The folder to search; default :func:`data_folder` (``$TRENDS_DATA_DIR`` or ``data/raw``).

    Returns
    -------
    dict
        ``{kind: path}`` for the kinds found, in the order ``crimes``, ``incidents``, ``rollout``, ``districts``;
        empty when the folder is absent or holds none of them (the bundled study is then used).

    Raises
    ------
    ValueError
        When two files claim one kind, both a crimes and an incidents file are present, or a register or
        districts table is there without a crimes or incidents file.

    Warns
    -----
    TrendsDataWarning
        For a data file whose name matches no kind (``crime.csv``): it is not read, and the warning says how
        to name it.
    """
    where = data_folder() if folder is None else Path(folder)
    if where is None or not where.is_dir():
        return {}
    claims: dict[str, list[Path]] = {kind: [] for kind in KINDS}
    for path in sorted(where.iterdir()):
        # hidden files, Excel's lock file beside a workbook open in it ("~$crimes.xlsx"), READMEs: no data
        if not path.is_file() or path.name.startswith((".", "~$")) or path.stem.upper() == "README":
            continue
        if file_suffix(path) not in _DATA_SUFFIXES:  # "crimes.csv " (a space at the end) is a CSV file
            continue
        stem = path.stem.strip().lower()  # "crimes .csv": the space is no part of the name
        kind = next((k for k in KINDS if stem == k or re.match(rf"{k}[_\-]", stem)), None)
        if kind is None:
            warnings.warn(
                TrendsDataWarning(
                    f"{path}: not read; name a file crimes.*, incidents.*, rollout.* or districts.* (or "
                    "crimes_<anything>.*) for it to be used"
                ),
                stacklevel=user_stacklevel(),
            )
            continue
        claims[kind].append(path)
    for kind, paths in claims.items():
        if len(paths) > 1:
            raise ValueError(
                f"{where}: {len(paths)} files for the {kind} ({', '.join(p.name for p in paths)}); keep one, or "
                f"pass the one to use (--{kind})"
            )
    found = {kind: paths[0] for kind, paths in claims.items() if paths}
    if "crimes" in found and "incidents" in found:
        raise ValueError(
            f"{where}: both {found['crimes'].name} and {found['incidents'].name}; a study reads counts or an "
            "incident list, not both: move one out"
        )
    if found and "crimes" not in found and "incidents" not in found:
        raise ValueError(
            f"{where}: {', '.join(p.name for p in found.values())} but no crimes.* or incidents.* file to "
            "analyse with it"
        )
    return found


class Inputs(TypedDict, total=False):
    """The input files of a study, as keyword arguments of :func:`load_study`."""

    crimes: PathLike
    incidents: PathLike
    rollout: PathLike
    districts: PathLike


def find_inputs(
    crimes: PathLike | None = None,
    *,
    incidents: PathLike | None = None,
    rollout: PathLike | None = None,
    districts: PathLike | None = None,
    folder: PathLike | None = None,
) -> Inputs:
    """The input files of :func:`load_study`: those given, or when none is, those :func:`discover` finds.

    ``trends report`` and every notebook's parameters cell call this, so both read ``data/raw`` by one rule:
    ``load_study(**find_inputs(CRIMES, incidents=INCIDENTS, ...), name=...)``. An empty result means the
    bundled (SIMULATED) study.

    Returns
    -------
    Inputs
        Keyword arguments for :func:`load_study` (``crimes``, ``incidents``, ``rollout``, ``districts``); only
        those with a file.
    """
    given = {"crimes": crimes, "incidents": incidents, "rollout": rollout, "districts": districts}
    chosen = {kind: value for kind, value in given.items() if value is not None} or discover(folder)
    return cast(Inputs, chosen)  # keys are KINDS, values paths
