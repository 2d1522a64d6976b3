"""Input checks and the cohort-sorted wide panel behind :func:`trends.impact.att_gt`.

:func:`_prepare` validates a long ``unit x period`` data frame and turns it into a :class:`_Prepared`
panel: outcomes as a ``units x periods`` array (covariates ``units x periods x p``), numeric period and
cohort codes (datetime periods are numbered ``1..T``; :func:`tlabel` turns a code back into a readable
label), unit weights normalised to mean 1, integer cluster codes, and units sorted by cohort so that
every cohort is a contiguous slice (``starts``).

The rules follow the R ``did`` package (version 2.x), each announced by a warning that says how many
rows, units or periods it dropped: rows with a missing value go; units first treated after the last
period count as never treated; units treated in the first period (cohort <= first period +
anticipation) have no pre-treatment period and go; without never-treated units the last cohort becomes
the comparison group and the periods from its adoption (less anticipation) on go. Units missing some
periods go too, unless ``allow_unbalanced_panel=True`` keeps them and sets ``unbalanced``, in which case
every 2x2 comparison uses the repeated-cross-section estimators of :mod:`trends.impact._drdid`. Input
that identifies no effect (no treated unit, no comparison group, a cohort varying within a unit,
duplicated rows, missing columns) raises :class:`trends.schema.TrendsDataError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from trends.impact._common import check_columns, warn
from trends.schema import TrendsDataError


@dataclass
class _Prepared:
    ids: np.ndarray
    tlist: np.ndarray  # numeric period codes used internally
    tlabels: np.ndarray  # the user's period labels, aligned with tlist
    Y: np.ndarray  # (n, T)
    G: np.ndarray  # (n,) cohort code, 0 = never treated
    gidx: np.ndarray  # (n,) cohort position; len(glist) = never treated
    glist: np.ndarray
    w: np.ndarray  # normalised to mean 1
    X: np.ndarray | None  # (n, T, p)
    cluster: np.ndarray  # (n,) integer codes
    n_clusters: int
    starts: np.ndarray  # cohort slice starts (units sorted by cohort), len(glist)+2
    dropped: dict[str, int] = field(default_factory=dict)
    unbalanced: bool = False  # rows missing: repeated-cross-section estimators


def _prepare(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    covariates: list[str],
    weightsname: str | None,
    cluster_col: str | None,
    control_group: str,
    anticipation: int,
    allow_unbalanced_panel: bool = False,
) -> _Prepared:
    cols = [idname, tname, yname, gname, *covariates]
    cols += [c for c in (weightsname, cluster_col) if c is not None and c not in cols]
    check_columns(data, cols)
    if len(data) == 0:
        raise TrendsDataError("data has no rows")
    df = data.loc[:, list(dict.fromkeys(cols))].copy()
    dropped: dict[str, int] = {}

    is_dt = pd.api.types.is_datetime64_any_dtype(df[tname])
    if not is_dt and not pd.api.types.is_numeric_dtype(df[tname]):
        raise TrendsDataError(
            f"time column {tname!r} must be numeric (e.g. year) or datetime (period start), "
            f"got dtype {df[tname].dtype}"
        )
    if not pd.api.types.is_numeric_dtype(df[yname]):
        raise TrendsDataError(f"outcome column {yname!r} must be numeric, got dtype {df[yname].dtype}")

    need = [idname, tname, yname, *covariates]
    need += [c for c in (weightsname, cluster_col) if c is not None]
    bad = df[need].isna().any(axis=1)
    if bad.any():
        warn(
            f"dropped {int(bad.sum())} row(s) with a missing value in {', '.join(need)} "
            f"(e.g. row {df.index[bad][0]!r})"
        )
        dropped["rows_missing"] = int(bad.sum())
        df = df.loc[~bad]
    if np.isinf(df[yname].to_numpy(dtype=float)).any():
        raise TrendsDataError(f"outcome column {yname!r} holds infinite values")

    dup = df.duplicated([idname, tname])
    if dup.any():
        first = df.loc[dup, [idname, tname]].iloc[0].tolist()
        raise TrendsDataError(
            f"{int(dup.sum())} duplicated ({idname}, {tname}) row(s), e.g. {first}: one row per unit and period"
        )

    # period grid and numeric codes
    periods = np.sort(df[tname].unique())
    if is_dt:
        tcode = {p: i + 1 for i, p in enumerate(periods)}
        df["_t"] = df[tname].map(tcode).astype(float)
        g = df[gname]
        if not pd.api.types.is_datetime64_any_dtype(g):
            raise TrendsDataError(
                f"time column {tname!r} is datetime, so cohort column {gname!r} must be too"
            )
        gnum = np.searchsorted(periods, g.to_numpy(), side="left").astype(float) + 1
        gnum[g.isna().to_numpy()] = 0.0
        gnum[(gnum > len(periods)) & g.notna().to_numpy()] = np.inf  # after the window
        df["_g"] = gnum
        tlist = np.arange(1, len(periods) + 1, dtype=float)
    else:
        df["_t"] = df[tname].astype(float)
        gcol = pd.to_numeric(df[gname], errors="coerce")
        if gcol.isna().any() and df[gname].notna().sum() != gcol.notna().sum():
            raise TrendsDataError(f"cohort column {gname!r} must be numeric like {tname!r} (or NaN = never)")
        df["_g"] = gcol.fillna(0.0).astype(float)
        tlist = np.asarray(periods, dtype=float)

    # the cohort must be fixed within a unit
    nun = df.groupby(idname, sort=False)["_g"].nunique()
    if (nun > 1).any():
        unit = nun.index[nun > 1][0]
        raise TrendsDataError(
            f"cohort column {gname!r} varies within {int((nun > 1).sum())} unit(s), e.g. {idname}={unit!r}: "
            "give each unit one first-treatment period (treatment must not switch off; see "
            "trends.impact.treatment for rules that turn a register into cohorts)"
        )

    wide = df.pivot(index=idname, columns="_t", values=yname).reindex(columns=tlist)
    gap = wide.isna().any(axis=1)
    unbalanced = bool(gap.any()) and allow_unbalanced_panel
    if unbalanced:
        warn(
            f"the panel is unbalanced ({int(gap.sum())} unit(s) miss some of the {len(tlist)} periods): using "
            "the repeated-cross-section 2x2 estimators on the observed rows (R did's allow_unbalanced_panel=TRUE)"
        )
    elif gap.all():
        raise TrendsDataError("no unit is observed in every period: the panel cannot be balanced")
    elif gap.any():
        warn(
            f"the panel is unbalanced: dropped {int(gap.sum())} unit(s) not observed in every one of the "
            f"{len(tlist)} periods (e.g. {idname}={wide.index[gap][0]!r}); estimates use the balanced panel "
            "(allow_unbalanced_panel=True keeps them)"
        )
        dropped["units_unbalanced"] = int(gap.sum())
        wide = wide.loc[~gap]
    ids = wide.index.to_numpy()
    first_rows = df.sort_values("_t").drop_duplicates(idname).set_index(idname).loc[ids]
    G = first_rows["_g"].to_numpy(dtype=float)

    if weightsname is not None:
        wvar = df.groupby(idname)[weightsname].nunique().loc[ids]
        if (wvar > 1).any():
            raise TrendsDataError(f"weights {weightsname!r} must be constant within unit")
        w = first_rows[weightsname].to_numpy(dtype=float)
        if (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
            raise TrendsDataError(f"weights {weightsname!r} must be non-negative and finite, not all zero")
    else:
        w = np.ones(len(ids))

    if cluster_col is not None and cluster_col != idname:
        cvar = df.groupby(idname)[cluster_col].nunique().loc[ids]
        if (cvar > 1).any():
            raise TrendsDataError(f"cluster variable {cluster_col!r} must be constant within unit")
        cluster = pd.factorize(first_rows[cluster_col])[0]
    else:
        cluster = np.arange(len(ids))

    # cohorts outside the window
    after = G > tlist[-1]
    if after.any():
        warn(
            f"{int(after.sum())} unit(s) first treated after the last period ({gname} > {tlabel(tlist[-1], periods, is_dt)}) "
            "are treated as never treated within the window"
        )
        G[after] = 0.0
    early = (G > 0) & (G <= tlist[0] + anticipation)
    if early.any():
        warn(
            f"dropped {int(early.sum())} unit(s) already treated in the first period (cohort <= first period "
            f"+ anticipation): no pre-treatment period to compare with"
        )
        dropped["units_treated_at_start"] = int(early.sum())
    keep = ~early
    Yw = wide.to_numpy(dtype=float)
    Xw = None
    if covariates:
        Xw = np.stack(
            [
                df.pivot(index=idname, columns="_t", values=c)
                .reindex(index=ids, columns=tlist)
                .to_numpy(float)
                for c in covariates
            ],
            axis=2,
        )

    G, Yw, w, cluster, ids = G[keep], Yw[keep], w[keep], cluster[keep], ids[keep]
    Xw = Xw[keep] if Xw is not None else None
    if len(ids) == 0:
        raise TrendsDataError("no units left after dropping units treated in the first period")

    treated_groups = np.unique(G[G > 0])
    if len(treated_groups) == 0:
        raise TrendsDataError(f"no unit is ever treated ({gname} is 0 or missing for every unit)")
    if not (G == 0).any():
        if control_group == "nevertreated":
            raise TrendsDataError(
                "there are no never-treated units to compare with: use control_group='notyettreated' "
                "(later adopters as controls) or add never-treated units"
            )
        if len(treated_groups) == 1:
            raise TrendsDataError(
                "all units adopted at the same time and none is never treated: there is no comparison "
                "group, so no difference-in-differences effect is identified"
            )
        last = treated_groups[-1]
        keep_t = tlist < last - anticipation
        warn(
            f"no never-treated units: the last cohort ({tlabel(last, periods, is_dt)}) serves as the comparison "
            f"group and periods from {tlabel(last - anticipation, periods, is_dt)} on are dropped "
            f"({int((~keep_t).sum())} period(s))"
        )
        dropped["periods_after_last_cohort"] = int((~keep_t).sum())
        G = np.where(G == last, 0.0, G)
        tlist, Yw = tlist[keep_t], Yw[:, keep_t]
        Xw = Xw[:, keep_t] if Xw is not None else None
        periods = periods[keep_t]
        treated_groups = treated_groups[:-1]

    # units sorted by cohort so that each cohort is a contiguous slice
    glist = treated_groups
    gidx = np.where(G == 0, len(glist), np.searchsorted(glist, G))
    order = np.argsort(gidx, kind="stable")
    G, gidx, Yw, w, cluster, ids = G[order], gidx[order], Yw[order], w[order], cluster[order], ids[order]
    Xw = Xw[order] if Xw is not None else None
    cluster = pd.factorize(cluster)[0]
    starts = np.searchsorted(gidx, np.arange(len(glist) + 2))

    sizes = np.diff(starts)[: len(glist)]
    single = [tlabel(gv, periods, is_dt) for gv, sz in zip(glist, sizes, strict=True) if sz == 1]
    if single:
        warn(
            f"{len(single)} cohort(s) have a single unit ({', '.join(single[:8])}{'...' if len(single) > 8 else ''}): "
            "their effects are estimated, but their standard errors rest on one unit and are unreliable"
        )
    few_pre = [gv for gv in glist if (tlist + anticipation < gv).sum() < 2]
    if few_pre:
        warn(
            f"cohort(s) {', '.join(tlabel(g, periods, is_dt) for g in few_pre)} have fewer than two "
            "pre-treatment periods: their effects are estimated but they give no pre-trend check"
        )
    return _Prepared(
        ids=ids,
        tlist=tlist,
        tlabels=np.asarray(periods),
        Y=Yw,
        G=G,
        gidx=gidx,
        glist=glist,
        w=w / w.mean(),
        X=Xw,
        cluster=cluster,
        n_clusters=int(cluster.max()) + 1,
        starts=starts,
        dropped=dropped,
        unbalanced=unbalanced,
    )


def tlabel(code: float, periods: np.ndarray, is_dt: bool) -> str:
    """Readable label of a numeric period code."""
    if is_dt:
        i = int(code) - 1
        if 0 <= i < len(periods):
            return str(pd.Timestamp(periods[i]).date())
        return f"period {int(code)}"
    return f"{code:g}"
