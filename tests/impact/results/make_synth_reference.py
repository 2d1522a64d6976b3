"""Produce the peer reference numbers for ``tests/test_synth.py`` (run in a SEPARATE venv).

    python3 -m venv /tmp/venv_sc && /tmp/venv_sc/bin/pip install pysyncon==1.7.0 synthdid-py==0.1.0
    /tmp/venv_sc/bin/python tests/impact/results/make_synth_reference.py > tests/impact/results/synth_reference.json

Data: ``california_prop99.csv`` (cigarette packs per capita, 39 states, 1970-2000; California treated from
1989), as shipped by the R ``synthdid`` package (Arkhangelsky et al. 2021; BSD-3-Clause) and copied from the
``synthdid-py`` 0.1.0 wheel. Original source: Abadie, Diamond & Hainmueller (2010), JASA 105(490).

Peers:
* ``synthdid-py`` 0.1.0 (a port of R ``synthdid``): SDID, SC and DID estimates and placebo standard errors
  (200 replications, seed 0). Published in Arkhangelsky et al. (2021, AER, Table 1): SDID -15.6 (8.4),
  SC -19.6 (9.9), DID -27.3 (17.7).
* ``pysyncon`` 1.7.0 (a port of R ``Synth``): ADH synthetic control weights with each pre-period year's
  outcome as a predictor and V = identity (outcome-path matching); and with predictors packs 1975, 1980, 1988
  and the 1970-1988 mean, V optimised (Nelder-Mead) to minimise the pre-period MSPE.
"""

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

here = Path(__file__).resolve().parent
df = pd.read_csv(here / "california_prop99.csv", sep=";")
out: dict = {"data": "california_prop99.csv", "peers": {}}

import synthdid  # noqa: E402

Y = df.pivot(index="State", columns="Year", values="PacksPerCapita")
treated = ["California"]
controls = [s for s in Y.index if s not in treated]
Y = Y.loc[controls + treated]
Ym = Y.to_numpy()
N0, T0 = len(controls), int((Y.columns < 1989).sum())
res = {}
for name, fn in [
    ("sdid", synthdid.synthdid_estimate),
    ("sc", synthdid.sc_estimate),
    ("did", synthdid.did_estimate),
]:
    est = fn(Ym, N0, T0)
    se = float(np.sqrt(est.vcov(method="placebo", replications=200, random_state=0)).ravel()[0])
    w = est.weights
    res[name] = {
        "estimate": float(est),
        "se_placebo_200": se,
        "omega": dict(zip(controls, map(float, np.asarray(w.omega)), strict=True)),
        "lambda": dict(zip(map(int, Y.columns[:T0]), map(float, np.asarray(w.lambda_)), strict=True)),
    }
out["peers"]["synthdid-py 0.1.0"] = res

from pysyncon import Dataprep, Synth  # noqa: E402

years = list(range(1970, 1989))
dp = Dataprep(
    foo=df,
    predictors=[],
    predictors_op="mean",
    dependent="PacksPerCapita",
    unit_variable="State",
    time_variable="Year",
    treatment_identifier="California",
    controls_identifier=controls,
    time_predictors_prior=years,
    time_optimize_ssr=years,
    special_predictors=[("PacksPerCapita", [y], "mean") for y in years],
)
s = Synth()
s.fit(dataprep=dp, custom_V=np.ones(len(years)))
wts = s.weights(round=12).to_dict()
out["peers"]["pysyncon 1.7.0"] = {
    "sc_outcome_lags_identity_V": {
        "weights": {k: float(v) for k, v in wts.items()},
        "att_1989_2000": float(s.att(time_period=list(range(1989, 2001)))["att"]),
    }
}
# Nested V (R Synth's default): predictors = packs in 1975, 1980 and 1988 and the 1970-1988 mean, V chosen by
# Nelder-Mead to minimise the 1970-1988 outcome MSPE.
dp2 = Dataprep(
    foo=df,
    predictors=["PacksPerCapita"],
    predictors_op="mean",
    dependent="PacksPerCapita",
    unit_variable="State",
    time_variable="Year",
    treatment_identifier="California",
    controls_identifier=controls,
    time_predictors_prior=years,
    time_optimize_ssr=years,
    special_predictors=[("PacksPerCapita", [y], "mean") for y in (1975, 1980, 1988)],
)
s2 = Synth()
s2.fit(dataprep=dp2, optim_method="Nelder-Mead", optim_initial="equal")
w2 = s2.weights(round=12)
z0, z1 = dp2.make_outcome_mats(time_period=years)
mspe = float(((z1 - z0 @ w2.reindex(z0.columns).to_numpy()) ** 2).mean())
out["peers"]["pysyncon 1.7.0"]["sc_lags_mean_optimized_V"] = {
    "weights": {k: float(v) for k, v in w2.to_dict().items()},
    "pre_mspe": mspe,
}
json.dump(out, sys.stdout, indent=1, sort_keys=True)
print()
