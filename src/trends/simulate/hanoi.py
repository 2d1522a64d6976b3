"""The SIMULATED Hanoi study bundled with the package: crime by district, month and offence, and a rollout.

:func:`simulate_hanoi` (seed :data:`HANOI_SEED`) generates the study behind ``trends.datasets.load_hanoi``;
:func:`true_att` summarises its known effect and :func:`describe_hanoi` writes its description.

The simulated Hanoi study, precisely
------------------------------------
Units are Hanoi's 30 district-level units (12 urban districts, 17 rural districts, 1 town) and months
``t`` from ``start`` to ``end``; ``y(t)`` is years since January 2015 (``(month index) / 12``). Offences
``o`` are the keys of :data:`OFFENCE_LABELS`.

Untreated expected count (``mu0``)::

    mu0[d, t, o] = c * pop[d] / 1e5 * share[o] * kmix[kind[d], o] * u[d] * v[d, o]
                   * exp(slope[o] * y(t)) * season[t, o] * covid[t, o]

- ``pop[d]``: 2019 census population, held constant over the panel.
- ``share[o]``: the 2015 offence mix (:data:`OFFENCE_SHARES`); ``slope[o]``: log-linear trend per year
  (:data:`OFFENCE_TRENDS`: theft -4 %, snatching/robbery -7 %, burglary -4.5 %, assault -3.5 %, fraud +7 %
  (cyber fraud), drugs -1 %, extortion -5 %, other -2 % a year).
- ``kmix[kind, o]``: offence mix by district kind (:data:`KIND_LEVEL` times :data:`KIND_MIX`): urban districts
  have about 2.2 times the rural rate per resident, more snatching and fraud, less assault and drugs.
- ``u[d] ~ LogNormal(0, 0.15)``: a district effect; ``v[d, o] ~ LogNormal(0, 0.10)``: district x offence.
- ``season``: a pre-Tết peak (property crime +30 % in the four weeks before each Lunar New Year, other
  offences +12 %), a dip in Tết week, and a mild winter high / summer low (+-5 %).
- ``covid``: street crime down in April 2020 and August-September 2021 (lockdowns), drugs down less, fraud up.
- ``c`` scales the expected untreated city total for calendar 2015 to 5,200 cases (Hanoi police reported 5,148
  criminal cases in 2015). With the models' effect, recorded totals fall from about 5,100 (2015) to about
  3,700-3,900 (2023-2024), with about 1,900 in the first half of 2023 (published: 1,840).

Parallel trends hold exactly on the log scale of the expected count (every district shares the same offence
trends, seasonality and shocks), not in levels: urban districts adopt earlier and have higher counts.

The rollout. Two urban districts (Hoàn Kiếm, Ba Đình; :data:`PILOT_DISTRICTS`) piloted models in 2013-2014,
before the panel starts, so they are treated in every panel month; three rural districts, drawn at random, never
adopt during the panel (never-treated controls); three rural or town districts adopt late (2023-2024); the other
districts adopt their first model between January 2016 and December 2022, stratified (about three a year),
urban districts earlier on average. After its first model a district adds models until mid-2025 or the panel's end, whichever is first (half of them in
a launch year), reaching about 1.5 (urban), 1.2 (town) or 1.0 (rural) models per 10,000 residents
(:data:`MODEL_DENSITY`; fewer for late adopters): 600+ models in all. About 12 % of models end (12 to 72 months
after their start; a pilot may even end before 2015). Model types are drawn by kind (:data:`MODEL_TYPE_PROBS`); wards
are synthetic labels ("ward 3", "commune 12"), missing for about 10 % of models (district-wide).

Treatment effect (``mu1``). Each model ``m`` active in month ``t`` (from the month of its start to the month of
its end, inclusive) contributes, ``a`` months after its start month::

    r(a) = min(1, (a + 1) / 12) * (1 - 0.15 * clip((a - 12) / 48, 0, 1))

(ramps up linearly over its first 12 months, holds, then fades by up to 15 % over the next four years) and::

    E[d, t, o] = kappa[kind[d]] * (10,000 / pop[d]) * sum over active m in d of beta[type[m], o] * r(a_m)
    mu1[d, t, o] = mu0[d, t, o] * exp(-E[d, t, o])

so the reduction scales with intensity (active models per 10,000 residents). ``kappa`` (:data:`KIND_EFFECT`) is
1.0 urban, 0.75 town, 0.6 rural; ``beta`` (:data:`MODEL_EFFECTS`) is largest for cameras on theft,
snatching/robbery and burglary (0.8-1.04 per camera model per 10,000 residents), 0.03-0.29 for the other types,
near zero on fraud. ``mu1 == mu0`` in district-months before the district's first model (and in never-treated
districts); "treated" district-months are those from the month of the district's first model on (absorbing, as
in staggered difference-in-differences), and ``mu1 <= mu0`` there.

For the bundled study (``simulate_hanoi(HANOI_SEED, end=HANOI_END, reported_by_unit=True)``; its register and
its months to 2025-06 are those of ``simulate_hanoi(HANOI_SEED)``), ``true_att(study.truth)`` gives, among the
2,234 treated district-months, a true effect on total crime of -11.9 % (-3,723 expected cases): urban -14.1 %,
town -5.5 %, rural -3.7 %; by offence, theft -19 %, snatching/robbery -19 %, burglary -19 %, assault -8 %, drugs
-7 %, fraud -2 %. By months since the district's first model (``by="event_time"``): 0: -0.1 %, 6: -2.5 %,
12: -7.2 %, 24: -11.4 %, 36: -11.7 %, 60: -13.6 % (the district-level effect builds up over about two years as
models launch and ramp up, then grows slowly as models accumulate; later event times are mostly early-adopting
urban districts). ``simulate_hanoi(HANOI_SEED)`` alone (to 2025-06) has 1,910 treated district-months and
-11.8 %.

Observed counts are negative binomial: ``count ~ Poisson(mu1 * G)``, ``G ~ Gamma(shape=k, scale=1/k)`` with
``k = 5`` (variance ``mu + mu**2 / 5``), independent across district, month and offence.

Hanoi's 2025 reform (``reported_by_unit=True``; the bundled study, which runs to :data:`HANOI_END`): the
district-level process above continues unchanged past June 2025, but from July 2025 the counts are REPORTED by
the 126 new communes and wards, as police statistics are: each district-month-offence count is split
multinomially over the district's new units with the residents' flow weights (:func:`trends.geo.hanoi_unit_weights`)
and the pieces are summed by unit. The split uses its own random stream (drawn after everything else), so the
district-level counts and the truth are those of the same seed without the reform; ``truth`` stays by district.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from trends.geo import hanoi_adjacency, hanoi_districts

__all__ = [
    "HANOI_END",
    "HANOI_SEED",
    "MODEL_TYPE_LABELS",
    "OFFENCE_LABELS",
    "SimulatedStudy",
    "describe_hanoi",
    "simulate_hanoi",
    "true_att",
]

#: The seed of the bundled Hanoi study (``trends.datasets.load_hanoi``); ``scripts/make_hanoi.py`` uses it.
HANOI_SEED: int = 20250701
_ROLLOUT_LAST_MONTH = pd.Timestamp("2025-06-01")
#: The last month of the bundled Hanoi study: a year of months reported by the new units after the 2025 reform.
HANOI_END: str = "2026-06"

#: Offence ids -> (Vietnamese label, English label).
OFFENCE_LABELS: dict[str, tuple[str, str]] = {
    "theft": ("Trộm cắp tài sản", "Theft"),
    "snatching_robbery": ("Cướp giật, cướp tài sản", "Snatching and robbery"),
    "burglary": ("Trộm cắp đột nhập nhà ở", "Burglary"),
    "assault_injury": ("Cố ý gây thương tích", "Assault causing injury"),
    "fraud": ("Lừa đảo chiếm đoạt tài sản", "Fraud"),
    "drugs": ("Tội phạm về ma túy", "Drug offences"),
    "extortion": ("Cưỡng đoạt tài sản", "Extortion"),
    "other": ("Tội phạm khác", "Other offences"),
}

#: Movement model types -> (Vietnamese label, English label).
MODEL_TYPE_LABELS: dict[str, tuple[str, str]] = {
    "camera": ("Camera an ninh", "Security cameras"),
    "liengia": (
        "Tổ liên gia an toàn phòng cháy, chữa cháy",
        "Inter-household self-management and fire-safety team",
    ),
    "khu_an_toan": ("Khu dân cư an toàn về an ninh trật tự", "Safe residential area"),
    "khu_cong_nhan": ("Khu công nhân tự quản về an ninh trật tự", "Self-managed workers' area"),
    "clb_phap_luat": ("Câu lạc bộ pháp luật", "Law club"),
    "ho_tu_phong": ("Hộ tự phòng – Số nhà tự quản", "Self-protecting households"),
}

OFFENCES: tuple[str, ...] = tuple(OFFENCE_LABELS)
MODEL_TYPES: tuple[str, ...] = tuple(MODEL_TYPE_LABELS)

#: Share of each offence in the 2015 city total.
OFFENCE_SHARES: dict[str, float] = {
    "theft": 0.36,
    "snatching_robbery": 0.08,
    "burglary": 0.10,
    "assault_injury": 0.12,
    "fraud": 0.07,
    "drugs": 0.13,
    "extortion": 0.03,
    "other": 0.11,
}
#: Log-linear trend of each offence, per year (untreated).
OFFENCE_TRENDS: dict[str, float] = {
    "theft": -0.04,
    "snatching_robbery": -0.07,
    "burglary": -0.045,
    "assault_injury": -0.035,
    "fraud": 0.07,
    "drugs": -0.01,
    "extortion": -0.05,
    "other": -0.02,
}
#: Crime per resident relative to rural districts, by district kind.
KIND_LEVEL: dict[str, float] = {"urban": 2.2, "town": 1.6, "rural": 1.0}
#: Offence mix multipliers by district kind (missing = 1).
KIND_MIX: dict[str, dict[str, float]] = {
    "urban": {"snatching_robbery": 1.3, "fraud": 1.2, "assault_injury": 0.85, "drugs": 0.9},
    "town": {},
    "rural": {"snatching_robbery": 0.7, "fraud": 0.85, "assault_injury": 1.2, "drugs": 1.1},
}
#: Strength of the movement models' effect by district kind (``kappa``).
KIND_EFFECT: dict[str, float] = {"urban": 1.0, "town": 0.75, "rural": 0.6}
#: Reduction of log expected count per active model per 10,000 residents at full ramp (``beta``).
MODEL_EFFECTS: dict[str, dict[str, float]] = {
    "camera": {
        "theft": 0.88, "snatching_robbery": 1.04, "burglary": 0.8, "assault_injury": 0.24,
        "fraud": 0.0, "drugs": 0.16, "extortion": 0.16, "other": 0.16,
    },
    "liengia": {
        "theft": 0.19, "snatching_robbery": 0.1, "burglary": 0.29, "assault_injury": 0.13,
        "fraud": 0.03, "drugs": 0.08, "extortion": 0.08, "other": 0.08,
    },
    "khu_an_toan": {
        "theft": 0.19, "snatching_robbery": 0.16, "burglary": 0.19, "assault_injury": 0.16,
        "fraud": 0.03, "drugs": 0.16, "extortion": 0.16, "other": 0.1,
    },
    "khu_cong_nhan": {
        "theft": 0.16, "snatching_robbery": 0.1, "burglary": 0.13, "assault_injury": 0.19,
        "fraud": 0.03, "drugs": 0.19, "extortion": 0.13, "other": 0.08,
    },
    "clb_phap_luat": {
        "theft": 0.05, "snatching_robbery": 0.03, "burglary": 0.05, "assault_injury": 0.1,
        "fraud": 0.1, "drugs": 0.1, "extortion": 0.06, "other": 0.05,
    },
    "ho_tu_phong": {
        "theft": 0.16, "snatching_robbery": 0.08, "burglary": 0.24, "assault_injury": 0.05,
        "fraud": 0.02, "drugs": 0.03, "extortion": 0.03, "other": 0.05,
    },
}  # fmt: skip
#: Probability of each model type, by district kind.
MODEL_TYPE_PROBS: dict[str, dict[str, float]] = {
    "urban": {
        "camera": 0.25, "liengia": 0.25, "khu_an_toan": 0.18, "khu_cong_nhan": 0.03,
        "clb_phap_luat": 0.12, "ho_tu_phong": 0.17,
    },
    "town": {
        "camera": 0.18, "liengia": 0.25, "khu_an_toan": 0.22, "khu_cong_nhan": 0.07,
        "clb_phap_luat": 0.13, "ho_tu_phong": 0.15,
    },
    "rural": {
        "camera": 0.12, "liengia": 0.25, "khu_an_toan": 0.25, "khu_cong_nhan": 0.10,
        "clb_phap_luat": 0.15, "ho_tu_phong": 0.13,
    },
}  # fmt: skip
#: Models per 10,000 residents a district reaches by mid-2025 if it adopted early, by kind.
MODEL_DENSITY: dict[str, float] = {"urban": 1.5, "town": 1.2, "rural": 1.0}
#: Districts that piloted models before the panel (treated in every panel month).
PILOT_DISTRICTS: tuple[str, ...] = ("hoan_kiem", "ba_dinh")

# Lunar New Year (Tết) dates, for the pre-Tết peak.
_TET = {
    2013: "2013-02-10", 2014: "2014-01-31", 2015: "2015-02-19", 2016: "2016-02-08", 2017: "2017-01-28",
    2018: "2018-02-16", 2019: "2019-02-05", 2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01",
    2023: "2023-01-22", 2024: "2024-02-10", 2025: "2025-01-29", 2026: "2026-02-17", 2027: "2027-02-06",
    2028: "2028-01-26", 2029: "2029-02-13", 2030: "2030-02-03",
}  # fmt: skip
_PROPERTY = ("theft", "snatching_robbery", "burglary")
_DISPERSION = 5.0
_TARGET_2015 = 5200.0
_RAMP_MONTHS = 12
_FADE_MAX, _FADE_START, _FADE_MONTHS = 0.15, 12, 48


@dataclass(frozen=True, eq=False)
class SimulatedStudy:
    """A simulated study: crimes, rollout register, districts and the true effect.

    Attributes
    ----------
    crimes : pandas.DataFrame
        ``district``, ``period`` (month start), ``offence``, ``count`` (int64), one row per district, month and
        offence (zeros included), sorted.
    rollout : pandas.DataFrame
        ``model_id``, ``district``, ``ward`` (synthetic label or missing for district-wide models),
        ``model_type``, ``start``, ``end`` (NaT = still active), sorted by ``model_id`` (= by start).
    districts : pandas.DataFrame
        The districts table (real names, kinds, 2019 census populations, areas).
    truth : pandas.DataFrame
        One row per district, month and offence: ``district``, ``period``, ``offence``, ``kind``, ``treated``
        (bool: on or after the district's first model), ``event_time`` (Int64 months since the district's first
        model; missing if it never adopts), ``intensity`` (active models per 10,000 residents), ``mu0``
        (expected count without the models), ``mu1`` (expected count with them). Summarise with
        :func:`true_att`.
    description : str
        What the data are (SIMULATED), the seed and the true effect.
    seed : int or None
        The seed used.
    reported : pandas.DataFrame or None
        The counts as police files would report them when the study spans the 2025 reform (old districts until
        2025-06, new communes and wards from 2025-07); ``crimes`` is then that table carried back onto the 30
        districts (apportioned months marked in ``crimes.attrs``). None otherwise.
    """

    crimes: pd.DataFrame
    rollout: pd.DataFrame
    districts: pd.DataFrame
    truth: pd.DataFrame
    description: str
    seed: int | None = None
    reported: pd.DataFrame | None = None


def _month_index(ts: pd.Series, origin: pd.Timestamp) -> np.ndarray:
    """Months from ``origin`` to each timestamp's month (NaT -> a large number)."""
    out = (ts.dt.year - origin.year) * 12 + (ts.dt.month - origin.month)
    return out.fillna(10**6).to_numpy(dtype=np.int64)


