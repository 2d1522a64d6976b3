"""The one argument convention of the public API, and the bridge from the old spellings.

Every estimator and forecaster takes the data first, then **keyword-only** column arguments with the same
names everywhere (those of the R ``did`` package and pyfixest, which researchers already know):

========== =====================================================================
``yname``  the outcome column (a count, a rate, a log)
``tname``  the period column
``idname`` the unit column (a district, a district x offence series); a list where a unit has several ids
``gname``  the adoption cohort column (first treated period; missing or 0 = never treated)
``dname``  a 0/1 treatment column (treated and adopted in this period)
``cluster`` the column whose values are the clusters of the standard errors
``alpha``  significance level of tests and intervals (intervals at ``1 - alpha``)
``seed``   seed of every random draw
========== =====================================================================

Calls written for earlier versions (columns passed by position, in each function's old order, or the old
keyword names such as ``clustervars=`` and ``alp=``) still work for now, with a :class:`DeprecationWarning`
that names the new spelling: a swapped unit and period no longer pass silently, because the new call states
every column by name.
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

__all__ = ["COLUMN_ARGUMENTS", "alpha_from_level", "legacy_arguments"]

#: The column arguments of the convention, for documentation and checks.
COLUMN_ARGUMENTS: tuple[str, ...] = ("yname", "tname", "idname", "gname", "dname", "cluster")

_F = TypeVar("_F", bound=Callable[..., Any])


def alpha_from_level(level: float) -> float:
    """The significance level of a confidence level: ``level=0.95`` is ``alpha=0.05`` (``level=95`` too)."""
    level = float(level)
    if 1 < level < 100:  # a percentage, as the forecasts' levels are written
        level /= 100
    return round(1.0 - level, 12)  # 1 - 0.95 is 0.050000000000000044 in floating point


def legacy_arguments(
    positional: Sequence[str] = (),
    renamed: Mapping[str, str] | None = None,
    converted: Mapping[str, tuple[str, Callable[[Any], Any]]] | None = None,
) -> Callable[[_F], _F]:
    """Accept a function's pre-convention call with a :class:`DeprecationWarning` naming the new spelling.

    Parameters
    ----------
    positional : sequence of str
        The (new) names of the arguments that used to be accepted by position after the data, in their old
        order. Such positional values are passed on by keyword.
    renamed : mapping of str to str
        Old keyword name -> new keyword name (``{"clustervars": "cluster", "alp": "alpha"}``).
    converted : mapping of str to (str, callable)
        Old keyword name -> (new name, conversion of the value), for a renamed argument whose meaning changed
        (``{"level": ("alpha", lambda level: 1 - level)}``: a 0.95 confidence level is ``alpha=0.05``).

    Raises
    ------
    TypeError
        When an argument is given both ways, or more positional values are given than the old call took.
    """
    renamed = dict(renamed or {})
    converted = dict(converted or {})

    def decorate(fn: _F) -> _F:
        params = list(inspect.signature(fn).parameters.values())
        n_pos = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            notes = []
            if len(args) > n_pos:
                extra = args[n_pos:]
                if len(extra) > len(positional):
                    raise TypeError(
                        f"{fn.__name__}() takes {n_pos} positional argument(s); pass the columns by name "
                        f"({', '.join(f'{k}=...' for k in positional)})"
                    )
                for name, value in zip(positional, extra, strict=False):
                    if name in kwargs:
                        raise TypeError(f"{fn.__name__}() got {name!r} both by position and by name")
                    kwargs[name] = value
                notes.append(
                    "columns by position are deprecated; write "
                    + ", ".join(f"{k}={v!r}" for k, v in zip(positional, extra, strict=False))
                )
                args = args[:n_pos]
            for old, new in renamed.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{fn.__name__}() got both {old!r} (old name) and {new!r}")
                    kwargs[new] = kwargs.pop(old)
                    notes.append(f"{old}= is deprecated; use {new}=")
            for old, (new, convert) in converted.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{fn.__name__}() got both {old!r} (old name) and {new!r}")
                    value = kwargs.pop(old)
                    kwargs[new] = convert(value)
                    notes.append(f"{old}={value!r} is deprecated; use {new}={kwargs[new]!r}")
            if notes:
                warnings.warn(f"{fn.__name__}(): " + "; ".join(notes), DeprecationWarning, stacklevel=2)
            return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
