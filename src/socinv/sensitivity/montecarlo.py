"""Monte Carlo on the compiled model: vectorised over draws, chunked, seeded,
and runnable on any executor with the same result.

Reproducibility contract: draws are generated in fixed blocks of
:data:`BLOCK` draws; block ``k`` uses its own generator seeded with
``SeedSequence(seed, spawn_key=(k,))``. A chunk of draws ``[start, stop)``
regenerates the blocks it overlaps and keeps its rows, so the draws — and
every result — depend only on ``seed`` and ``n``, never on the chunk size,
the executor or the number of workers.

Each block is evaluated as one batch: parameter vectors ``theta`` (BLOCK,
n_params) -> :meth:`Model.group_costs` -> :func:`compute_metrics`. Memory is
bounded by the block size whatever ``n``; only the per-draw NPV and
break-even year of each perspective (and, on request, the drawn parameter
values) are kept. Chunks (default :data:`DEFAULT_CHUNK` draws) are the units
of work handed to an executor.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from socinv.errors import ParameterError, SocinvError
from socinv.payers import PERSPECTIVES
from socinv.scenarios.compile import Model
from socinv.scenarios.kernel import evaluate_npv
from socinv.scenarios.metrics import NEVER
from socinv.sensitivity.parameters import Uncertainty, uncertainty

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: draws per random block (part of the seed contract: changing it changes draws)
BLOCK = 1024
#: bytes the working arrays of one evaluation batch may take (see :func:`eval_batch`)
MEMORY_BUDGET = 64 * 2**20
#: default draws per chunk (a unit of work for an executor; a multiple of BLOCK
#: avoids evaluating blocks twice)
DEFAULT_CHUNK = 8 * BLOCK

_PERSP = [p.value for p in PERSPECTIVES]


class MissingExtraError(SocinvError, ImportError):
    """An optional dependency is needed for this feature."""


def block_generator(seed: int, block: int) -> np.random.Generator:
    """The random generator of block ``block`` of a run with ``seed``."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block,))))


