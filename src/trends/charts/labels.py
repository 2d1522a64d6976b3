"""Vietnamese and English labels from the same code.

Every word a chart shows comes from the library's one message catalogue (:mod:`trends.messages`) through
:func:`t`, which raises on a missing key or an unknown language, so a chart can never silently show a key name
or mix languages.

Offence and model-type names belong to the data, not to this module: pass a mapping such as
``trends.simulate.OFFENCE_LABELS`` (``{"theft": ("Trộm cắp tài sản", "Theft"), ...}``) to a chart's
``labels=`` argument, or register it once with :func:`register_labels`. :func:`label_for` looks up the
per-call mapping first, then the registry, and falls back to the id itself (``"drug_offences"`` →
``"Drug offences"``) so that an unlabelled offence still renders.
"""

from __future__ import annotations

from collections.abc import Mapping

from trends.charts.theme import check_lang, nfc
from trends.messages import CATALOGUE, t

__all__ = [
    "CATALOGUE",
    "LabelMapping",
    "clear_labels",
    "label_for",
    "register_labels",
    "t",
]

#: A mapping of ids to ``(vietnamese, english)`` labels.
LabelMapping = Mapping[str, tuple[str, str]]

_REGISTRY: dict[str, dict[str, tuple[str, str]]] = {}


def register_labels(mapping: LabelMapping, kind: str = "offence") -> None:
    """Register labels for data ids (offences, model types) used by every chart until :func:`clear_labels`.

    Parameters
    ----------
    mapping : Mapping[str, tuple[str, str]]
        ``{id: (vietnamese, english)}``, e.g. ``trends.simulate.OFFENCE_LABELS``.
    kind : str
        Namespace, e.g. ``"offence"`` or ``"model_type"``.

    Notes
    -----
    Charts also take ``labels=`` per call, which wins over the registry; prefer that in library code (no
    hidden state) and use the registry in notebooks.
    """
    _check_mapping(mapping)
    _REGISTRY.setdefault(kind, {}).update({str(k): (nfc(v[0]), nfc(v[1])) for k, v in mapping.items()})


def clear_labels(kind: str | None = None) -> None:
    """Forget registered labels of one ``kind`` (or of every kind when ``None``)."""
    if kind is None:
        _REGISTRY.clear()
    else:
        _REGISTRY.pop(kind, None)


def label_for(key: object, lang: str, labels: LabelMapping | None = None, kind: str = "offence") -> str:
    """Return the display label of a data id in ``lang``.

    Looks in ``labels`` first, then in the labels registered for ``kind``, then falls back to the id with
    underscores as spaces and a capital first letter.

    Parameters
    ----------
    key : object
        The id, e.g. ``"theft"``.
    lang : {"vi", "en"}
        The language.
    labels : Mapping[str, tuple[str, str]], optional
        Per-call labels.
    kind : str
        Registry namespace.
    """
    check_lang(lang)
    index = 0 if lang == "vi" else 1
    skey = str(key)
    if labels is not None:
        _check_mapping(labels)
        if skey in labels:
            return nfc(labels[skey][index])
    registered = _REGISTRY.get(kind, {})
    if skey in registered:
        return registered[skey][index]
    text = skey.replace("_", " ").strip()
    return nfc(text[:1].upper() + text[1:])


def _check_mapping(mapping: LabelMapping) -> None:
    for k, v in mapping.items():
        if not (isinstance(v, tuple | list) and len(v) == 2):
            raise ValueError(f"label for {k!r} must be a (vietnamese, english) pair, got {v!r}")
