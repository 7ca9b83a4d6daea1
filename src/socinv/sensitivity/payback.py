"""The payback curve: the probability, over Monte Carlo draws, that an
investment has paid back by each year.

"Paid back by year t" uses the one break-even rule of the engine
(:func:`socinv.scenarios.metrics.break_even_year`): the cumulative
discounted net savings are >= 0 from year t to the end of the horizon. So
at the last year of the horizon the probability equals P(NPV >= 0), and the
curve never falls. The band is the 95 % Wilson interval of the Monte Carlo
estimate (how precisely the draws pin the probability down), not a
statement about the parameters.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from socinv.payers import Perspective, perspective_index
from socinv.scenarios.metrics import NEVER
from socinv.sensitivity.montecarlo import MonteCarloResult

PAYBACK_COLUMNS = ["perspective", "year", "prob_paid_back", "band_low", "band_high"]
#: z value of the 95 % Wilson interval
Z95 = 1.959963984540054


def wilson(p: np.ndarray, n: int, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a share ``p`` of ``n`` draws.

    Example:
        >>> lo, hi = wilson(np.array([0.5]), 100)
        >>> round(float(lo[0]), 4), round(float(hi[0]), 4)
        (0.4038, 0.5962)
    """
    den = 1 + z**2 / n
    mid = (p + z**2 / (2 * n)) / den
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / den
    return np.clip(mid - half, 0, 1), np.clip(mid + half, 0, 1)


def payback_curve(
    res: MonteCarloResult, perspectives: Sequence[Perspective | str] | None = None
) -> pd.DataFrame:
    """Tidy ``perspective, year, prob_paid_back, band_low, band_high`` with
    one row per perspective and calendar year of the horizon.

    Example:
        >>> from socinv.sensitivity import load_model, monte_carlo
        >>> m = load_model("data/scenarios/foster_care_school_support.yaml")
        >>> res = monte_carlo(m, 1000, seed=3)
        >>> c = payback_curve(res, ["society"])
        >>> float(c["prob_paid_back"].iloc[-1]) == float((res.npv["society"] >= 0).mean())
        True
    """
    cols = list(res.npv.columns)
    which = (
        list(range(len(cols)))
        if perspectives is None
        else [perspective_index(p) for p in perspectives]
    )
    t = np.arange(len(res.years))
    frames = []
    for j in which:
        be = res.break_even[:, j]
        be = np.where(be == NEVER, len(res.years), be)
        prob = (be[None, :] <= t[:, None]).mean(axis=1)
        lo, hi = wilson(prob, res.n)
        frames.append(
            pd.DataFrame(
                {
                    "perspective": cols[j],
                    "year": res.years.astype(int),
                    "prob_paid_back": prob,
                    "band_low": lo,
                    "band_high": hi,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[PAYBACK_COLUMNS]
