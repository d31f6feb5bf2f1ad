"""An incremental plan with O(1) feasibility checks: the engine of the greedy method and of every repair.

Only *monotone* rules are checked on ``add`` (per-person limits, batches a year, budgets, prerequisites);
minimum class sizes are restored afterwards by :meth:`PlanState.fix_min_class`. A plan leaves this module only
through :meth:`PlanState.is_feasible`-checked paths, and is checked again independently by ``check.py``.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable

import numpy as np

from .compiled import BIG, Compiled, fbincount

EPS = 1e-9


def _csr(keys: np.ndarray, n: int) -> tuple[list[int], np.ndarray]:
    order = np.argsort(keys, kind="stable")
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=start[1:])
    return start.tolist(), order


class PlanState:
    def __init__(
        self, c: Compiled, *, limit: np.ndarray | None = None, max_batches: np.ndarray | None = None
    ):
        self.c = c
        self.P, self.E, self.A, self.R = c.P, c.E, c.A, c.R
        self.pe = c.pe.tolist()
        self.pa = c.pa.tolist()
        self.pair_start = c.pair_start.tolist()
        self.allowed = (~(c.excluded | c.blocked)).tolist()
        self.locked = c.locked.tolist()
        self.w_jp = c.a_jp.tolist()
        self.a_days = c.a_days.tolist()
        self.a_cap = [int(v) for v in c.a_cap.tolist()]
        self.a_min = [int(v) for v in c.a_min.tolist()]
        mb = c.a_maxb if max_batches is None else max_batches
        self.a_maxb = [int(v) for v in mb.tolist()]
        self.seats = [b * cap for b, cap in zip(self.a_maxb, self.a_cap, strict=True)]  # a year's seats
        self.a_cpp = c.a_cpp.tolist()
        self.a_fix = c.a_fix.tolist()
        self.need = c.need.tolist()
        self.room = c.jp_room.tolist()
        self.max_act = c.max_act.tolist()
        self.max_days = c.max_days.tolist()
        self.limit = (c.limit if limit is None else limit).tolist()
        self.lam = c.lam
        self.gv = c.gv.tolist()
        self.gw = c.gw.tolist()
        # links by pair
        self.l_start, order = _csr(c.lp, self.P)
        self.l_g = c.lg[order].tolist()
        self.l_v = c.lv[order].tolist()
        # budget rows by pair and by activity (batch costs)
        self.bp_start, order = _csr(c.bp_p, self.P)
        self.bp_r = c.bp_r[order].tolist()
        self.bp_v = c.bp_v[order].tolist()
        self.ba_start, order = _csr(c.ba_a, self.A)
        self.ba_r = c.ba_r[order].tolist()
        self.ba_v = c.ba_v[order].tolist()
        # prerequisites: pair -> pairs it needs, pair -> pairs needing it
        self.needs: dict[int, list[int]] = {}
        self.needed_by: dict[int, list[int]] = {}
        for p, q in zip(c.pre_p.tolist(), c.pre_q.tolist(), strict=True):
            self.needs.setdefault(p, []).append(q)
            self.needed_by.setdefault(q, []).append(p)
        # state
        self.x = [False] * self.P
        self.n_act = [0] * self.E
        self.days = [0.0] * self.E
        self.jp = [0.0] * self.E
        self.cov = [0.0] * c.G
        self.n = [0] * self.A
        self.spend = [0.0] * self.R

    # -- values --------------------------------------------------------------------------------------------
    def gain(self, p: int) -> float:
        """Objective change from adding pair p (>= 0)."""
        v = 0.0
        gv, cov, gw, lg, lv = self.gv, self.cov, self.gw, self.l_g, self.l_v
        for i in range(self.l_start[p], self.l_start[p + 1]):
            g = lg[i]
            room = gv[g] - cov[g]
            if room > EPS:
                v += gw[g] * min(room, lv[i])
        e = self.pe[p]
        r = self.need[e] - self.jp[e]
        if r > EPS:
            v += self.lam * min(r, self.w_jp[self.pa[p]])
        return v

    def loss(self, p: int) -> float:
        """Objective change from removing assigned pair p (>= 0)."""
        v = 0.0
        gv, cov, gw, lg, lv = self.gv, self.cov, self.gw, self.l_g, self.l_v
        for i in range(self.l_start[p], self.l_start[p + 1]):
            g = lg[i]
            before = min(gv[g], cov[g])
            after = min(gv[g], cov[g] - lv[i])
            v += gw[g] * (before - after)
        e = self.pe[p]
        before = min(self.need[e], self.jp[e])
        after = min(self.need[e], self.jp[e] - self.w_jp[self.pa[p]])
        v += self.lam * (before - after)
        return float(v)

    def objective(self) -> float:
        val = sum(w * min(g, cv) for w, g, cv in zip(self.gw, self.gv, self.cov, strict=True))
        return float(val + self.lam * sum(min(n, j) for n, j in zip(self.need, self.jp, strict=True)))

    def batches(self, a: int) -> int:
        return -(-self.n[a] // self.a_cap[a])

    def unit_cost(self, p: int) -> float:
        a = self.pa[p]
        return float(self.a_cpp[a] + self.a_fix[a] / self.a_cap[a])

    # -- feasibility ---------------------------------------------------------------------------------------
    def can_add(self, p: int, *, ignore_prereq: bool = False) -> bool:
        if self.x[p] or not self.allowed[p]:
            return False
        e, a = self.pe[p], self.pa[p]
        if self.n_act[e] + 1 > self.max_act[e] + EPS:
            return False
        if self.days[e] + self.a_days[a] > self.max_days[e] + EPS:
            return False
        if self.jp[e] + self.w_jp[a] > self.room[e] + EPS:
            return False
        if not ignore_prereq:
            for q in self.needs.get(p, ()):
                if not self.x[q]:
                    return False
        n1 = self.n[a] + 1
        if n1 > self.a_maxb[a] * self.a_cap[a]:
            return False
        spend, limit = self.spend, self.limit
        for i in range(self.bp_start[p], self.bp_start[p + 1]):
            r = self.bp_r[i]
            if spend[r] + self.bp_v[i] > limit[r] + EPS * max(1.0, limit[r]):
                return False
        if self.a_fix[a] > 0 and (n1 - 1) % self.a_cap[a] == 0:  # opens a batch
            extra: dict[int, float] = {}
            for i in range(self.bp_start[p], self.bp_start[p + 1]):
                extra[self.bp_r[i]] = extra.get(self.bp_r[i], 0.0) + self.bp_v[i]
            for i in range(self.ba_start[a], self.ba_start[a + 1]):
                r = self.ba_r[i]
                if spend[r] + extra.get(r, 0.0) + self.ba_v[i] > limit[r] + EPS * max(1.0, limit[r]):
                    return False
        return True

    def add(self, p: int) -> None:
        e, a = self.pe[p], self.pa[p]
        self.x[p] = True
        self.n_act[e] += 1
        self.days[e] += self.a_days[a]
        self.jp[e] += self.w_jp[a]
        for i in range(self.l_start[p], self.l_start[p + 1]):
            self.cov[self.l_g[i]] += self.l_v[i]
        for i in range(self.bp_start[p], self.bp_start[p + 1]):
            self.spend[self.bp_r[i]] += self.bp_v[i]
        if (self.n[a]) % self.a_cap[a] == 0:
            for i in range(self.ba_start[a], self.ba_start[a + 1]):
                self.spend[self.ba_r[i]] += self.ba_v[i]
        self.n[a] += 1

    def remove(self, p: int) -> None:
        e, a = self.pe[p], self.pa[p]
        self.x[p] = False
        self.n_act[e] -= 1
        self.days[e] -= self.a_days[a]
        self.jp[e] -= self.w_jp[a]
        for i in range(self.l_start[p], self.l_start[p + 1]):
            self.cov[self.l_g[i]] -= self.l_v[i]
        for i in range(self.bp_start[p], self.bp_start[p + 1]):
            self.spend[self.bp_r[i]] -= self.bp_v[i]
        self.n[a] -= 1
        if self.n[a] % self.a_cap[a] == 0:
            for i in range(self.ba_start[a], self.ba_start[a + 1]):
                self.spend[self.ba_r[i]] -= self.ba_v[i]

    def removable(self, p: int) -> bool:
        if not self.x[p] or self.locked[p]:
            return False
        return all(not self.x[q] for q in self.needed_by.get(p, ()))

    def min_ok(self, a: int) -> bool:
        n = self.n[a]
        return n == 0 or self.batches(a) * self.a_min[a] <= n

    def is_feasible(self) -> bool:
        c = self.c
        for r in range(self.R):
            if self.spend[r] > self.limit[r] + EPS * max(1.0, self.limit[r]):
                return False
        for a in range(self.A):
            if not self.min_ok(a) or self.batches(a) > self.a_maxb[a]:
                return False
        for e in range(self.E):
            if self.n_act[e] > self.max_act[e] + EPS or self.days[e] > self.max_days[e] + EPS:
                return False
            if self.jp[e] > self.room[e] + EPS:
                return False
        for p in range(self.P):
            if self.locked[p] and not self.x[p]:
                return False
            if self.x[p] and (not self.allowed[p] or any(not self.x[q] for q in self.needs.get(p, ()))):
                return False
        return c.E == self.E

    # -- building blocks -----------------------------------------------------------------------------------
    def add_locked(self) -> list[int]:
        """Add every locked pair (prerequisites of locked pairs first); returns those that did not fit."""
        failed: list[int] = []
        todo = [p for p in range(self.P) if self.locked[p]]
        for p in sorted(todo, key=lambda p: 0 if p in self.needed_by else 1):
            if self.x[p]:
                continue
            for q in self.needs.get(p, ()):
                if not self.x[q] and self.can_add(q):
                    self.add(q)
            if self.can_add(p):
                self.add(p)
            else:
                failed.append(p)
        return failed

    def add_in_order(self, pairs: Iterable[int], *, min_gain: float = EPS) -> None:
        """LP-guided: try pairs in the given order, adding each that fits and still adds value."""
        for p in pairs:
            if not self.x[p] and self.gain(p) > min_gain and self.can_add(p):
                self.add(p)

    def greedy_fill(
        self, candidates: Iterable[int] | None = None, *, blocked_acts: set[int] | None = None
    ) -> int:
        """Benefit-per-cost greedy (lazy): repeatedly add the pair with the best gain / amortised unit cost."""
        bad = blocked_acts or set()
        if candidates is None:
            first = self._initial_heap(bad)
        else:
            first = []
            for p in candidates:
                if self.x[p] or not self.allowed[p] or self.pa[p] in bad:
                    continue
                g = self.gain(p)
                if g > EPS:
                    first.append((-self._prio(p, g), p))
        # a lazy max-heap of (-priority, pair): the first evaluations as one sorted list, the re-evaluated
        # pairs in a small heap; popping the smaller head of the two is exactly popping one heap of both
        first.sort()
        n0 = len(first)
        i = 0
        heap: list[tuple[float, int]] = []
        added = 0
        pe, pa, n_act, max_act, days, a_days = (
            self.pe,
            self.pa,
            self.n_act,
            self.max_act,
            self.days,
            self.a_days,
        )
        jp, w_jp, room, n, seats = self.jp, self.w_jp, self.room, self.n, self.seats
        while i < n0 or heap:
            if heap and (i >= n0 or heap[0] < first[i]):
                _, p = heapq.heappop(heap)
            else:
                p = first[i][1]
                i += 1
            if self.x[p]:
                continue
            e, a = pe[p], pa[p]
            # rules that only tighten as pairs are added (the fill never removes): a pair that breaks one now
            # can never be added in this fill, so it is dropped before its gain is even computed
            if (
                n_act[e] + 1 > max_act[e] + EPS
                or days[e] + a_days[a] > self.max_days[e] + EPS
                or jp[e] + w_jp[a] > room[e] + EPS
                or n[a] + 1 > seats[a]
            ):
                continue
            g = self.gain(p)
            if g <= EPS:
                continue
            pr = self._prio(p, g)
            top = min(heap[0][0] if heap else np.inf, first[i][0] if i < n0 else np.inf)
            if top < np.inf and pr < -top - 1e-12:
                heapq.heappush(heap, (-pr, p))
                continue
            if self.can_add(p):
                self.add(p)
                added += 1
                for q in self.needed_by.get(p, ()):  # a prerequisite just became available
                    if not self.x[q]:
                        gq = self.gain(q)
                        if gq > EPS:
                            heapq.heappush(heap, (-self._prio(q, gq), q))
            elif self.needs.get(p):
                # prerequisites missing: try the bundle (prerequisites first), at the bundle's price
                miss = [q for q in self.needs[p] if not self.x[q]]
                if miss and all(self.pa[q] not in bad and self.can_add(q) for q in miss):
                    for q in miss:
                        self.add(q)
                    if self.can_add(p):
                        self.add(p)
                        added += 1 + len(miss)
                    else:
                        for q in miss:
                            self.remove(q)
        return added

    def _initial_heap(self, bad: set[int]) -> list[tuple[float, int]]:
        """(-priority, pair) of every pair that may still be added, sorted; gains vectorised (the same numbers
        as :meth:`gain`)."""
        c = self.c
        cov = np.array(self.cov)
        room = np.maximum(c.gv - cov, 0.0) if c.G else np.zeros(0)
        g = np.zeros(c.P)
        if c.lp.size:
            g = fbincount(c.lp, weights=c.gw[c.lg] * np.minimum(room[c.lg], c.lv), minlength=c.P)
        need_left = np.maximum(c.need - np.array(self.jp), 0.0)
        g = g + self.lam * np.minimum(need_left[c.pe], c.a_jp[c.pa])
        ok = (g > EPS) & np.array(self.allowed, dtype=bool) & ~np.array(self.x, dtype=bool)
        if bad:
            ok &= ~np.isin(c.pa, np.fromiter(bad, dtype=np.int64))
        # the rules that only tighten as pairs are added (as in :meth:`greedy_fill`)
        pe, pa = c.pe, c.pa
        ok &= np.array(self.n_act, dtype=np.float64)[pe] + 1 <= c.max_act[pe] + EPS
        ok &= np.array(self.days)[pe] + c.a_days[pa] <= c.max_days[pe] + EPS
        ok &= np.array(self.jp)[pe] + c.a_jp[pa] <= c.jp_room[pe] + EPS
        ok &= np.array(self.n)[pa] + 1 <= np.array(self.seats)[pa]
        unit = c.a_cpp[pa] + c.a_fix[pa] / c.a_cap[pa]
        prio = np.where(unit > 1e-12, g / np.where(unit > 1e-12, unit, 1.0), g * 1e9)
        idx = np.nonzero(ok)[0]
        neg = -prio[idx]
        order = np.lexsort((idx, neg))  # the order of the (-priority, pair) tuples
        return list(zip(neg[order].tolist(), idx[order].tolist(), strict=True))

    def _prio(self, p: int, g: float) -> float:
        cost = self.unit_cost(p)
        return g / cost if cost > 1e-12 else g * 1e9

    def participants(self, a: int) -> list[int]:
        c = self.c
        idx = np.nonzero(c.pa == a)[0]
        return [int(p) for p in idx if self.x[int(p)]]

    def removal_set(self, p: int) -> list[int] | None:
        """``p`` and every assigned pair that depends on it through prerequisites (dependents first), or None
        when one of them is locked."""
        out: list[int] = []
        todo = [p]
        seen = {p}
        while todo:
            q = todo.pop()
            if self.locked[q]:
                return None
            out.append(q)
            for r in self.needed_by.get(q, ()):
                if self.x[r] and r not in seen:
                    seen.add(r)
                    todo.append(r)
        return out[::-1]

    def fix_min_class(self, *, refill: bool = True) -> None:
        """Make every activity's batches reach their minimum size: fill with more participants where the
        money allows, otherwise drop one batch (removing the least valuable participants, with whatever
        depends on them); repeat until nothing changes."""
        by_act: list[list[int]] = [[] for _ in range(self.A)]
        for p in range(self.P):
            by_act[self.pa[p]].append(p)
        closed: set[int] = set()
        last: tuple[tuple[int, int], ...] | None = None
        for _ in range(10 * self.A + 10):
            bad = [a for a in range(self.A) if not self.min_ok(a)]
            state = tuple((a, self.n[a]) for a in bad)
            if not bad or state == last:
                break
            last = state
            for a in bad:
                if self.min_ok(a):
                    continue
                b = self.batches(a)
                short = b * self.a_min[a] - self.n[a]
                cands = [p for p in by_act[a] if not self.x[p] and self.can_add(p)]
                if len(cands) >= short:
                    cands.sort(key=lambda p: -self.gain(p))
                    trial: list[int] = []
                    for p in cands:
                        if self.min_ok(a):
                            break
                        if self.can_add(p):
                            self.add(p)
                            trial.append(p)
                    if self.min_ok(a):
                        continue
                    for p in trial:
                        self.remove(p)
                # drop a batch: remove the least valuable participants (and what depends on them)
                target = (b - 1) * self.a_cap[a]
                members = sorted((p for p in by_act[a] if self.x[p] and not self.locked[p]), key=self.loss)
                for p in members:
                    if self.n[a] <= target:
                        break
                    chain = self.removal_set(p) if self.x[p] else None
                    if chain is None:
                        continue
                    for q in chain:
                        self.remove(q)
                    closed.add(a)
            if refill:
                self.greedy_fill(blocked_acts=closed)
        self.drop_useless(by_act)

    def drop_useless(self, by_act: list[list[int]] | None = None) -> None:
        """Remove assignments that add nothing (zero loss), when the class stays valid."""
        for p in range(self.P):
            if self.x[p] and self.removable(p) and self.loss(p) <= EPS:
                a = self.pa[p]
                self.remove(p)
                if not self.min_ok(a):
                    self.add(p)

    def assigned(self) -> np.ndarray:
        return np.nonzero(np.array(self.x, dtype=bool))[0]

    def cost(self) -> float:
        return float(sum(self.spend))


def seats_cost(c: Compiled, x: np.ndarray) -> float:
    n = np.bincount(c.pa[x], minlength=c.A)
    return float((c.a_cpp * n).sum() + (c.a_fix * np.ceil(n / c.a_cap)).sum())


def unlimited() -> float:
    return BIG if math.isfinite(BIG) else 1e18
