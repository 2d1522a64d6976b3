"""Hanoi's geography as data: the 30 district-level units of 2008 to June 2025 and their tile-grid layout.

The tables ship as package data in ``trends/geo/data/`` (provenance in :data:`PROVENANCE`); nothing here reads
the bundled crime data sets.
"""

from __future__ import annotations

from importlib.resources import files

import pandas as pd

__all__ = ["HANOI_TILES", "PROVENANCE", "hanoi_adjacency", "hanoi_districts"]

_DATA = files("trends") / "geo" / "data"

PROVENANCE: dict[str, dict[str, str]] = {
    "hanoi_districts": {
        "title": "Hanoi's 30 district-level units (2008 to June 2025): kind, 2019 population, area, "
        "commune-level unit counts",
        "source": "Population: 2019 Population and Housing Census (1 April 2019), summed from ward-level rows "
        "redistributed in github.com/hgscarlette/wcmmap-app (data/VN_Population_ward.csv). Areas: Hanoi "
        "Statistical Yearbook 2018 via Wikipedia where published ('official'), otherwise GADM polygon area "
        "('gis_approx'). Unit counts and district codes: General Statistics Office administrative-unit snapshots "
        "(codes of Decision 124/2004/QĐ-TTg) redistributed in github.com/daohoangson/dvhcvn (data/dvhcvn.json). "
        "Dates units joined Hanoi: Resolution 15/2008/QH12 (29 May 2008; Hà Tây province, Mê Linh district of "
        "Vĩnh Phúc and four communes of Lương Sơn, Hòa Bình, from 1 August 2008) and Resolution 132/NQ-CP (27 "
        "December 2013; Từ Liêm district split into Bắc and Nam Từ Liêm from 1 April 2014).",
        "licence": "Public statistics of the Government of Viet Nam; compiled table MIT",
        "citation": "General Statistics Office of Viet Nam (2020), Completed Results of the 2019 Viet Nam "
        "Population and Housing Census",
    },
    "hanoi_district_adjacency": {
        "title": "The 72 pairs of Hanoi's 30 district-level units (2008 to June 2025) that share a boundary",
        "source": "A compilation of geographic facts, checked against public boundary maps and Resolution "
        "1656/NQ-UBTVQH15 (16 June 2025); also_implied_by_resolution marks the 26 pairs that a new commune-level "
        "unit spanning exactly those two districts confirms.",
        "licence": "Facts (no copyright); compiled table MIT",
        "citation": "trends package, geo/data/hanoi_district_adjacency.csv",
    },
}


def hanoi_districts() -> pd.DataFrame:
    """Hanoi's 30 district-level units as they stood from 2008 until 1 July 2025 (real data).

    Returns
    -------
    pandas.DataFrame
        ``district`` (canonical id), ``name_vi``, ``name_ascii``, ``kind`` (urban / rural / town),
        ``population`` (2019 census, int64), ``population_year``, ``area_km2`` (float64), ``area_source``
        (``official`` or ``gis_approx``), ``units_2019_12``, ``units_2020_2024``, ``units_2025_03``
        (commune-level units), ``gso_code`` (the General Statistics Office's three-digit administrative code,
        "001" for Ba Đình, as text), ``in_hanoi_from`` (the day the unit became one of Hanoi's districts, NaT for
        the units of Hanoi before 2008: 1 August 2008 for the former Hà Tây province's and Mê Linh, from Vĩnh Phúc;
        1 April 2014 for the two halves of Từ Liêm) and ``formerly`` (what the unit was part of before that day,
        empty otherwise). See ``PROVENANCE["hanoi_districts"]``.
    """
    with (_DATA / "hanoi_districts.csv").open(encoding="utf-8") as fh:
        d = pd.read_csv(
            fh,
            dtype={
                "district": str,
                "name_vi": str,
                "name_ascii": str,
                "kind": str,
                "area_source": str,
                "gso_code": str,
                "formerly": str,
            },
            keep_default_na=False,
            na_values={"in_hanoi_from": [""]},
        )
    d["in_hanoi_from"] = pd.to_datetime(d["in_hanoi_from"]).astype("datetime64[ns]")
    for col in ("population", "population_year", "units_2019_12", "units_2020_2024", "units_2025_03"):
        if col in d.columns:
            d[col] = d[col].astype("int64")
    d["area_km2"] = d["area_km2"].astype("float64")
    return d


#: Grid position (column west→east, row north→south) of each of Hanoi's 30 districts (2019–2025 boundaries).
#: Hand-made to keep neighbours next to each other: the urban core in the middle (Tây Hồ, Ba Đình, Hoàn Kiếm,
#: Cầu Giấy, Đống Đa, Hai Bà Trưng, Thanh Xuân, Hoàng Mai, the two Từ Liêm, Hà Đông), Long Biên and Gia Lâm
#: east across the Red River, Sóc Sơn / Mê Linh / Đông Anh north, Ba Vì / Sơn Tây / Phúc Thọ / Thạch Thất west,
#: Mỹ Đức / Ứng Hòa / Phú Xuyên south.
HANOI_TILES: dict[str, tuple[int, int]] = {
    "me_linh": (3, 0),
    "soc_son": (4, 0),
    "ba_vi": (0, 1),
    "son_tay": (1, 1),
    "phuc_tho": (2, 1),
    "dan_phuong": (3, 1),
    "dong_anh": (4, 1),
    "thach_that": (1, 2),
    "hoai_duc": (2, 2),
    "bac_tu_liem": (3, 2),
    "tay_ho": (4, 2),
    "long_bien": (5, 2),
    "quoc_oai": (1, 3),
    "nam_tu_liem": (2, 3),
    "cau_giay": (3, 3),
    "ba_dinh": (4, 3),
    "hoan_kiem": (5, 3),
    "gia_lam": (6, 3),
    "chuong_my": (1, 4),
    "ha_dong": (2, 4),
    "thanh_xuan": (3, 4),
    "dong_da": (4, 4),
    "hai_ba_trung": (5, 4),
    "my_duc": (1, 5),
    "thanh_oai": (2, 5),
    "thanh_tri": (3, 5),
    "hoang_mai": (4, 5),
    "ung_hoa": (2, 6),
    "thuong_tin": (3, 6),
    "phu_xuyen": (3, 7),
}


def hanoi_adjacency() -> pd.DataFrame:
    """Pairs of Hanoi's 30 districts (2008 to June 2025) that share a boundary, as canonical ids.

    Returns
    -------
    pandas.DataFrame
        ``district_a``, ``district_b`` (ids, ``district_a < district_b``), ``also_implied_by_resolution``
        (bool: a new 2025 unit spans exactly these two districts). 72 rows; every district has 2 to 7
        neighbours. See ``PROVENANCE["hanoi_district_adjacency"]``.
    """
    from trends.geo.names import DistrictResolver

    with (_DATA / "hanoi_district_adjacency.csv").open(encoding="utf-8") as fh:
        raw = pd.read_csv(fh, dtype=str)
    resolver = DistrictResolver(hanoi_districts())
    a = resolver.resolve(raw["district_a"], column="district_a")
    b = resolver.resolve(raw["district_b"], column="district_b")
    pairs = pd.DataFrame({"district_a": a.where(a < b, b), "district_b": b.where(a < b, a)})
    pairs["also_implied_by_resolution"] = raw["also_implied_by_resolution"].eq("yes").to_numpy()
    return pairs.sort_values(["district_a", "district_b"], ignore_index=True)
