"""Global sensitivity: Sobol first- and total-order indices (SALib, optional
extra ``sobol``) on the same batch evaluation as every other analysis.

Inputs are sampled on the unit hypercube (Saltelli/Sobol' sequence) and
mapped through each parameter's inverse CDF. The indices and their sampling
scheme: Sobol' (2001), *Mathematics and Computers in Simulation* 55:271-280;
Saltelli (2002), *Computer Physics Communications* 145:280-297; Saltelli et
al. (2010), *Computer Physics Communications* 181:259-270. Sobol indices assume
independent inputs: declared rank correlations are ignored here (a warning
says so).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from socinv.errors import ParameterError
from socinv.payers import PERSPECTIVES, Perspective, perspective_index
from socinv.scenarios.compile import Model
from socinv.sensitivity._eval import check_metric, evaluate
from socinv.sensitivity.montecarlo import DEFAULT_CHUNK, MissingExtraError
from socinv.sensitivity.parameters import Uncertainty, uncertainty

FloatArray = npt.NDArray[np.float64]


def sobol_indices(
    model: Model,
    unc: Uncertainty | None = None,
    *,
    n: int = 1024,
    seed: int = 0,
    perspectives: Sequence[Perspective | str] = (Perspective.SOCIETY,),
    metric: str = "npv",
    chunk_size: int = DEFAULT_CHUNK,
    num_resamples: int = 100,
) -> pd.DataFrame:
    """Sobol indices of ``metric`` for each varying parameter of ``unc``.

    ``n`` is the base sample size (a power of 2; the model is evaluated
    ``n x (k + 2)`` times for ``k`` parameters). Columns: ``perspective,
    parameter, S1, S1_conf, ST, ST_conf`` (confidence: 95 % bootstrap
    half-width), sorted by ``ST`` descending within each perspective.
    """
    try:
        from SALib.analyze import sobol as sobol_analyze
        from SALib.sample import sobol as sobol_sample
    except ImportError:
        raise MissingExtraError("Sobol indices need SALib: pip install 'socinv[sobol]'") from None
    metric = check_metric(metric)
    if n < 2 or n & (n - 1):
        raise ParameterError(f"Sobol base sample size n must be a power of 2 (>= 2), got {n}")
    if unc is None:
        unc = uncertainty(model)
    names = list(unc.varying)
    if not names:
        raise ParameterError(
            f"scenario {model.scenario.name!r}: no parameter has a (non-fixed) distribution; "
            "declare distributions in the scenario's uncertainty block"
        )
    if unc.groups:
        warnings.warn(
            "Sobol indices assume independent parameters; the declared rank correlations "
            "are ignored",
            stacklevel=2,
        )
    pos = [unc.names.index(nm) for nm in names]
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    u = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    full = np.full((u.shape[0], len(unc)), 0.5)
    full[:, pos] = u
    values = unc.ppf(full)  # fixed parameters keep their value whatever u
    which = [perspective_index(p) for p in perspectives]
    y = np.empty((u.shape[0], len(which)))
    for start in range(0, u.shape[0], chunk_size):
        stop = min(start + chunk_size, u.shape[0])
        m = evaluate(model, unc.theta(model, values[start:stop]))
        y[start:stop] = getattr(m, metric)[:, which]
    frames = []
    for k, j in enumerate(which):
        if np.isnan(y[:, k]).any():
            raise ParameterError(
                f"{metric} is undefined for the {PERSPECTIVES[j].value} perspective in some "
                "draws (a ratio where it invests nothing); use npv"
            )
        if np.ptp(y[:, k]) == 0.0:
            s1 = st = np.zeros(len(names))
            s1c = stc = np.zeros(len(names))
        else:
            res = sobol_analyze.analyze(
                problem,
                y[:, k],
                calc_second_order=False,
                num_resamples=num_resamples,
                seed=seed,
                print_to_console=False,
            )
            s1, s1c, st, stc = res["S1"], res["S1_conf"], res["ST"], res["ST_conf"]
        df = pd.DataFrame(
            {
                "perspective": PERSPECTIVES[j].value,
                "parameter": names,
                "S1": s1,
                "S1_conf": s1c,
                "ST": st,
                "ST_conf": stc,
            }
        )
        frames.append(df.sort_values("ST", ascending=False, kind="stable"))
    return pd.concat(frames, ignore_index=True)
