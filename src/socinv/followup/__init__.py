"""Follow-up (uppföljning): observed aggregated outcomes beside the forecast —
the socioekonomiskt bokslut, effects updated from the data, and repayment on
measured results. See docs/followup.md."""

from socinv.followup.bokslut import Bokslut, bokslut, forecast_counts, price_observed
from socinv.followup.outcomes import (
    FollowupError,
    ObservedOutcomes,
    expected_outcomes,
    load_outcomes,
    outcomes_from_frame,
)
from socinv.followup.synthetic import synthetic_outcomes
from socinv.followup.update import (
    EffectUpdate,
    ParameterUpdate,
    reforecast,
    update_effects,
    updated_monte_carlo,
)

__all__ = [
    "Bokslut",
    "EffectUpdate",
    "FollowupError",
    "ObservedOutcomes",
    "ParameterUpdate",
    "bokslut",
    "expected_outcomes",
    "forecast_counts",
    "load_outcomes",
    "outcomes_from_frame",
    "price_observed",
    "reforecast",
    "synthetic_outcomes",
    "update_effects",
    "updated_monte_carlo",
]