def draw_range(unc: Uncertainty, seed: int, start: int, stop: int) -> FloatArray:
    """Parameter values of draws ``start..stop-1`` ``(stop - start, len(unc))``,
    identical however the range is split."""
    if stop <= start:
        return np.empty((0, len(unc)))
    parts = []
    for k in range(start // BLOCK, (stop - 1) // BLOCK + 1):
        values = unc.sample(block_generator(seed, k), BLOCK)
        lo = max(start - k * BLOCK, 0)
        hi = min(stop - k * BLOCK, BLOCK)
        parts.append(values[lo:hi])
    return np.concatenate(parts, axis=0)


def eval_batch(model: Model, budget: int | None = None) -> int:
    """Draws evaluated per call of the cost formula: the largest power of two
    up to :data:`BLOCK` whose working arrays fit in ``budget`` bytes
    (default :data:`MEMORY_BUDGET`). It depends on the model only (its rows,
    effects and years), so every draw is evaluated in the same batch however
    the run is chunked or spread over workers."""
    budget = MEMORY_BUDGET if budget is None else budget
    T, rows, effects = model.n_years, len(model.rows), len(model.effects)
    n_pay, n_persp = len(PERSPECTIVES) - 2, len(PERSPECTIVES)
    floats = effects * T + 3 * rows * n_pay + 4 * n_pay * T + 2 * n_persp * T + len(model.params)
    if model.scenario.intervention.episodes is not None or model._multi_effect_rows:
        floats += 3 * rows * T + 3 * n_pay * T  # the arms are evaluated row by year
    per_draw = 8 * floats
    batch = BLOCK
    while batch > 1 and batch * per_draw > budget:
        batch //= 2
    return batch


def run_chunk(
    model: Model, unc: Uncertainty, seed: int, start: int, stop: int, keep_draws: bool = False
) -> tuple[FloatArray, IntArray, FloatArray | None]:
    """Evaluate draws ``start..stop-1``: NPV ``(m, perspectives)`` (SEK,
    price year), break-even model year (-1 never) and optionally the draws.

    Each block of :data:`BLOCK` draws is drawn whole and evaluated in
    batches of :func:`eval_batch` draws, whatever part of it the chunk
    needs, so every draw's result is bit-for-bit the same however the run is
    chunked (batched linear algebra may round differently for different
    batch shapes).
    """
    m = stop - start
    npv = np.empty((m, len(PERSPECTIVES)))
    be = np.empty((m, len(PERSPECTIVES)), dtype=np.int64)
    kept = np.empty((m, len(unc))) if keep_draws else None
    batch = eval_batch(model)
    with _one_blas_thread():
        for k in range(start // BLOCK, (stop - 1) // BLOCK + 1):
            _run_block(model, unc, seed, k, start, stop, batch, npv, be, kept)
    return npv, be, kept


def _one_blas_thread() -> contextlib.AbstractContextManager[object]:
    """Limit BLAS to one thread while evaluating, if ``threadpoolctl`` is
    installed: the many small matrix products of a block run about twice as
    fast single-threaded (see benchmarks/README.md), and parallelism comes
    from running chunks side by side. Without it: no change (set
    ``OPENBLAS_NUM_THREADS=1`` instead)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    limits: contextlib.AbstractContextManager[object] = threadpool_limits(limits=1, user_api="blas")
    return limits


def _run_block(
    model: Model,
    unc: Uncertainty,
    seed: int,
    k: int,
    start: int,
    stop: int,
    batch: int,
    npv: FloatArray,
    be: IntArray,
    kept: FloatArray | None,
) -> None:
    """Draw block ``k``, evaluate it in batches of ``batch`` draws and write
    the rows in ``start..stop-1`` into ``npv``, ``be`` and ``kept`` (whose
    row 0 is draw ``start``)."""
    values = unc.sample(block_generator(seed, k), BLOCK)
    lo = max(start - k * BLOCK, 0)
    hi = min(stop - k * BLOCK, BLOCK)
    out = k * BLOCK + lo - start  # row of the block's draw lo in the chunk's arrays
    for b0 in range((lo // batch) * batch, hi, batch):
        first = k * BLOCK + b0
        try:
            npv_b, be_b = evaluate_npv(model, unc.theta(model, values[b0 : b0 + batch]))
        except ParameterError as exc:
            raise ParameterError(
                f"Monte Carlo block {k} (draws {first}..{first + batch - 1}, seed {seed}; "
                f"the draw number below counts from draw {first}): {exc}; narrow the "
                "distributions so that every draw is a valid value"
            ) from None
        i0, i1 = max(b0, lo), min(b0 + batch, hi)
        npv[out + i0 - lo : out + i1 - lo] = npv_b[i0 - b0 : i1 - b0]
        be[out + i0 - lo : out + i1 - lo] = be_b[i0 - b0 : i1 - b0]
    if kept is not None:
        kept[out : out + hi - lo] = values[lo:hi]


@dataclass(frozen=True)
class MonteCarloResult:
    """Per-draw results of a Monte Carlo run (money: SEK in ``price_year``
    prices, present values at the scenario's discounting base year)."""

    scenario: str
    n: int
    seed: int
    price_year: int
    years: IntArray  # calendar year of each model year
    npv_base: FloatArray  # (perspectives,) NPV at the base values
    npv: pd.DataFrame  # one row per draw, one column per perspective
    break_even: IntArray  # (n, perspectives) model-year index, -1 never
    draws: pd.DataFrame | None
    uncertainty: Uncertainty

    def summary(self, *, formatted: bool = False) -> pd.DataFrame:
        """Per perspective: NPV ``mean``, ``sd``, ``mcse`` (Monte Carlo standard
        error of the mean, sd / sqrt(n)), ``median``, ``p2_5``, ``p97_5``,
        ``prob_positive`` (share of draws with NPV > 0), ``npv_base`` (at the
        base values), ``prob_break_even`` (share that breaks even within the
        horizon) and ``break_even_median_year`` (median calendar year of break-even
        counting "never" as later than any year; <NA> when at least half never
        break even). SEK in the price year; ``formatted`` gives it as text."""
        df = self._summary.copy()
        if not formatted:
            return df
        from socinv._display import format_frame

        money = ("mean", "sd", "mcse", "median", "p2_5", "p97_5", "npv_base")
        return format_frame(
            df,
            money=money,
            shares=("prob_positive", "prob_break_even"),
            ints=("break_even_median_year",),
        )

    @cached_property
    def _summary(self) -> pd.DataFrame:
        x = self.npv.to_numpy()
        sd = x.std(axis=0, ddof=1) if self.n > 1 else np.zeros(x.shape[1])
        be = np.where(self.break_even == NEVER, np.iinfo(np.int64).max, self.break_even)
        med_idx = np.sort(be, axis=0)[(self.n - 1) // 2]
        med_year = pd.Series(
            [
                pd.NA if int(i) == np.iinfo(np.int64).max else int(self.years[int(i)])
                for i in med_idx
            ],
            dtype="Int64",
        )
        df = pd.DataFrame(
            {
                "mean": x.mean(axis=0),
                "sd": sd,
                "mcse": sd / np.sqrt(self.n),
                "median": np.median(x, axis=0),
                "p2_5": np.percentile(x, 2.5, axis=0),
                "p97_5": np.percentile(x, 97.5, axis=0),
                "prob_positive": (x > 0).mean(axis=0),
                "npv_base": self.npv_base,
                "prob_break_even": (self.break_even != NEVER).mean(axis=0),
            },
            index=pd.Index(_PERSP, name="perspective"),
        )
        df["break_even_median_year"] = med_year.array
        df.attrs["varied"] = list(self.uncertainty.varying)
        df.attrs["fixed"] = [f.name for f in self.uncertainty.fixed]
        df.attrs["warnings"] = list(self.uncertainty.warnings)
        return df

    def varied(self) -> pd.DataFrame:
        """The parameters drawn: ``name, distribution, mean, source, label``."""
        t = self.uncertainty.table()
        return t[t["name"].isin(self.uncertainty.varying)].reset_index(drop=True)

    def fixed(self) -> pd.DataFrame:
        """Parameters the scenario sets that stayed fixed: ``name, label,
        value, reason, invented``."""
        return self.uncertainty.fixed_table()

    @property
    def warnings(self) -> tuple[str, ...]:
        """Where the result hinges on a fixed invented input (plain sentences)."""
        return self.uncertainty.warnings

    def tidy(self) -> pd.DataFrame:
        """Per-draw results in long form: ``draw, perspective, metric, value``
        with metrics ``npv`` (SEK, price year) and ``break_even_year``
        (calendar year, NaN never within the horizon)."""
        n, names = self.n, list(self.npv.columns)
        years = np.where(
            self.break_even == NEVER,
            np.nan,
            self.years[np.clip(self.break_even, 0, None)].astype(float),
        )
        parts = [("npv", self.npv.to_numpy()), ("break_even_year", years)]
        return pd.concat(
            [
                pd.DataFrame(
                    {
                        "draw": np.repeat(np.arange(n), len(names)),
                        "perspective": np.tile(names, n),
                        "metric": metric,
                        "value": values.reshape(-1),
                    }
                )
                for metric, values in parts
            ],
            ignore_index=True,
        )

    def __repr__(self) -> str:
        from socinv.formatting import sek

        mean = float(self.npv["society"].mean())
        return (
            f"<MonteCarloResult {self.scenario!r}: {self.n} draws, seed {self.seed}, "
            f"society NPV mean {sek(mean, unit='SEK')} ({self.price_year} prices)>"
        )

    def _repr_html_(self) -> str:
        from socinv._display import html

        return html(repr(self)[1:-1], self.summary(formatted=True))

    def break_even_distribution(self) -> pd.DataFrame:
        """Tidy distribution of the break-even year: ``perspective, year``
        (calendar year, <NA> = never within the horizon), ``draws``, ``share``."""
        rows = []
        for j, p in enumerate(_PERSP):
            vals, counts = np.unique(self.break_even[:, j], return_counts=True)
            for v, c in zip(vals, counts, strict=True):
                year = pd.NA if v == NEVER else int(self.years[int(v)])
                rows.append((p, year, int(c), c / self.n))
        df = pd.DataFrame(rows, columns=["perspective", "year", "draws", "share"])
        df["year"] = df["year"].astype("Int64")
        return df


def _chunks(n: int, chunk_size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, n, chunk_size):
        yield start, min(start + chunk_size, n)


def _default_chunk(n: int, executor: object) -> int:
    """Serial: :data:`DEFAULT_CHUNK`. With an executor: about four chunks per
    worker, rounded up to whole blocks, at most :data:`DEFAULT_CHUNK`."""
    if executor is None:
        return DEFAULT_CHUNK
    workers = getattr(executor, "_max_workers", None) or os.cpu_count() or 1
    blocks = -(-n // BLOCK)
    per_chunk = max(1, -(-blocks // (4 * int(workers))))
    return min(per_chunk * BLOCK, DEFAULT_CHUNK)


def _dask_client(spec: str) -> Any:
    try:
        from dask.distributed import Client
    except ImportError:
        raise MissingExtraError(
            "distributed Monte Carlo needs dask: pip install 'socinv[dask]'"
        ) from None
    address = spec.removeprefix("dask").removeprefix("://") or None
    client = Client(address) if address else Client(processes=False)  # type: ignore[no-untyped-call, unused-ignore]
    return client


def _is_dask_client(obj: object) -> bool:
    return all(hasattr(obj, a) for a in ("scatter", "gather", "map", "submit"))


def monte_carlo(
    model: Model,
    n: int,
    seed: int,
    unc: Uncertainty | None = None,
    *,
    chunk_size: int | None = None,
    executor: Executor | Any | str | None = None,
    progress: bool = False,
    keep_draws: bool = False,
) -> MonteCarloResult:
    """``n`` Monte Carlo draws with ``seed`` from ``unc`` (default: the
    scenario's ``uncertainty:`` block plus catalogue low/high PERTs).

    ``executor``: ``None`` (serial), any :class:`concurrent.futures.Executor`,
    a ``dask.distributed.Client``, or ``"dask"`` / ``"dask://host:port"`` to
    start or connect one (needs ``socinv[dask]``). The result is identical
    for every executor and ``chunk_size``. ``chunk_size`` (draws per unit of
    work) defaults to :data:`DEFAULT_CHUNK` when serial and to about a quarter
    of each worker's share (a multiple of :data:`BLOCK`) with an executor.
    ``progress`` shows a tqdm bar.

    Correlated parameters are drawn through a Gaussian copula (the rank
    correlation construction of Iman & Conover, 1982, *Communications in
    Statistics – Simulation and Computation* 11(3):311-334); see
    :mod:`socinv.sensitivity.parameters`.

    Example:
        >>> import socinv
        >>> from socinv.sensitivity import monte_carlo
        >>> model = socinv.load_model("data/scenarios/foster_care_school_support.yaml")
        >>> res = monte_carlo(model, 300, seed=7)
        >>> res.npv.shape
        (300, 7)
        >>> again = monte_carlo(model, 300, seed=7, chunk_size=100)
        >>> bool((again.npv == res.npv).all().all())
        True
    """
    if not isinstance(n, int | np.integer) or n < 1:
        raise ParameterError(f"Monte Carlo needs n >= 1 draws, got {n!r}")
    if not isinstance(seed, int | np.integer) or seed < 0:
        raise ParameterError(f"Monte Carlo needs a seed that is an integer >= 0, got {seed!r}")
    n, seed = int(n), int(seed)
    if chunk_size is None:
        chunk_size = _default_chunk(n, executor)
    if chunk_size < 1:
        raise ParameterError(f"chunk_size must be >= 1, got {chunk_size!r}")
    if unc is None:
        unc = uncertainty(model)
    elif unc.scenario != model.scenario.name or any(
        model.param_index.get(nm) != int(c) for nm, c in zip(unc.names, unc.columns, strict=True)
    ):
        raise ParameterError(
            f"the uncertainty was built for scenario {unc.scenario!r}, not for this model "
            f"({model.scenario.name!r}); build it with uncertainty(model)"
        )
    if len(unc.varying) == 0:
        warnings.warn(
            f"scenario {model.scenario.name!r}: no parameter has a distribution; every draw "
            "equals the deterministic result",
            stacklevel=2,
        )
    for note in unc.warnings:
        warnings.warn(note, stacklevel=2)
    chunks = list(_chunks(n, chunk_size))
    own_client = None
    if isinstance(executor, str):
        if not executor.startswith("dask"):
            raise ParameterError(f"unknown executor {executor!r}; use 'dask' or 'dask://host:port'")
        executor = own_client = _dask_client(executor)
    bar = _progress_bar(n, progress)
    npv = np.empty((n, len(PERSPECTIVES)))
    be = np.empty((n, len(PERSPECTIVES)), dtype=np.int64)
    kept = np.empty((n, len(unc))) if keep_draws else None

    def store(a: int, b: int, r: tuple[FloatArray, IntArray, FloatArray | None]) -> None:
        npv[a:b], be[a:b] = r[0], r[1]
        if kept is not None and r[2] is not None:
            kept[a:b] = r[2]
        if bar is not None:
            bar.update(b - a)

    try:
        if executor is None:
            for a, b in chunks:
                store(a, b, run_chunk(model, unc, seed, a, b, keep_draws))
        elif isinstance(executor, Executor):
            futures: list[Any] = [
                executor.submit(run_chunk, model, unc, seed, a, b, keep_draws) for a, b in chunks
            ]
            for i, (a, b) in enumerate(chunks):
                store(a, b, futures[i].result())
                futures[i] = None  # free the chunk's result
        else:
            client: Any = executor
            if not _is_dask_client(client):
                raise ParameterError(
                    "executor must be a concurrent.futures.Executor, a dask.distributed.Client "
                    f"or 'dask', got {type(executor).__name__}"
                )
            m_fut, u_fut = client.scatter([model, unc], broadcast=True)
            dfutures: list[Any] = [
                client.submit(run_chunk, m_fut, u_fut, seed, a, b, keep_draws, pure=False)
                for a, b in chunks
            ]
            for i, (a, b) in enumerate(chunks):
                store(a, b, dfutures[i].result())
                dfutures[i] = None
    finally:
        if bar is not None:
            bar.close()
        if own_client is not None:
            own_client.close()
    draws = None if kept is None else pd.DataFrame(kept, columns=list(unc.names), copy=False)
    base = evaluate_npv(model, model.base_theta[None, :])[0][0]
    return MonteCarloResult(
        scenario=model.scenario.name,
        n=n,
        seed=seed,
        price_year=model.price_year,
        years=model.years,
        npv_base=base,
        npv=pd.DataFrame(npv, columns=_PERSP, copy=False),
        break_even=be,
        draws=draws,
        uncertainty=unc,
    )


def _progress_bar(total: int, enabled: bool) -> Any:
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        warnings.warn(
            "progress bar needs tqdm: pip install 'socinv[progress]'; running without it",
            stacklevel=3,
        )
        return None
    return tqdm(total=total, unit="draw", desc="Monte Carlo")
