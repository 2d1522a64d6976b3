"""Charts drawn and saved in worker processes while the caller goes on computing.

Drawing and writing PNG, SVG and PDF files in two languages is most of a report's chart time and needs nothing
from the estimators, so :class:`FigureJobs` hands each chart to a pool of worker processes (matplotlib is not
thread-safe; processes also use the second core while the parent fits models). The pool is joblib's loky
executor: its workers start without re-running the caller's script (a script need not guard its code with
``if __name__ == "__main__"``). Each job draws the figure once
and saves every format from that one figure. Results come back in submission order, so the register and the
files are the same as a sequential run's, byte for byte (the export is deterministic in any process).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

__all__ = ["ChartJob", "FigureJobs", "draw_and_save"]


def draw_and_save(
    function: Callable[..., Figure], arguments: Mapping[str, Any], stem: Path, export: Mapping[str, Any]
) -> list[Path]:
    """Draw ``function(**arguments)`` and save it with :func:`trends.charts.save_figure` (``**export``).

    Charts are plain :class:`~matplotlib.figure.Figure` objects (no pyplot), so drawing one needs no backend
    and leaves the caller's (a notebook's inline display) untouched.
    """
    from trends.charts.export import save_figure

    return save_figure(function(**arguments), stem, **export)


@dataclass(frozen=True)
class ChartJob:
    """A submitted chart: what the register needs once its files exist."""

    chart_id: str
    function: Callable[..., Figure]
    title: str
    lang: str
    files: Future[list[Path]]


class FigureJobs:
    """A pool that draws and saves charts in worker processes; ``workers=0`` draws in this process.

    Parameters
    ----------
    workers : int, optional
        Worker processes; default two, or one on a single-core machine. ``0`` draws each chart at once in
        the calling process (no pool), which is also what happens where processes cannot be started.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = min(2, os.cpu_count() or 1) if workers is None else workers
        self._pool: Executor | None = None
        self._jobs: list[ChartJob] = []

    def _executor(self) -> Executor | None:
        if self.workers > 0 and self._pool is None:
            # loky's own pool, not joblib's shared reusable one: joblib's Parallel expects that one to be its
            # memmapping executor. Fresh interpreters: safe whatever threads the parent's libraries started.
            from joblib.externals.loky import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        return self._pool

    def submit(
        self,
        chart_id: str,
        function: Callable[..., Figure],
        arguments: Mapping[str, Any],
        stem: Path,
        *,
        title: str,
        lang: str,
        export: Mapping[str, Any],
    ) -> None:
        """Queue one chart: ``function(**arguments)`` saved to ``stem.*`` with ``save_figure(..., **export)``."""
        files = self.call(draw_and_save, function, dict(arguments), stem, dict(export))
        self._jobs.append(ChartJob(chart_id, function, title, lang, files))

    def call(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run ``function(*args)`` in a worker (or at once without workers): other file writing that can use
        the second core, such as the PDF briefs."""
        pool = self._executor()
        if pool is not None:
            return pool.submit(function, *args)
        done: Future[Any] = Future()
        try:
            done.set_result(function(*args))
        except Exception as error:  # raised when the result is asked for, as a worker's error would be
            done.set_exception(error)
        return done

    def collect(self) -> Iterator[tuple[ChartJob, list[Path] | BaseException]]:
        """Wait for every queued chart, in submission order: its files, or the error that stopped it."""
        jobs, self._jobs = self._jobs, []
        for job in jobs:
            try:
                yield job, job.files.result()
            except Exception as error:
                yield job, error

    def close(self) -> None:
        """Stop the workers; charts not yet collected are abandoned."""
        for job in self._jobs:
            job.files.cancel()
        self._jobs = []
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
