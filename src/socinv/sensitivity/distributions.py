"""Probability distributions for uncertain parameters.

Declared in scenario files (``uncertainty:`` block) or in code, each as a
mapping with a ``dist`` key, e.g. ``{dist: pert, low: 3000, mode: 4000,
high: 6000}``. Every distribution can

* ``sample(rng, n)`` — draw ``n`` values with numpy's native generators
  (fast; used for independent parameters in Monte Carlo);
* ``ppf(u)`` — the inverse CDF (quantile function), used for the 2.5/97.5 %
  one-way range, for correlated parameters (Gaussian copula) and for Sobol;
* ``support()`` and ``mean`` — for validation and for reports.

Parameters of a distribution are in the parameter's own unit (SEK in the
scenario's price year for unit costs, a share for probabilities).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from scipy import special

from socinv.errors import ScenarioError

FloatArray = npt.NDArray[np.float64]
Finite = Annotated[float, Field(allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]

#: smallest and largest u passed to an inverse CDF (keeps unbounded tails finite)
U_EPS = 1e-12


def _u(u: npt.ArrayLike) -> FloatArray:
    out: FloatArray = np.clip(np.asarray(u, dtype=float), U_EPS, 1.0 - U_EPS)
    return out


class _Dist(BaseModel, ABC):
    """What every distribution provides (pydantic's model metaclass is an ABCMeta)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    dist: str

    @abstractmethod
    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        """``n`` independent draws."""

    @abstractmethod
    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        """Inverse CDF at probabilities ``u`` (clipped to [1e-12, 1 - 1e-12])."""

    @abstractmethod
    def support(self) -> tuple[float, float]:
        """Smallest and largest possible value (may be infinite)."""

    @property
    @abstractmethod
    def mean(self) -> float:
        """Expected value."""

    @property
    def is_fixed(self) -> bool:
        return False

    def describe(self) -> str:
        """Short text, e.g. ``pert(low=3000, mode=4000, high=6000)``."""
        fields = self.model_dump(exclude={"dist"}, exclude_none=True, by_alias=True)
        return f"{self.dist_name}({', '.join(f'{k}={v:g}' for k, v in fields.items())})"

    @property
    def dist_name(self) -> str:
        return str(self.dist)


class Normal(_Dist):
    """Normal with ``mean`` and standard deviation ``sd``."""

    dist: Literal["normal"] = "normal"
    mean_: Finite = Field(alias="mean")
    sd: Positive

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.normal(self.mean_, self.sd, n)

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        return np.asarray(self.mean_ + self.sd * special.ndtri(_u(u)), dtype=float)

    def support(self) -> tuple[float, float]:
        return (-math.inf, math.inf)

    @property
    def mean(self) -> float:
        return self.mean_

    def describe(self) -> str:
        return f"normal(mean={self.mean_:g}, sd={self.sd:g})"


class LogNormal(_Dist):
    """Lognormal given by the ``mean`` and ``sd`` of the value itself (not of
    its logarithm); for positive quantities with a right tail (costs). With
    ``lower``/``upper`` it is truncated to that range (``mean`` and ``sd``
    then describe it before truncation); used for relative risks that must
    keep a probability at most 1."""

    dist: Literal["lognormal"] = "lognormal"
    mean_: Positive = Field(alias="mean")
    sd: Positive
    lower: Positive | None = None
    upper: Positive | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _bounds(self) -> LogNormal:
        if self.lower is not None and self.upper is not None and self.lower >= self.upper:
            raise ValueError("lognormal needs lower < upper")
        return self

    @property
    def sigma(self) -> float:
        return math.sqrt(math.log1p((self.sd / self.mean_) ** 2))

    @property
    def mu(self) -> float:
        return math.log(self.mean_) - 0.5 * self.sigma**2

    def _z(self, bound: float | None, default: float) -> float:
        return default if bound is None else (math.log(bound) - self.mu) / self.sigma

    def _cdf_range(self) -> tuple[float, float]:
        return (
            float(special.ndtr(self._z(self.lower, -math.inf))),
            float(special.ndtr(self._z(self.upper, math.inf))),
        )

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        if self.lower is None and self.upper is None:
            return rng.lognormal(self.mu, self.sigma, n)
        return self.ppf(rng.random(n))

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        f_lo, f_hi = self._cdf_range()
        q = f_lo + _u(u) * (f_hi - f_lo)
        out = np.exp(self.mu + self.sigma * special.ndtri(np.clip(q, U_EPS, 1.0 - U_EPS)))
        return np.asarray(
            np.clip(out, self.lower or 0.0, self.upper if self.upper else np.inf), dtype=float
        )

    def support(self) -> tuple[float, float]:
        return (self.lower or 0.0, math.inf if self.upper is None else self.upper)

    @property
    def mean(self) -> float:
        if self.lower is None and self.upper is None:
            return self.mean_
        z_lo, z_hi = self._z(self.lower, -math.inf), self._z(self.upper, math.inf)
        part = special.ndtr(z_hi - self.sigma) - special.ndtr(z_lo - self.sigma)
        return float(self.mean_ * part / (special.ndtr(z_hi) - special.ndtr(z_lo)))

    def describe(self) -> str:
        cut = "" if self.lower is None else f", lower={self.lower:.4g}"
        cut += "" if self.upper is None else f", upper={self.upper:.4g}"
        return f"lognormal(mean={self.mean_:g}, sd={self.sd:g}{cut})"


class Gamma(_Dist):
    """Gamma by ``mean`` and ``sd``, or by ``shape`` and ``scale``; for
    positive quantities (costs, counts of days)."""

    dist: Literal["gamma"] = "gamma"
    mean_: Positive | None = Field(default=None, alias="mean")
    sd: Positive | None = None
    shape: Positive | None = None
    scale: Positive | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one_form(self) -> Gamma:
        by_moments = self.mean_ is not None and self.sd is not None
        by_shape = self.shape is not None and self.scale is not None
        mixed = (self.mean_ is None) != (self.sd is None) or (self.shape is None) != (
            self.scale is None
        )
        if by_moments == by_shape or mixed:
            raise ValueError("gamma needs either mean and sd, or shape and scale")
        return self

    @property
    def k(self) -> float:
        if self.shape is not None:
            return self.shape
        assert self.mean_ is not None and self.sd is not None
        return (self.mean_ / self.sd) ** 2

    @property
    def theta(self) -> float:
        if self.scale is not None:
            return self.scale
        assert self.mean_ is not None and self.sd is not None
        return self.sd**2 / self.mean_

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.gamma(self.k, self.theta, n)

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        return np.asarray(special.gammaincinv(self.k, _u(u)) * self.theta, dtype=float)

    def support(self) -> tuple[float, float]:
        return (0.0, math.inf)

    @property
    def mean(self) -> float:
        return self.k * self.theta


class Beta(_Dist):
    """Beta on (0, 1) by ``mean`` and ``sd``, or by shapes ``alpha`` and
    ``beta``; for probabilities, relative risks below 1 and shares."""

    dist: Literal["beta"] = "beta"
    mean_: Finite | None = Field(default=None, alias="mean")
    sd: Positive | None = None
    alpha: Positive | None = None
    beta: Positive | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one_form(self) -> Beta:
        by_moments = self.mean_ is not None and self.sd is not None
        by_shape = self.alpha is not None and self.beta is not None
        mixed = (self.mean_ is None) != (self.sd is None) or (self.alpha is None) != (
            self.beta is None
        )
        if by_moments == by_shape or mixed:
            raise ValueError("beta needs either mean and sd, or alpha and beta")
        if self.mean_ is not None and self.sd is not None:
            m, s = self.mean_, self.sd
            if not 0.0 < m < 1.0:
                raise ValueError(f"beta mean must be inside (0, 1), got {m:g}")
            if s * s >= m * (1.0 - m):
                raise ValueError(
                    f"beta sd {s:g} is too large for mean {m:g}: sd must be below "
                    f"sqrt(mean x (1 - mean)) = {math.sqrt(m * (1 - m)):.4g}"
                )
        return self

    @property
    def a(self) -> float:
        if self.alpha is not None:
            return self.alpha
        assert self.mean_ is not None and self.sd is not None
        m, s = self.mean_, self.sd
        return m * (m * (1 - m) / s**2 - 1)

    @property
    def b(self) -> float:
        if self.beta is not None:
            return self.beta
        assert self.mean_ is not None and self.sd is not None
        m, s = self.mean_, self.sd
        return (1 - m) * (m * (1 - m) / s**2 - 1)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.beta(self.a, self.b, n)

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        return np.asarray(special.betaincinv(self.a, self.b, _u(u)), dtype=float)

    def support(self) -> tuple[float, float]:
        return (0.0, 1.0)

    @property
    def mean(self) -> float:
        return self.a / (self.a + self.b)


class _Bounded(_Dist):
    low: Finite
    high: Finite

    @model_validator(mode="after")
    def _ordered(self) -> _Bounded:
        if not self.low < self.high:
            raise ValueError(
                f"{self.dist_name} needs low < high, got low {self.low:g} and high {self.high:g}"
            )
        mode = getattr(self, "mode", None)
        if mode is not None and not self.low <= mode <= self.high:
            raise ValueError(
                f"{self.dist_name} needs low <= mode <= high, got "
                f"{self.low:g} <= {mode:g} <= {self.high:g}"
            )
        return self

    def support(self) -> tuple[float, float]:
        return (self.low, self.high)


class Uniform(_Bounded):
    """Uniform between ``low`` and ``high``."""

    dist: Literal["uniform"] = "uniform"

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.uniform(self.low, self.high, n)

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        return np.asarray(self.low + (self.high - self.low) * _u(u), dtype=float)

    @property
    def mean(self) -> float:
        return 0.5 * (self.low + self.high)


class Triangular(_Bounded):
    """Triangular on ``low``..``high`` with peak at ``mode``."""

    dist: Literal["triangular"] = "triangular"
    mode: Finite

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.triangular(self.low, self.mode, self.high, n)

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        u = _u(u)
        a, c, b = self.low, self.mode, self.high
        fc = (c - a) / (b - a)
        left = a + np.sqrt(u * (b - a) * (c - a))
        right = b - np.sqrt((1 - u) * (b - a) * (b - c))
        return np.asarray(np.where(u < fc, left, right), dtype=float)

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3.0


class Pert(_Bounded):
    """(Modified) PERT on ``low``..``high`` with most likely value ``mode``: a
    beta distribution scaled to the range, with ``shape`` (default 4) setting
    how strongly values concentrate around the mode; mean
    ``(low + shape x mode + high) / (shape + 2)``."""

    dist: Literal["pert"] = "pert"
    mode: Finite
    shape: Positive = 4.0

    @property
    def a(self) -> float:
        return 1.0 + self.shape * (self.mode - self.low) / (self.high - self.low)

    @property
    def b(self) -> float:
        return 1.0 + self.shape * (self.high - self.mode) / (self.high - self.low)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return self.low + (self.high - self.low) * rng.beta(self.a, self.b, n)

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        return np.asarray(
            self.low + (self.high - self.low) * special.betaincinv(self.a, self.b, _u(u)),
            dtype=float,
        )

    @property
    def mean(self) -> float:
        return (self.low + self.shape * self.mode + self.high) / (self.shape + 2.0)


class Fixed(_Dist):
    """A fixed value (no uncertainty); useful to switch a parameter off."""

    dist: Literal["fixed"] = "fixed"
    value: Finite

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return np.full(n, self.value)

    def ppf(self, u: npt.ArrayLike) -> FloatArray:
        return np.full(np.shape(u), self.value)

    def support(self) -> tuple[float, float]:
        return (self.value, self.value)

    @property
    def mean(self) -> float:
        return self.value

    @property
    def is_fixed(self) -> bool:
        return True


Distribution = Annotated[
    Normal | LogNormal | Gamma | Beta | Uniform | Triangular | Pert | Fixed,
    Field(discriminator="dist"),
]
DISTRIBUTIONS: tuple[str, ...] = (
    "normal",
    "lognormal",
    "gamma",
    "beta",
    "uniform",
    "triangular",
    "pert",
    "fixed",
)
_ADAPTER: TypeAdapter[Distribution] = TypeAdapter(Distribution)

AnyDistribution = Normal | LogNormal | Gamma | Beta | Uniform | Triangular | Pert | Fixed


def parse_distribution(spec: Mapping[str, Any] | AnyDistribution, where: str) -> AnyDistribution:
    """Validate a distribution spec; :class:`ScenarioError` names ``where``
    (e.g. ``uncertainty.unit_cost.hvb``) and each problem."""
    if isinstance(spec, AnyDistribution):
        return spec
    if not isinstance(spec, Mapping):
        raise ScenarioError(
            f"{where}: expected a mapping such as {{dist: pert, low: ..., mode: ..., high: ...}}, "
            f"got {type(spec).__name__}"
        )
    kind = spec.get("dist")
    if kind not in DISTRIBUTIONS:
        raise ScenarioError(
            f"{where}: unknown or missing 'dist' {kind!r}; "
            f"expected one of {', '.join(DISTRIBUTIONS)}"
        )
    try:
        return _ADAPTER.validate_python(dict(spec))
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"][1:] if p != kind)
            msg = err["msg"].removeprefix("Value error, ")
            got = err.get("input")
            shown = "" if isinstance(got, dict) or got is None else f" (got {got!r})"
            problems.append(f"{loc + ': ' if loc else ''}{msg}{shown}")
        raise ScenarioError(f"{where}: {kind}: " + "; ".join(problems)) from None
