"""What a report shows besides the comparison itself: sensitivity results
and the account of a Monte Carlo run (defined in
:mod:`socinv.sensitivity.results`)."""

from __future__ import annotations

from socinv.sensitivity.results import SensitivityResults

__all__ = ["SensitivityResults"]