def _season(months: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
    """Seasonal multipliers (property crime, other crime) for each month."""
    prop = np.empty(len(months))
    other = np.empty(len(months))
    for i, m in enumerate(months):
        days = pd.date_range(m, m + pd.offsets.MonthEnd(0), freq="D")
        tets = [pd.Timestamp(_TET[y]) for y in (m.year, m.year + 1) if y in _TET]
        pre = np.zeros(len(days), dtype=bool)
        week = np.zeros(len(days), dtype=bool)
        for tet in tets:
            delta = (tet - days).days.to_numpy()
            pre |= (delta > 0) & (delta <= 28)
            week |= (delta <= 0) & (delta > -7)
        base = 1.0 + 0.05 * np.cos(2 * np.pi * (m.month - 0.5) / 12)
        prop[i] = base * (1 + 0.30 * pre.mean() - 0.25 * week.mean())
        other[i] = base * (1 + 0.12 * pre.mean() - 0.15 * week.mean())
    return prop, other


def _covid(months: pd.DatetimeIndex, offence: str) -> np.ndarray:
    shocks = {"2020-04": 0.7, "2021-08": 0.65, "2021-09": 0.72}
    out = np.ones(len(months))
    key = months.strftime("%Y-%m")
    for k, v in shocks.items():
        if offence == "fraud":
            mult = 1.15
        elif offence == "drugs":
            mult = 1 - (1 - v) / 2
        elif offence == "burglary":
            mult = v - 0.05
        else:
            mult = v
        out[key == k] = mult
    return out


def _ramp(age: np.ndarray) -> np.ndarray:
    """Per-model effect profile ``r(a)`` by months since the model's start month."""
    up = np.minimum(1.0, (age + 1.0) / _RAMP_MONTHS)
    fade = 1.0 - _FADE_MAX * np.clip((age - _FADE_START) / _FADE_MONTHS, 0.0, 1.0)
    return np.where(age >= 0, up * fade, 0.0)


def _random_dates(lo: pd.Timestamp, hi: pd.Timestamp, u: np.ndarray) -> pd.Series:
    """Dates at fractions ``u`` of the way from ``lo`` to ``hi`` (day resolution)."""
    span = (hi - lo).days
    return pd.Series(lo + pd.to_timedelta(np.floor(u * span).astype(np.int64), unit="D"))


def _simulate_rollout(
    rng: np.random.Generator, districts: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    ids = districts["district"].to_numpy()
    kinds = districts["kind"].to_numpy()
    pops = districts["population"].to_numpy(dtype=float)
    n = len(ids)
    pilots = [d for d in PILOT_DISTRICTS if d in set(ids)]
    rest = [i for i in range(n) if ids[i] not in pilots]
    rural = [i for i in rest if kinds[i] == "rural"]
    n_never = min(3, len(rural))
    never = list(rng.choice(rural, size=n_never, replace=False)) if n_never else []
    pool_late = [i for i in rest if kinds[i] != "urban" and i not in never]
    n_late = min(3, len(pool_late))
    late = list(rng.choice(pool_late, size=n_late, replace=False)) if n_late else []
    main = [i for i in rest if i not in never and i not in late]

    first: dict[int, pd.Timestamp] = {}
    # Pilots: 2013-2014, before the panel.
    pilot_idx = [int(np.flatnonzero(ids == d)[0]) for d in pilots]
    pilot_dates = _random_dates(
        pd.Timestamp("2013-03-01"), pd.Timestamp("2014-10-31"), rng.uniform(size=len(pilots))
    )
    first.update(zip(pilot_idx, pilot_dates, strict=True))
    # Main adopters: stratified over 2016-01..2022-12, urban districts earlier on average.
    score = np.array([{"urban": 0.0, "town": 1.0, "rural": 1.5}[kinds[i]] for i in main]) + rng.normal(
        0, 0.8, len(main)
    )
    order = [main[j] for j in np.argsort(score, kind="stable")]
    lo, hi = pd.Timestamp("2016-01-01"), pd.Timestamp("2022-12-31")
    u = (np.arange(len(order)) + rng.uniform(size=len(order))) / max(len(order), 1)
    first.update(zip(order, _random_dates(lo, hi, u), strict=True))
    # Late adopters: 2023-2024.
    late_dates = _random_dates(
        pd.Timestamp("2023-01-01"), pd.Timestamp("2024-12-31"), rng.uniform(size=len(late))
    )
    first.update(zip(late, late_dates, strict=True))

    last_day = end + pd.offsets.MonthEnd(0)
    panel_months = (end.year - start.year) * 12 + end.month - start.month + 1
    rows: list[pd.DataFrame] = []
    for i in sorted(first):
        f = first[i]
        months_active = (last_day.year - f.year) * 12 + last_day.month - f.month + 1
        frac = min(1.0, 0.3 + 0.7 * months_active / panel_months)
        n_models = max(3, round(MODEL_DENSITY[kinds[i]] * pops[i] / 1e4 * frac))
        probs = MODEL_TYPE_PROBS[kinds[i]]
        types = rng.choice(list(probs), size=n_models, p=np.array(list(probs.values())))
        # A launch campaign: about half of the models start in the district's first year, the rest later.
        launch = min(pd.Timestamp(f) + pd.DateOffset(years=1), last_day)
        early = rng.uniform(size=n_models - 1) < 0.5
        later = _random_dates(f, last_day, rng.uniform(size=n_models - 1))
        soon = _random_dates(f, launch, rng.uniform(size=n_models - 1))
        starts = pd.concat([pd.Series([f]), later.where(~early, soon)], ignore_index=True)
        units = int(districts["units_2019_12"].iloc[i]) if "units_2019_12" in districts else 10
        word = "commune" if kinds[i] == "rural" else "ward"
        wards = np.array([f"{word} {k}" for k in rng.integers(1, units + 1, size=n_models)], dtype=object)
        wards[rng.uniform(size=n_models) < 0.1] = np.nan
        ends = starts + pd.to_timedelta(rng.integers(365, 6 * 365, size=n_models), unit="D")
        ends = ends.where((rng.uniform(size=n_models) < 0.12) & (ends <= last_day))
        rows.append(
            pd.DataFrame(
                {"district": ids[i], "ward": wards, "model_type": types, "start": starts, "end": ends}
            )
        )
    rollout = pd.concat(rows, ignore_index=True)
    rollout = rollout.sort_values(["start", "district"], kind="stable").reset_index(drop=True)
    rollout.insert(0, "model_id", [f"HN-{k:04d}" for k in range(1, len(rollout) + 1)])
    rollout["start"] = rollout["start"].astype("datetime64[ns]")
    rollout["end"] = rollout["end"].astype("datetime64[ns]")
    rollout["ward"] = rollout["ward"].astype(object)
    return rollout


def simulate_hanoi(
    seed: int | None = HANOI_SEED,
    start: str = "2015-01",
    end: str = "2025-06",
    districts: pd.DataFrame | None = None,
    *,
    pretrend: float = 0.0,
    spillover: float = 0.0,
    adjacency: pd.DataFrame | None = None,
    reported_by_unit: bool = False,
) -> SimulatedStudy:
    """Simulate the Hanoi study: crime by district, month and offence and a staggered rollout with a known effect.

    The data are SIMULATED (see the module docstring for every formula and number); the district names, kinds,
    2019 census populations and areas are real. ``simulate_hanoi(HANOI_SEED)`` reproduces the bundled
    ``trends.datasets.load_hanoi()`` exactly.

    Parameters
    ----------
    seed : int, optional
        Seed of ``numpy.random.default_rng``; default :data:`HANOI_SEED`.
    start, end : str
        First and last month of the panel (``"YYYY-MM"``).
    districts : pandas.DataFrame, optional
        A districts table (``district``, ``kind``, ``population``, optionally ``units_2019_12``); default the
        bundled 30 Hanoi districts.
    pretrend : float, default 0.0
        A violation of parallel trends, for checking what the report says about pre-trends: adopting districts'
        untreated expectation departs from the common trend by a log factor growing linearly from 0, 24
        months before their first model, to ``pretrend`` at adoption, and held there after. The departure is
        not an effect of the models (``truth`` counts it in ``mu0`` and ``mu1`` alike), so an estimator that
        assumes parallel trends is biased by about ``pretrend``. 0 keeps the bundled study.
    spillover : float, default 0.0
        Displacement (> 0) or diffusion of benefits (< 0) to neighbouring districts: a district that has not
        adopted yet has its expected counts multiplied by ``exp(spillover)`` from the first month a neighbour
        ran a model. ``truth`` marks those cells ``exposed`` and counts the change in ``mu1`` (``mu0`` stays
        the expectation with no model anywhere near). 0 keeps the bundled study.
    adjacency : pandas.DataFrame, optional
        Pairs of neighbouring districts (``district_a``, ``district_b``) for ``spillover``; default
        :func:`trends.geo.hanoi_adjacency`.
    reported_by_unit : bool, default False
        Report the months from July 2025 by Hanoi's 126 new communes and wards (the 2025 reform): each
        district-month-offence count is split multinomially by the residents' flow weights. ``crimes`` then
        holds old districts until 2025-06 and new units after; ``truth`` stays by district. Needs the 30 Hanoi
        districts.

    Returns
    -------
    SimulatedStudy
        ``crimes``, ``rollout``, ``districts``, ``truth`` (``mu0``/``mu1`` per district x month x offence) and a
        ``description``.
    """
    rng = np.random.default_rng(seed)
    dist = (hanoi_districts() if districts is None else districts.copy()).reset_index(drop=True)
    p0, p1 = pd.Timestamp(start).to_period("M").start_time, pd.Timestamp(end).to_period("M").start_time
    if p1 < p0:
        raise ValueError(f"end {end!r} is before start {start!r}")
    months = pd.date_range(p0, p1, freq="MS")
    n_d, n_t, n_o = len(dist), len(months), len(OFFENCES)
    kinds = dist["kind"].to_numpy()
    pops = dist["population"].to_numpy(dtype=float)

    # --- untreated expected counts -----------------------------------------------------------------------
    u_d = np.exp(rng.normal(0.0, 0.15, n_d))
    v_do = np.exp(rng.normal(0.0, 0.10, (n_d, n_o)))
    kmix = np.array([[KIND_LEVEL[k] * KIND_MIX[k].get(o, 1.0) for o in OFFENCES] for k in kinds])
    share = np.array([OFFENCE_SHARES[o] for o in OFFENCES])
    slope = np.array([OFFENCE_TRENDS[o] for o in OFFENCES])
    level = (pops / 1e5)[:, None] * share[None, :] * kmix * u_d[:, None] * v_do  # (d, o)
    years = ((months.year - 2015) * 12 + (months.month - 1)).to_numpy() / 12.0
    prop, other = _season(months)
    season = np.stack([prop if o in _PROPERTY else other for o in OFFENCES], axis=1)  # (t, o)
    covid = np.stack([_covid(months, o) for o in OFFENCES], axis=1)
    time = np.exp(years[:, None] * slope[None, :]) * season * covid  # (t, o)
    # Scale: expected untreated total for calendar 2015 = _TARGET_2015, whatever the panel window.
    y15 = pd.date_range("2015-01-01", "2015-12-01", freq="MS")
    s15, o15 = _season(y15)
    t15 = np.exp(np.arange(12)[:, None] / 12.0 * slope[None, :]) * np.stack(
        [s15 if o in _PROPERTY else o15 for o in OFFENCES], axis=1
    )
    c = _TARGET_2015 / float((level[:, None, :] * t15[None, :, :]).sum())
    mu0 = c * level[:, None, :] * time[None, :, :]  # (d, t, o)

    # --- rollout and effect --------------------------------------------------------------------------------
    # The register is drawn up to June 2025 at the latest (models start until mid-2025), so a panel that runs
    # past the 2025 reform has the same register as the bundled seed's 2015-01..2025-06 design.
    rollout = _simulate_rollout(rng, dist, p0, min(p1, _ROLLOUT_LAST_MONTH))
    d_index = {d: i for i, d in enumerate(dist["district"])}
    m_d = rollout["district"].map(d_index).to_numpy()
    m_type = rollout["model_type"].map({t: j for j, t in enumerate(MODEL_TYPES)}).to_numpy()
    s_idx = _month_index(rollout["start"], p0)  # may be negative (before the panel)
    e_idx = _month_index(rollout["end"], p0)
    t_idx = np.arange(n_t)
    age = t_idx[None, :] - s_idx[:, None]  # (m, t)
    active = (age >= 0) & (t_idx[None, :] <= e_idx[:, None])
    contrib = np.where(active, _ramp(age), 0.0)
    dose = np.zeros((n_d, len(MODEL_TYPES), n_t))
    np.add.at(dose, (m_d, m_type), contrib)
    n_active = np.zeros((n_d, n_t))
    np.add.at(n_active, m_d, active.astype(float))
    beta = np.array([[MODEL_EFFECTS[t][o] for o in OFFENCES] for t in MODEL_TYPES])  # (type, o)
    kappa = np.array([KIND_EFFECT[k] for k in kinds])
    per10k = 1e4 / pops
    eff = (kappa * per10k)[:, None, None] * np.einsum("djt,jo->dto", dose, beta)
    mu1 = mu0 * np.exp(-eff)

    first = rollout.groupby("district")["start"].min()
    first_idx = np.full(n_d, np.iinfo(np.int64).max)
    for d, ts in first.items():
        first_idx[d_index[d]] = (ts.year - p0.year) * 12 + ts.month - p0.month
    adopted = first_idx < np.iinfo(np.int64).max
    treated = adopted[:, None] & (t_idx[None, :] >= first_idx[:, None])  # (d, t)
    mu1 = np.where(treated[:, :, None], mu1, mu0)
    exposed = np.zeros((n_d, n_t), dtype=bool)
    if spillover:
        pairs = hanoi_adjacency() if adjacency is None else adjacency
        first_neighbour = np.full(n_d, np.iinfo(np.int64).max)
        for a, b in zip(pairs["district_a"], pairs["district_b"], strict=True):
            i, j = d_index[a], d_index[b]
            first_neighbour[i] = min(first_neighbour[i], first_idx[j])
            first_neighbour[j] = min(first_neighbour[j], first_idx[i])
        exposed = (t_idx[None, :] >= first_neighbour[:, None]) & ~treated
        mu1 = np.where(exposed[:, :, None], mu1 * np.exp(spillover), mu1)
    if pretrend:
        lead_in = np.clip((t_idx[None, :] - (first_idx[:, None] - 24)) / 24.0, 0.0, 1.0)
        departure = np.exp(pretrend * np.where(adopted[:, None], lead_in, 0.0))[:, :, None]
        mu0, mu1 = mu0 * departure, mu1 * departure

    # --- observed counts -----------------------------------------------------------------------------------
    # Months to June 2025 are drawn first and months after it next, so a longer panel keeps the draws of the
    # shorter one (the bundled study's months to 2025-06 are those of the same seed without the reform).
    counts = np.empty(mu1.shape, dtype=np.int64)
    cut = int((months <= _ROLLOUT_LAST_MONTH).sum())
    for block in (slice(0, cut), slice(cut, n_t)):
        mu_b = mu1[:, block, :]
        gamma = rng.gamma(_DISPERSION, 1.0 / _DISPERSION, size=mu_b.shape)
        counts[:, block, :] = rng.poisson(mu_b * gamma)

    # --- frames ---------------------------------------------------------------------------------------------
    order_d = np.argsort(dist["district"].to_numpy(), kind="stable")
    order_o = np.argsort(np.array(OFFENCES), kind="stable")
    sel = np.ix_(order_d, np.arange(n_t), order_o)
    dd = np.repeat(dist["district"].to_numpy()[order_d], n_t * n_o)
    tt = np.tile(np.repeat(months.to_numpy(), n_o), n_d)
    oo = np.tile(np.array(OFFENCES)[order_o], n_d * n_t)
    crimes = pd.DataFrame(
        {
            "district": dd.astype(object),
            "period": pd.to_datetime(tt).astype("datetime64[ns]"),
            "offence": oo.astype(object),
            "count": counts[sel].ravel(),
        }
    )
    ev = np.where(adopted[:, None], t_idx[None, :] - np.where(adopted, first_idx, 0)[:, None], 0)
    ev_flat = np.repeat(ev[order_d], n_o, axis=1).ravel()
    truth = pd.DataFrame(
        {
            "district": crimes["district"],
            "period": crimes["period"],
            "offence": crimes["offence"],
            "kind": np.repeat(kinds[order_d], n_t * n_o).astype(object),
            "treated": np.repeat(treated[order_d], n_o, axis=1).ravel(),
            "exposed": np.repeat(exposed[order_d], n_o, axis=1).ravel(),
            "event_time": pd.array(ev_flat, dtype="Int64"),
            "intensity": np.repeat((n_active * per10k[:, None])[order_d], n_o, axis=1).ravel(),
            "mu0": mu0[sel].ravel(),
            "mu1": mu1[sel].ravel(),
        }
    )
    truth.loc[~np.repeat(adopted[order_d], n_t * n_o), "event_time"] = pd.NA
    reported = None
    if reported_by_unit:
        reported = _report_by_unit(crimes, np.random.default_rng(rng.integers(2**63)))
        crimes = district_panel(reported)
    return SimulatedStudy(
        crimes=crimes,
        reported=reported,
        rollout=rollout,
        districts=dist,
        truth=truth,
        description=describe_hanoi(truth, rollout, seed, months),
        seed=seed,
    )


def district_panel(reported: pd.DataFrame) -> pd.DataFrame:
    """The crimes table on the 30 old districts: months reported by new unit sent back to the districts by the
    residents' flow weights, as whole numbers (largest remainder; :func:`trends.geo.harmonise`). ``attrs``
    carries the method and ``apportioned_from`` (the first apportioned month), or nothing when nothing was."""
    from trends.geo import geography_of, harmonise

    if not (geography_of(reported["district"]) == "unit").any():
        return reported
    out = harmonise(reported[["district", "period", "offence", "count"]], "district", integer=True)
    first = out.loc[out["apportioned"], "period"].min()
    crimes = out[["district", "period", "offence", "count"]].copy()
    crimes.attrs = {
        "freq": "month",
        "geography": "district",
        "method": out.attrs["method"],
        "apportioned_from": first,
    }
    return crimes


def _report_by_unit(crimes: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """From July 2025, each district-month-offence count split multinomially over the district's new units by the
    residents' flow weights, then summed by unit (zeros kept: every unit x month x offence has a row)."""
    from trends.geo import REFORM_DATE, hanoi_unit_weights

    after = crimes["period"] >= REFORM_DATE
    if not after.any():
        return crimes
    w = hanoi_unit_weights().query("to_unit > 0")
    unknown = set(crimes.loc[after, "district"]) - set(w["district"])
    if unknown:
        raise ValueError(f"reported_by_unit needs Hanoi's 30 districts; unknown: {sorted(unknown)}")
    post = crimes[after].reset_index(drop=True)
    pieces = []
    for district, rows in post.groupby("district", sort=True):
        wd = w[w["district"] == district]
        split = rng.multinomial(rows["count"].to_numpy(), wd["to_unit"].to_numpy() / wd["to_unit"].sum())
        pieces.append(
            pd.DataFrame(
                {
                    "district": np.repeat(wd["unit"].to_numpy(), len(rows)).astype(object),
                    "period": np.tile(rows["period"].to_numpy(), len(wd)),
                    "offence": np.tile(rows["offence"].to_numpy(), len(wd)).astype(object),
                    "count": split.T.ravel().astype(np.int64),
                }
            )
        )
    by_unit = (
        pd.concat(pieces, ignore_index=True)
        .groupby(["district", "period", "offence"], as_index=False)["count"]
        .sum()
    )
    out = pd.concat([crimes[~after], by_unit], ignore_index=True)
    out["period"] = out["period"].astype("datetime64[ns]")
    out["count"] = out["count"].astype(np.int64)
    return out.sort_values(["district", "period", "offence"], kind="stable", ignore_index=True)


def true_att(truth: pd.DataFrame, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Summarise the true effect of a simulated study among treated district-months.

    Parameters
    ----------
    truth : pandas.DataFrame
        ``SimulatedStudy.truth`` (columns ``treated``, ``mu0``, ``mu1`` and the ``by`` columns).
    by : str or list of str, optional
        Grouping: for example ``"kind"``, ``"event_time"`` (months since the district's first model),
        ``"offence"``, ``"district"``, ``"year"`` (calendar year of ``period``). None gives one overall row.
        Offences are summed within each group, so without ``"offence"`` the effect is on total crime.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``n`` (treated district-months), ``mu0`` and ``mu1`` (expected cases without and
        with the models), ``att`` (``mu1 - mu0``, cases; negative = fewer crimes) and ``att_pct``
        (``100 * (mu1 / mu0 - 1)``).
    """
    keys = [] if by is None else [by] if isinstance(by, str) else list(by)
    t = truth.loc[truth["treated"].astype(bool)].copy()
    if "year" in keys and "year" not in t.columns:
        t["year"] = t["period"].dt.year
    missing = [k for k in keys if k not in t.columns]
    if missing:
        raise KeyError(f"truth has no column(s) {missing}")
    t["_dm"] = t["district"].astype(str) + "|" + t["period"].astype(str)
    if keys:
        g = t.groupby(keys, sort=True, observed=True)
        out = g.agg(n=("_dm", "nunique"), mu0=("mu0", "sum"), mu1=("mu1", "sum")).reset_index()
    else:
        out = pd.DataFrame({"n": [t["_dm"].nunique()], "mu0": [t["mu0"].sum()], "mu1": [t["mu1"].sum()]})
    out["att"] = out["mu1"] - out["mu0"]
    out["att_pct"] = 100.0 * (out["mu1"] / out["mu0"] - 1.0)
    return out


def _reform_sentence(months: pd.DatetimeIndex) -> str:
    if months[-1] < pd.Timestamp("2025-07-01"):
        return ""
    return (
        " From 2025-07 the counts are reported by Hanoi's 126 new communes and wards (the 2025 reform), split"
        " multinomially from the simulated district counts by the residents' flow weights; the true effect is"
        " by district."
    )


def describe_hanoi(
    truth: pd.DataFrame, rollout: pd.DataFrame, seed: int | None, months: pd.DatetimeIndex | None = None
) -> str:
    """The description of a simulated Hanoi study: SIMULATED notice, seed, rollout and true effect."""
    if months is None:
        months = pd.DatetimeIndex(sorted(truth["period"].unique()))
    overall = true_att(truth).iloc[0]
    kind = true_att(truth, by="kind").set_index("kind")["att_pct"]
    per_kind = ", ".join(f"{k} {v:+.1f} %" for k, v in kind.items())
    first = rollout.groupby("district")["start"].min()
    n_never = truth["district"].nunique() - len(first)
    years = sorted({ts.year for ts in first})
    return (
        "SIMULATED DATA - not real crime records. Generated by trends.simulate.simulate_hanoi"
        f"(seed={seed}) for {truth['district'].nunique()} real Hanoi districts (names, kinds, 2019 census"
        f" populations and areas are real), monthly {months[0]:%Y-%m} to {months[-1]:%Y-%m}, "
        f"{truth['offence'].nunique()} offences. The register holds {len(rollout)} simulated movement models;"
        f" districts first adopt in {years[0]}-{years[-1]} ({n_never} never adopt in the panel). True effect"
        " built in: each active model lowers expected counts multiplicatively, by model type (cameras most, on"
        " theft, snatching and burglary), more in urban districts, ramping up over its first 12 months and"
        " then fading by up to 15 % over four years, in proportion to active models per 10,000 residents."
        f"{_reform_sentence(months)} Among treated"
        f" district-months the true effect on total crime is {overall['att_pct']:+.1f} %"
        f" ({overall['att']:,.0f} expected cases); by kind: {per_kind}."
    )
