"""Rollout impact: staggered difference-in-differences, event studies and honest inference.

Every estimator takes the data first, then keyword-only columns with the same names everywhere (``yname``,
``tname``, ``idname``, ``gname``, ``dname``, ``cluster``; ``alpha``, ``seed``; see :mod:`trends._api`; calls in
the old spellings still run, with a ``DeprecationWarning`` naming the new one). Every result follows
:class:`trends.results.Result`: a tidy ``table`` keyed by ``term``, ``tidy()``, ``conf_int(level)``,
``summary()``, ``estimate`` / ``std_error`` and ``plot(ax=None) -> (fig, ax)``.

Estimators (each docstring names the paper it implements):

* :func:`att_gt` -- Callaway & Sant'Anna (2021) group-time effects; ``.aggregate("simple" | "dynamic" |
  "group" | "calendar")``; analytic or multiplier-bootstrap inference with uniform bands; pre-trend test.
* :func:`twfe` -- two-way fixed effects with clustered (CR1), HC1 or iid errors, fixest's small-sample
  corrections (:func:`ssc`) and the wild cluster bootstrap
  (WCR / WCU; Rademacher / Webb); :func:`bacon_decomposition` (Goodman-Bacon 2021);
  :func:`twfe_event_study` (leads and lags).
* :func:`sun_abraham` (Sun & Abraham 2021) and :func:`imputation` (Borusyak, Jaravel & Spiess 2024)
  event studies; all event studies share :class:`EventStudyResult` and :func:`plot_event_studies`.
* :func:`poisson_imputation` -- counts: staggered effects as percentage changes by Poisson imputation
* :func:`pretrend_test` -- counts: the leads before adoption fitted on untreated cells only, and their joint test
  (Borusyak, Jaravel & Spiess 2024 with Wooldridge 2023's Poisson model), cluster bootstrap, pre-trend leads.
* :func:`spillover_imputation` -- did crime move next door? Direct and spill-over effects (Butts 2021) with
  exposure to an adopting neighbour as a second treatment (:func:`trends.panel.neighbour_exposure`).
* :func:`synthetic_control` (Abadie, Diamond & Hainmueller) with placebo-in-space inference,
  :func:`synthdid` (Arkhangelsky et al. 2021), :func:`its` (interrupted time series for one district:
  a counterfactual forecast, or ``method="intervention"``, a full-series structural model with the
  intervention as a regressor, as in Harvey & Durbin's seat-belt analysis).
* :func:`placebo_dates`, :func:`leave_one_out` -- robustness wrappers around any estimator;
  :func:`power_analysis`, :func:`minimum_detectable_effect`, :func:`compare_designs` -- rollout design by
  simulation.
* :func:`ppml` -- Poisson PML difference-in-differences / event study with unit and period effects
  (fixest ``fepois``), effects as percentage changes.
* :func:`relative_magnitude_bounds`, :func:`smoothness_bounds` -- Rambachan & Roth (2023) sensitivity of an
  event study to violations of parallel trends (relative magnitudes / smoothness), with R HonestDiD's
  robust intervals and the breakdown value.
* :func:`dose_bins`, :func:`dose_response`, :func:`unit_dose` -- intensity: effects by dose bin and a
  continuous-dose ATT(d|d) curve (Callaway, Goodman-Bacon & Sant'Anna 2024).
* :func:`cohorts_from_register` -- adoption cohorts from the rollout register by rule;
  :func:`att_by_model_type`, :func:`att_by_group` -- effects by model type and by district kind.

Bad input (no comparison group, a one-unit cohort, everyone adopting at once, treatment switching off,
gaps, fewer than two pre-periods) gives either an estimate with an :class:`ImpactWarning` saying what
was dropped, or a :class:`trends.schema.TrendsDataError` -- never a silent NaN.
"""

from trends.impact._common import SSC, ImpactWarning, NoComparisonError, ssc
from trends.impact.did import AggregateResult, ATTgtResult, PretestResult, att_gt
from trends.impact.dose import DoseBinsResult, DoseResponseResult, dose_bins, dose_response, unit_dose
from trends.impact.eventstudy import imputation, sun_abraham
from trends.impact.honest import (
    HonestResult,
    event_study_inputs,
    relative_magnitude_bounds,
    smoothness_bounds,
)
from trends.impact.its import ITSInterventionResult, ITSResult, its
from trends.impact.poisson import PoissonImputationResult, poisson_imputation
from trends.impact.power import (
    MDEResult,
    NoiseModel,
    PowerResult,
    compare_designs,
    minimum_detectable_effect,
    noise_from_data,
    power_analysis,
)
from trends.impact.ppml import PPMLResult, ppml
from trends.impact.pretrend import PretrendResult, pretrend_test
from trends.impact.results import EventStudyResult, event_study_table, plot_event_studies
from trends.impact.robust import RobustnessResult, leave_one_out, placebo_dates
from trends.impact.spillover import SpilloverResult, spillover_imputation
from trends.impact.synth import SyntheticControlResult, synthetic_control
from trends.impact.synthdid import SyntheticDiDResult, synthdid
from trends.impact.treatment import att_by_group, att_by_model_type, cohorts_from_register
from trends.impact.twfe import BaconResult, TWFEResult, bacon_decomposition, twfe, twfe_event_study

__all__ = [
    "SSC",
    "ATTgtResult",
    "AggregateResult",
    "BaconResult",
    "DoseBinsResult",
    "DoseResponseResult",
    "EventStudyResult",
    "HonestResult",
    "ITSInterventionResult",
    "ITSResult",
    "ImpactWarning",
    "MDEResult",
    "NoComparisonError",
    "NoiseModel",
    "PPMLResult",
    "PoissonImputationResult",
    "PowerResult",
    "PretestResult",
    "PretrendResult",
    "RobustnessResult",
    "SpilloverResult",
    "SyntheticControlResult",
    "SyntheticDiDResult",
    "TWFEResult",
    "att_by_group",
    "att_by_model_type",
    "att_gt",
    "bacon_decomposition",
    "cohorts_from_register",
    "compare_designs",
    "dose_bins",
    "dose_response",
    "event_study_inputs",
    "event_study_table",
    "imputation",
    "its",
    "leave_one_out",
    "minimum_detectable_effect",
    "noise_from_data",
    "placebo_dates",
    "plot_event_studies",
    "poisson_imputation",
    "power_analysis",
    "ppml",
    "pretrend_test",
    "relative_magnitude_bounds",
    "smoothness_bounds",
    "spillover_imputation",
    "ssc",
    "sun_abraham",
    "synthdid",
    "synthetic_control",
    "twfe",
    "twfe_event_study",
    "unit_dose",
]
