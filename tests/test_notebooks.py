"""Every notebook of the suite runs top to bottom on the bundled data; outputs are stripped in git.

A failing cell fails the suite. Notebooks are executed in their own folder with the venv's Python kernel, every
one in English and those that draw charts of their own in Vietnamese too. The same execution records every
figure the notebook displays, and each must be a report chart: a title, a footnote with the source, the
SIMULATED banner exactly when the study is simulated, in the notebook's language (``LANG``).

Fast checks read the notebooks without running them: chart words are chosen by ``LANG`` in both languages, and
markdown holds no number that only the data can give (those are printed by code cells).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Collection
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from trends.charts import t

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# The notebooks that draw figures other than the library's chart functions (results' .plot(), hand-made
# figures) also run in Vietnamese: 4 runs, about 30 s more on top of about 90 s for the English runs.
IN_VIETNAMESE = {"02_crime_trends", "04_rollout_impact", "05_robustness", "07_real_data"}
RUNS = [(p, "en") for p in NOTEBOOKS] + [(p, "vi") for p in NOTEBOOKS if p.stem in IN_VIETNAMESE]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_the_suite_exists() -> None:
    assert len(NOTEBOOKS) >= 2
    assert IN_VIETNAMESE <= {p.stem for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stripped_and_parameterised(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), "strip the outputs"
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    params = "\n" + "".join(tagged[0]["source"])
    assert "\nLANG = " in params, "parameters cell lacks LANG (the language of the charts)"
    if any("load_study(" in "".join(c["source"]) for c in code):
        # an analyst's own file must be runnable from the parameters alone: its name, whether absent rows are
        # zeros, and the language of the charts
        for name in ("NAME", "COMPLETE"):
            assert f"\n{name} = " in params, f"parameters cell lacks {name}"
    assert nb["cells"][0]["cell_type"] == "markdown" and "Question" in "".join(nb["cells"][0]["source"])


# --------------------------------------------------------------------------------------------- execution

# First cell: record, for every figure IPython displays (its inline backend and the display of a returned
# Figure both go through IPython.core.pylabtools.print_figure, which calls the canvas's print_figure), the
# texts that make it a report chart. A figure saved to a file (savefig) is not recorded.
_RECORD = """\
import json as _json
import sys as _sys

from matplotlib.backend_bases import FigureCanvasBase as _Canvas

_SHOWN = []
_CELL = [""]  # the source of the cell running (pyplot figures are shown after it, by a post-execute hook)
get_ipython().events.register("pre_run_cell", lambda info: _CELL.__setitem__(0, info.raw_cell))
_print_figure = _Canvas.print_figure


def _record_shown(self, *args, **kwargs):
    if _sys._getframe(1).f_code.co_filename.endswith("pylabtools.py"):
        fig = self.figure
        again = getattr(fig, "_times_shown", 0) > 0
        fig._times_shown = getattr(fig, "_times_shown", 0) + 1
        _SHOWN.append({
            "cell": _CELL[0].strip()[:70],
            "again": again,
            "title": fig.get_suptitle(),
            "texts": [text.get_text() for text in fig.texts],
            "labels": [label for ax in fig.axes for label in (ax.get_xlabel(), ax.get_ylabel()) if label],
            "legends": [
                text.get_text()
                for legend in [*(ax.get_legend() for ax in fig.axes), *fig.legends]
                if legend is not None
                for text in legend.get_texts()
            ],
        })
    return _print_figure(self, *args, **kwargs)


_Canvas.print_figure = _record_shown
"""

# Last cell: hand the records to the test, with the pyplot figures still open: the inline backend closes the
# ones it shows, so an open one was drawn and never shown (as when an import switches the backend to Agg).
_DUMP = """\
import matplotlib.pyplot as _plt

with open({path!r}, "w", encoding="utf-8") as _out:
    _json.dump(
        {{
            "lang": LANG,
            "simulated": bool(getattr(globals().get("study"), "simulated", False)),
            "shown": _SHOWN,
            "never_shown": len(_plt.get_fignums()),
        }},
        _out,
        ensure_ascii=False,
    )
