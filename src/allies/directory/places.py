"""Where organizations are: ZIP codes as points, and distances in miles.

The centroid of each ZIP code comes from `zip_centroids.csv.gz`, written from the `zipcodes`
package (the U.S. Census list, offline) by scripts/zip_centroids.py: that package takes seconds to
load every ZIP code, this file milliseconds. An organization in the same town as the library (or one of its branches) is 0
miles away whatever its ZIP code says; one without a known ZIP code has no distance.
"""

from __future__ import annotations

import csv
import gzip
import math
from functools import cache
from pathlib import Path

EARTH_MILES = 3958.8


CENTROIDS = Path(__file__).with_name("zip_centroids.csv.gz")


@cache
def _centroids() -> dict[str, tuple[float, float]]:
    with gzip.open(CENTROIDS, "rt", encoding="ascii", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return {zip_code: (float(lat), float(lon)) for zip_code, lat, lon in reader}


def zip_point(zip_code: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a ZIP code's centroid ('05602-2957' reads as 05602)."""
    digits = (zip_code or "").strip()[:5]
    if len(digits) == 4 and digits.isdigit():
        digits = "0" + digits
    return _centroids().get(digits) if len(digits) == 5 else None


def miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two points, in miles."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_MILES * math.asin(min(1.0, math.sqrt(h)))


class Home:
    """The library's places (its own and its branches'), to measure how far an organization is."""

    def __init__(self, zip_codes: list[str], towns: list[str]) -> None:
        self.points = [p for p in (zip_point(z) for z in zip_codes) if p is not None]
        self.towns = {" ".join(t.casefold().split()) for t in towns if t and t.strip()}
        # Miles by ZIP code as written: a directory repeats the same few hundred.
        self._miles: dict[str, float] = {}

    @property
    def known(self) -> bool:
        return bool(self.points or self.towns)

    def distance(self, zip_code: str, town: str) -> float:
        """Miles to the nearest of the library's places; NaN when it cannot be told."""
        if town and " ".join(town.casefold().split()) in self.towns:
            return 0.0
        if not self.points:
            return math.nan
        found = self._miles.get(zip_code)
        if found is None:
            point = zip_point(zip_code)
            found = math.nan if point is None else min(miles(point, home) for home in self.points)
            self._miles[zip_code] = found
        return found
