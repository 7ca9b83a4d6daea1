"""A plain-numpy implementation of the synthetic benchmark model, written
from the formulas (not from socinv's compiled arrays), to check socinv's
numbers and to time it against.

For draws ``n``, cost lines ``e``, payers ``p`` and years ``t``::

    a[n, e]    = unit_cost * quantity * probability * cohort size
    S[n, e, p] = the catalogue's payer split (a transfer: -1 for the person;
                 lost production: the tax wedge, the rest to the person)
    W[n, e, t] = 1 inside the episode's ages; in an effect's years
                 1 - (1 - rr * qf) * (1 - dropoff)^(age - first effect age)
    net[n, p, t] = sum_e a S (status quo) - sum_e a S W (intervention arm)
                   - sum_k a S (intervention costs)
    NPV[n, v]  = sum over the perspective's payers and years of the episodes'
                 net * (1 + r)^-(t + 1) (end of year) minus each intervention
                 cost * (1 + r)^-(t + o) with o = 0 at the start of the year
                 (the default), 0.5 mid-year, 1 at the end

Break-even: the first year from which the cumulative discounted net stays
at or above ``-1e-9`` times the size of the perspective's flows (``sum of
|a S| x years``) to the end of the horizon; -1 if it never does.

The inputs are the scenario dict of ``synthetic.py``, the catalogue rows (in
the scenario's price year) and the parameter draws by name (socinv's seeded
draws, so both implementations see the same numbers).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

PAYERS = ("municipality", "region", "state", "individual", "other")
PERSPECTIVES = {
    "municipality": ("municipality",),
    "region": ("region",),
    "state": ("state",),
    "individual": ("individual",),
    "other": ("other",),
    "public": ("municipality", "region", "state"),
    "society": PAYERS,
}


class Reference:
    """The synthetic scenario's inputs as plain arrays."""

    def __init__(
        self, data: Mapping[str, Any], items: Mapping[str, Any], wedge: Mapping[str, float]
    ) -> None:
        self.T = int(data["horizon_years"])
        ages = np.arange(self.T) + int(data["start_age"])
        self.cohort = float(data.get("cohort_size", 1.0))
        self.base: dict[str, float] = {}
        eps = data["status_quo"]["episodes"]
        self.ep_ids = [e["id"] for e in eps]
        self.ep_item = [e["item"] for e in eps]
        self.mask = np.array(
            [((ages >= e["from_age"]) & (ages <= e["to_age"])).astype(float) for e in eps]
        )
        for e in eps:
            self.base[f"episode.status_quo.{e['id']}.quantity"] = float(e["quantity"])
            self.base[f"episode.status_quo.{e['id']}.probability"] = float(
                e.get("probability", 1.0)
            )
        self.items = dict(items)
        for item in set(self.ep_item):
            self.base[f"unit_cost.{item}"] = float(items[item].value_sek)
        self.wedge = np.array([wedge["municipality"], wedge["region"], wedge["state"]])
        # effects: one per affected episode here
        self.effects = []
        for f in data["intervention"]["effects"]:
            e = self.ep_ids.index(f["episode"])
            ep = eps[e]
            lo = f.get("from_age", ep["from_age"])
            hi = f.get("to_age", ep["to_age"])
            where = ((ages >= lo) & (ages <= hi)).astype(float)
            since = np.clip(ages - lo, 0, None).astype(float)
            self.effects.append((f["id"], e, where, since))
            self.base[f"effect.{f['id']}.relative_risk"] = float(f["relative_risk"])
            self.base[f"effect.{f['id']}.quantity_factor"] = float(f.get("quantity_factor", 1.0))
            self.base[f"effect.{f['id']}.dropoff"] = float(f.get("dropoff", 0.0))
        self.costs = []
        self.cost_offset: dict[str, float] = {}
        for c in data["intervention"]["costs"]:
            cmask = ((ages >= c["from_age"]) & (ages <= c["to_age"])).astype(float)
            self.cost_offset[c["id"]] = {"start": 0.0, "mid": 0.5, "end": 1.0}[
                c.get("timing") or "start"
            ]
            if c.get("item"):
                self.base[f"cost.{c['id']}.quantity"] = float(c["quantity"])
                self.base[f"unit_cost.{c['item']}"] = float(items[c["item"]].value_sek)
                share = self._split(items[c["item"]])
                self.costs.append((c["id"], "item", c["item"], share, cmask))
            else:
                self.base[f"cost.{c['id']}.amount_sek"] = float(c["amount_sek"])
                share = np.array([1.0 if p == c["payer"] else 0.0 for p in PAYERS])
                self.costs.append((c["id"], "amount", None, share, cmask))
        self.base["discount.rate"] = float(data["discounting"]["rate"])

    def _split(self, item: Any) -> np.ndarray:
        share = np.array([float((item.payer or {}).get(p, 0.0)) for p in PAYERS])
        if item.kind.value == "transfer":
            share[PAYERS.index("individual")] -= 1.0
        return share

    def evaluate(self, draws: Mapping[str, np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
        """NPV ``(n, 7)`` in the order of :data:`PERSPECTIVES` and break-even
        year index ``(n, 7)`` (-1 never)."""

        def v(name: str) -> np.ndarray:
            x = draws.get(name)
            return np.full(n, self.base[name]) if x is None else np.asarray(x, dtype=float)

        E, T, P = len(self.ep_ids), self.T, len(PAYERS)
        a = np.empty((n, E))
        S = np.empty((n, E, P))
        for e, (eid, item) in enumerate(zip(self.ep_ids, self.ep_item, strict=True)):
            a[:, e] = (
                v(f"unit_cost.{item}")
                * v(f"episode.status_quo.{eid}.quantity")
                * v(f"episode.status_quo.{eid}.probability")
                * self.cohort
            )
            it = self.items[item]
            if it.kind.value == "production":
                S[:, e, :3] = self.wedge
                S[:, e, 3] = 1.0 - self.wedge.sum()
                S[:, e, 4] = 0.0
            else:
                S[:, e, :] = self._split(it)
        b = a[:, :, None] * S  # (n, E, P)
        # intervention-arm weights
        W = np.broadcast_to(self.mask, (n, E, T)).copy()
        for fid, e, where, since in self.effects:
            x = v(f"effect.{fid}.relative_risk") * v(f"effect.{fid}.quantity_factor")
            d = v(f"effect.{fid}.dropoff")
            decay = np.exp(np.log1p(-np.minimum(d, 1.0 - 2.0**-52))[:, None] * since[None, :])
            mult = 1.0 - (1.0 - x)[:, None] * decay
            W[:, e, :] *= np.where(where > 0, mult, 1.0)
        bt = np.ascontiguousarray(b.transpose(0, 2, 1))  # (n, P, E)
        sq = (bt.reshape(n * P, E) @ self.mask).reshape(n, P, T)
        iv = np.matmul(bt, W)
        cost = np.zeros((n, P, T))
        cost_disc = np.zeros((n, P, T))
        r = v("discount.rate")
        years = np.arange(T, dtype=float)
        # size of every flow (both arms carry the episodes; the costs once)
        flows = 2.0 * np.einsum("nep,e->np", np.abs(b), self.mask.sum(axis=1))
        for cid, kind, item, share, cmask in self.costs:
            if kind == "item":
                amount = v(f"unit_cost.{item}") * v(f"cost.{cid}.quantity") * self.cohort
            else:
                amount = v(f"cost.{cid}.amount_sek") * self.cohort
            bc = amount[:, None] * share[None, :]
            cost += bc[:, :, None] * cmask[None, None, :]
            fc = (1.0 + r)[:, None] ** -(years + self.cost_offset[cid])[None, :]
            cost_disc += bc[:, :, None] * (cmask[None, :] * fc)[:, None, :]
            flows += np.abs(bc) * cmask.sum()
        f = (1.0 + r)[:, None] ** -(years + 1.0)[None, :]
        cum = np.cumsum((sq - iv) * f[:, None, :] - cost_disc, axis=-1)  # (n, P, T)
        npv = np.empty((n, len(PERSPECTIVES)))
        be = np.empty((n, len(PERSPECTIVES)), dtype=np.int64)
        for j, payers in enumerate(PERSPECTIVES.values()):
            idx = [PAYERS.index(p) for p in payers]
            # status quo and intervention arm both count for the flows' size
            c = cum[:, idx, :].sum(axis=1)
            scale = flows[:, idx].sum(axis=1)
            npv[:, j] = c[:, -1]
            ok = c >= -1e-9 * np.maximum(scale, 1.0)[:, None]
            last_bad = np.where(~ok, np.arange(T)[None, :], -1).max(axis=1)
            be[:, j] = np.where(last_bad + 1 >= T, -1, last_bad + 1)
        return npv, be


def build(data: Mapping[str, Any]) -> Reference:
    """The reference for a scenario dict (shipped catalogue, default tax wedge)."""
    from socinv import load_catalogue
    from socinv.fiscal import default_tax_wedge

    cat = load_catalogue()
    price_year = int(data["price_year"])
    used = {e["item"] for e in data["status_quo"]["episodes"]} | {
        c["item"] for c in data["intervention"]["costs"] if c.get("item")
    }
    items = {i: cat.get(i).rebased(cat.cpi, price_year) for i in used}
    w = default_tax_wedge()
    return Reference(
        data, items, {"municipality": w.municipality, "region": w.region, "state": w.state}
    )
