"""The argument convention's bridge: old positional and renamed calls work with a warning naming the new one."""

from __future__ import annotations

import pytest

from trends._api import legacy_arguments


@legacy_arguments(positional=("yname", "idname", "tname"), renamed={"clustervars": "cluster", "alp": "alpha"})
def _fit(data, *, yname, tname, idname, cluster=None, alpha=0.05):
    return dict(yname=yname, tname=tname, idname=idname, cluster=cluster, alpha=alpha)


def test_keyword_call_is_silent() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _fit(None, yname="y", tname="t", idname="i")["tname"] == "t"


def test_old_positional_order_maps_to_the_right_names() -> None:
    with pytest.warns(DeprecationWarning, match="yname='y', idname='i', tname='t'"):
        out = _fit(None, "y", "i", "t")
    assert out == dict(yname="y", tname="t", idname="i", cluster=None, alpha=0.05)


def test_renamed_keywords_are_mapped_and_named() -> None:
    with pytest.warns(DeprecationWarning, match="clustervars= is deprecated; use cluster="):
        out = _fit(None, yname="y", tname="t", idname="i", clustervars="d", alp=0.1)
    assert out["cluster"] == "d" and out["alpha"] == 0.1


def test_conflicts_and_surplus_positionals_are_errors() -> None:
    with pytest.raises(TypeError, match="both"):
        _fit(None, "y", yname="y2", tname="t", idname="i")
    with pytest.raises(TypeError, match="both"):
        _fit(None, yname="y", tname="t", idname="i", cluster="a", clustervars="b")
    with pytest.raises(TypeError, match="pass the columns by name"):
        _fit(None, "y", "i", "t", "extra")
