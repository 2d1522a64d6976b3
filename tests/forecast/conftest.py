"""Panels shared by the forecast tests."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest


def _short_annual_panel(seed: int, log_level: float = 6.9, S: int = 192, T: int = 8) -> pd.DataFrame:
    """Berlin's shape: S annual count series of T years with a shared year shock, t(4) growth and Poisson counts
    around a median level of ``exp(log_level)`` (parameters estimated on ``load_berlin()``; 6.9, about 1,000 a
    year, is Berlin's level)."""
    rng = np.random.default_rng(seed)
    growth = (
        rng.normal(0, 0.042, (S, 1)) + rng.normal(0, 0.034, (1, T - 1)) + 0.11 * rng.standard_t(4, (S, T - 1))
    )
    log_mu = rng.normal(log_level, 1.4, (S, 1)) + np.concatenate(
        [np.zeros((S, 1)), np.cumsum(growth, axis=1)], axis=1
    )
    period = pd.date_range("2012-01-01", periods=T, freq="YS")
    return pd.DataFrame(
        {
            "key": np.repeat(np.arange(S), T),
            "period": np.tile(period, S),
            "count": rng.poisson(np.exp(log_mu)).ravel(),
        }
    )


@pytest.fixture
def short_annual_panel() -> Callable[..., pd.DataFrame]:
    """Make Berlin-shaped panels: ``short_annual_panel(seed, log_level=6.9)``."""
    return _short_annual_panel
