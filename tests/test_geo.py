"""Distances between coordinates."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.geo import EARTH_RADIUS_KM, distance_km


def test_known_distances() -> None:
    assert round(distance_km(48.8566, 2.3522, 51.5074, -0.1278)) == 344  # Paris to London
    assert math.isclose(distance_km(0, 0, 0, 180), math.pi * EARTH_RADIUS_KM)  # half the globe
    assert distance_km(-33.9, 18.4, -33.9, 18.4) == 0


_LAT, _LON = st.floats(-90, 90), st.floats(-180, 180)


@given(_LAT, _LON, _LAT, _LON)
def test_distance_is_symmetric_and_bounded(lat1: float, lon1: float, lat2: float,
                                           lon2: float) -> None:
    there = distance_km(lat1, lon1, lat2, lon2)
    assert math.isclose(there, distance_km(lat2, lon2, lat1, lon1), abs_tol=1e-6)
    assert 0 <= there <= math.pi * EARTH_RADIUS_KM + 1e-6
