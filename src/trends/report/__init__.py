"""The main job: the standard analysis of one study, written to ``<out>/<study>/`` (``trends report``)."""

from trends.report._run import LANGS, ReportContext, impact_settings, pretrend_settings, run_report

__all__ = ["LANGS", "ReportContext", "impact_settings", "pretrend_settings", "run_report"]
