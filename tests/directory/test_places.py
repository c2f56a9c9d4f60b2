"""ZIP codes as points: the shipped centroids file against the package it was written from
(scripts/zip_centroids.py), and distances from the library."""

import math

import pytest
import zipcodes

from allies.directory.places import Home, _centroids, miles, zip_point


def test_the_centroids_file_is_what_the_zipcodes_package_says():
    shipped = _centroids()
    package = {
        row["zip_code"]: (round(float(row["lat"]), 4), round(float(row["long"]), 4))
        for row in zipcodes.list_all()
        if row.get("lat") and row.get("long")
    }
    assert shipped == package


def test_zip_codes_as_written_find_their_point():
    assert zip_point("05602-2957") == zip_point("05602") is not None
    assert zip_point("5602") == zip_point("05602")  # a spreadsheet dropped the leading zero
    assert zip_point("") is None and zip_point("ABCDE") is None and zip_point("00000") is None


def test_distances_from_the_library():
    montpelier, burlington = zip_point("05602"), zip_point("05401")
    assert miles(montpelier, burlington) == pytest.approx(36, abs=6)
    home = Home(["05602"], ["Montpelier"])
    assert home.distance("05401", "Burlington") == pytest.approx(miles(montpelier, burlington))
    assert home.distance("05401", " montpelier ") == 0.0  # the library's own town
    assert math.isnan(home.distance("", "Elsewhere"))