"""


def _prepared(path: Path, lang: str, records: Path) -> nbformat.NotebookNode:
    """The notebook with the recording cell first, ``LANG`` injected after its parameters, the dump last."""
    nb = nbformat.read(path, as_version=4)
    cells = list(nb.cells)
    at = next(i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", []))
    injected = nbformat.v4.new_code_cell(f"LANG = {lang!r}", metadata={"tags": ["injected-parameters"]})
    nb.cells = [
        nbformat.v4.new_code_cell(_RECORD),
        *cells[: at + 1],
        injected,
        *cells[at + 1 :],
        nbformat.v4.new_code_cell(_DUMP.format(path=str(records))),
    ]
    return nb


@pytest.mark.parametrize(("path", "lang"), RUNS, ids=[f"{p.stem}-{lang}" for p, lang in RUNS])
def test_notebook_runs_top_to_bottom(path: Path, lang: str, tmp_path: Path) -> None:
    records = tmp_path / "shown.json"
    nb = _prepared(path, lang, records)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    images = sum(
        "image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    assert images >= 1, "each notebook shows at least one chart"

    shown = json.loads(records.read_text(encoding="utf-8"))
    assert shown["lang"] == lang
    problems = []
    for fig in shown["shown"]:
        problems += [
            f"{problem} — figure shown by the cell starting {fig['cell']!r}"
            for problem in chart_problems(fig, lang=lang, simulated=shown["simulated"])
        ]
        if fig["again"]:
            problems.append(f"a figure shown twice, by the cell starting {fig['cell']!r}")
    if shown["never_shown"]:
        problems.append(
            f"{shown['never_shown']} pyplot figure(s) drawn and never shown (is the backend inline?)"
        )
    assert not problems, "\n".join(problems)


def chart_problems(fig: dict, *, lang: str, simulated: bool) -> list[str]:
    """What keeps a displayed figure from being a report chart in ``lang`` (an empty list when nothing).

    ``fig`` holds its suptitle (``title``), its figure texts (``texts``), its axes labels (``labels``) and,
    when recorded, its legend entries (``legends``).
    """
    other = "en" if lang == "vi" else "vi"
    problems = []
    title = fig["title"].strip()
    if not title:
        problems.append("no title (finish the figure with trends.charts.present)")
    source = t("source", lang, source="")
    if not any(line.startswith(source) for text in fig["texts"] for line in text.splitlines()):
        problems.append(f"no footnote starting {source!r}")
    banner = t("simulated", lang)
    if simulated and banner not in fig["texts"]:
        problems.append(f"no {banner!r} banner on a simulated study")
    if not simulated and banner in fig["texts"]:
        problems.append("a SIMULATED banner on real data")
    if t("simulated", other) in fig["texts"] or any(
        line.startswith(t("source", other, source="")) for text in fig["texts"] for line in text.splitlines()
    ):
        problems.append(f"footnote or banner in {other!r}, not in {lang!r}")
    if lang == "vi":  # Vietnamese words carry diacritics; an English title or axis label does not
        for what, text in [("title", title), *(("axis label", label) for label in fig["labels"])]:
            if text and text.isascii():
                problems.append(f"{what} {text!r} is not in Vietnamese")
        # a legend entry may be a name ("Sun & Abraham", "TWFE"); one of plain ASCII lower-case words is English
        for text in fig.get("legends", []):
            if text.isascii() and re.search(r"\b[a-z]{2,}", text):
                problems.append(f"legend entry {text!r} is not in Vietnamese")
    return problems


def test_chart_problems_catches_what_it_should() -> None:
    banner_en, banner_vi = t("simulated", "en"), t("simulated", "vi")
    good_vi = {"title": "Tội phạm giảm", "texts": [banner_vi, "Nguồn: Công an."], "labels": ["Năm"]}
    assert chart_problems(good_vi, lang="vi", simulated=True) == []
    bare = {"title": "", "texts": [], "labels": []}  # a result's .plot() figure as it comes
    assert len(chart_problems(bare, lang="en", simulated=True)) == 3
    english = {"title": "Crime fell", "texts": [banner_en, "Source: Police."], "labels": ["year"]}
    assert chart_problems(english, lang="en", simulated=True) == []
    assert len(chart_problems(english, lang="vi", simulated=True)) == 5  # banner, footnote, language x 3
    assert chart_problems(english, lang="en", simulated=False) == ["a SIMULATED banner on real data"]
    legends = {
        "en": ["treated vs never", "TWFE 0.0694"],
        "vi": ["Nhóm sớm so với nhóm muộn", "Sun & Abraham"],
    }
    assert chart_problems(good_vi | {"legends": legends["vi"]}, lang="vi", simulated=True) == []
    assert chart_problems(good_vi | {"legends": legends["en"]}, lang="vi", simulated=True) == [
        "legend entry 'treated vs never' is not in Vietnamese"
    ]


# --------------------------------------------------------------------------------------------- chart words


def _code(path: Path) -> list[tuple[int, ast.Module]]:
    """Each code cell of a notebook, parsed (IPython magics and shell lines blanked)."""
    out = []
    for i, cell in enumerate(_cells(path)):
        if cell["cell_type"] == "code":
            lines = "".join(cell["source"]).splitlines()
            out.append((i, ast.parse("\n".join("" if s.lstrip()[:1] in "%!" else s for s in lines))))
    return out


_WORDS = ("title", "xlabel", "ylabel", "value_label")  # keyword arguments that put words on a chart
_SETTERS = ("set_title", "set_xlabel", "set_ylabel", "suptitle")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_chart_words_follow_lang(path: Path) -> None:
    """Titles and axis labels are chosen by ``LANG`` (``{"vi": ..., "en": ...}[LANG]``); charts take ``lang=LANG``."""
    problems = []
    for i, tree in _code(path):
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Dict):
                if isinstance(node.slice, ast.Name) and node.slice.id == "LANG":
                    keys = {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
                    if keys != {"vi", "en"} or len(node.value.keys) != 2:
                        problems.append(f"cell {i}: a [LANG] choice with keys {sorted(keys)}, not vi and en")
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                if kw.arg in _WORDS and not _by_lang(kw.value):
                    problems.append(
                        f"cell {i}: {kw.arg}= is not chosen by LANG: {ast.unparse(kw.value)[:60]}"
                    )
                if kw.arg == "lang" and not (isinstance(kw.value, ast.Name) and kw.value.id == "LANG"):
                    problems.append(f"cell {i}: lang={ast.unparse(kw.value)} instead of lang=LANG")
            if isinstance(node.func, ast.Attribute) and node.func.attr in _SETTERS and node.args:
                if not _by_lang(node.args[0]):
                    problems.append(f"cell {i}: {node.func.attr}({ast.unparse(node.args[0])[:60]})")
    assert not problems, "\n".join(problems)


def _by_lang(node: ast.expr) -> bool:
    """An expression that depends on ``LANG``: ``{...}[LANG]``, ``t("period", LANG)``, ``x[LANG] + ...``."""
    return any(isinstance(n, ast.Name) and n.id == "LANG" for n in ast.walk(node))


# --------------------------------------------------------------------------------------------- markdown

# A number in markdown that looks like a result: a percentage or a decimal. Integers are not flagged (years,
# notebook numbers, counts that describe the method: "three rolling origins", "6, 12 and 24 months",
# "per 100,000"), nor anything inside `code`.
_NUMBER = re.compile(r"(?<![\w.])[−+-]?\d+(?:,\d{3})*(?:\.\d+)?(?:\s?%)?")
# Interval levels are settings, not results.
_NOMINAL = {"80%", "90%", "95%", "0.8", "0.80", "0.9", "0.90", "0.95"}
# A number typed in one of the notebook's code cells is an input (a published benchmark that 07_real_data prints
# beside its own estimate, a setting), not a result, so prose may quote it: the two cannot disagree. Other numbers
# that describe the method, each with its reason:
ALLOWED = {
    "04_rollout_impact": {"0.05", "5%"},  # how to read log points: "a change of 0.05 is roughly a 5% change"
    "05_robustness": {"10%"},  # the reduction the power simulation is asked to detect (effect=-0.10)
}


def result_like_numbers(markdown: str, allowed: Collection[str] = ()) -> list[str]:
    """Percentages and decimals in ``markdown`` outside code spans, but interval levels and ``allowed``."""
    text = re.sub(r"`[^`]*`", " ", markdown)
    found = []
    for match in _NUMBER.finditer(text):
        token = match.group().replace(" ", "").replace("−", "-")
        if "%" not in token and "." not in token:
            continue
        bare = token.lstrip("+-")
        if bare in _NOMINAL or token in allowed or bare in allowed:
            continue
        found.append(token)
    return found


def test_result_like_numbers() -> None:
    assert result_like_numbers("Estimated **−12.3%** (95% CI −20% to −4%).") == ["-12.3%", "-20%", "-4%"]
    assert result_like_numbers("the breakdown Mbar is 0.75; coverage near 0.80 and 0.95") == ["0.75"]
    assert (
        result_like_numbers("In 2019, 30 districts, 1,234 cases per 100,000; years 0-5, `lo_80 = 0.3`") == []
    )
    assert result_like_numbers("a 95 % band and an 80% interval; 10% smaller", {"10%"}) == []
    assert result_like_numbers("ended 2.") == [] and result_like_numbers("TWFE 0.0755.") == ["0.0755"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_markdown_has_no_result_numbers(path: Path) -> None:
    """A number only the data can give is printed by code, never typed into markdown (it would go stale)."""
    cells = _cells(path)
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    typed = {m.group().replace("−", "-") for m in _NUMBER.finditer(code)}  # numbers written in code cells
    allowed = ALLOWED.get(path.stem, set()) | typed
    flagged = {
        i: found
        for i, c in enumerate(cells)
        if c["cell_type"] == "markdown" and (found := result_like_numbers("".join(c["source"]), allowed))
    }
    assert not flagged, f"result-like numbers in markdown (print them from code instead): {flagged}"
