"""Simulate the fictional store's trading history: orders with their lifecycle, campaigns and stock.

Everything is drawn from one `random.Random(seed)` in a fixed order, so a (seed, end_date) pair always
gives the same store. Money is kept in integer cents; times are naive Beijing local datetimes.
"""

from __future__ import annotations

import gc
import math
import random
from bisect import bisect
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from data.demo_catalog import NICK_SUFFIX, NICK_WORDS, PINYIN, PLACES, REMOTE_PROVINCES, Sku, build_catalog

DAY = timedelta(days=1)
HOUR = 3600
MONTHS_OF_HISTORY = 15

# Weekend-heavy week (Mon..Sun) and an evening-heavy day.
WEEKDAY_FACTOR = (1.0, 0.96, 0.95, 0.97, 0.93, 1.16, 1.24)
HOUR_WEIGHTS = (
    3,
    1.8,
    1,
    0.6,
    0.4,
    0.4,
    0.7,
    1.5,
    2.5,
    4,
    5,
    5,
    4.5,
    4.5,
    5,
    5,
    4.8,
    4,
    4,
    5,
    6.5,
    7.5,
    7,
    5,
)
BASE_ORDERS_PER_DAY = 180
UNPAID_SHARE = 0.07
PRESALE_DISCOUNT = 0.15
DEPOSIT_SHARE = 0.2
BALANCE_PAID_SHARE = 0.87

# Refund kinds and their shares among refunded orders.
REFUND_KINDS = (("preship_full", 0.28), ("return_full", 0.27), ("partial", 0.25), ("withdrawn", 0.20))


@dataclass(slots=True, eq=False)
class Buyer:
    """A member of the buyer pool; `key` seeds the receiver details the writers derive (see buyer_details)."""

    nick: str
    tail: str
    place: int
    key: int
    details: tuple[str, str, str, str] | None = None

    @property
    def province(self) -> str:
        return PLACES[self.place][0]


@dataclass(slots=True)
class Refund:
    """A refund request on one line: `amount` is what was asked; money moves only when `success`."""

    amount: int
    requested: datetime
    resolved: datetime
    success: bool
    kind: str


@dataclass(slots=True)
class Line:
    """One sub-order: `goods` after campaign price, `paid` after the order coupon (cents)."""

    lid: str
    sku: Sku
    qty: int
    goods: int
    paid: int
    refund: Refund | None = None


@dataclass(slots=True)
class Order:
    """One order with its whole lifecycle; `order_state` reads it as of an export time."""

    oid: str
    buyer: Buyer
    created: datetime
    lines: list[Line]
    postage: int
    goods: int
    pay: datetime | None = None
    close_at: datetime | None = None
    deposit: int = 0
    deposit_at: datetime | None = None
    final_at: datetime | None = None
    balance_end: datetime | None = None
    ship: datetime | None = None
    confirm: datetime | None = None
    full_refund_at: datetime | None = None

    @property
    def presale(self) -> bool:
        return self.deposit_at is not None

    @property
    def sale_at(self) -> datetime | None:
        """When the order counts as a sale: payment, or a presale's final payment; None if never."""
        return self.final_at if self.presale else self.pay

    @property
    def commit_at(self) -> datetime | None:
        """When stock was committed to the order: payment, or the presale deposit."""
        return self.deposit_at if self.presale else self.pay


@dataclass(slots=True)
class JhsEvent:
    """A 聚划算 day: SKU code -> (price cut as a fraction, volume multiplier)."""

    day: date
    skus: dict[str, tuple[float, float]]


@dataclass(slots=True)
class PurchaseOrder:
    """A replenishment batch: placed on one day, arriving whole on another."""

    sku: str
    qty: int
    placed: date
    arrival: date


@dataclass
class DemoStore:
    """The simulated history the file writers read."""

    start: date
    end: date
    catalog: list[Sku]
    orders: list[Order]
    jhs: list[JhsEvent]
    purchase_orders: list[PurchaseOrder]
    sellable_before: dict[date, dict[str, int]]
    presale_years: list[int]
    starved: list[str] = field(default_factory=list)
    created_index: list[datetime] = field(default_factory=list)


def history_start(end: date) -> date:
    """First day of the month 14 months before end's month: about 15 months of history."""
    month_index = end.year * 12 + end.month - 1 - (MONTHS_OF_HISTORY - 1)
    return date(month_index // 12, month_index % 12 + 1, 1)


def campaign(day: date) -> tuple[float, float, str]:
    """(volume multiplier, shop-wide discount, hour profile) of a calendar day."""
    md = (day.month, day.day)
    if md == (11, 11):
        return 5.5, 0.15, "d11"
    if (11, 1) <= md <= (11, 3):
        return 1.7, 0.15, "peak" if md == (11, 1) else "normal"
    if (11, 4) <= md <= (11, 10):
        return 0.7, 0.0, "normal"
    if (11, 12) <= md <= (11, 15):
        return 0.75, 0.0, "normal"
    if (10, 24) <= md <= (10, 31):
        return 0.85, 0.0, "normal"
    if md == (6, 1):
        return 2.2, 0.10, "peak"
    if (6, 2) <= md <= (6, 3) or (6, 16) <= md <= (6, 17):
        return 1.5, 0.10, "normal"
    if (6, 4) <= md <= (6, 15):
        return 1.1, 0.05, "normal"
    if md == (6, 18):
        return 2.6, 0.10, "peak"
    if (5, 26) <= md <= (5, 31) or (6, 19) <= md <= (6, 22):
        return 0.85, 0.0, "normal"
    if md == (12, 12):
        return 1.6, 0.10, "peak"
    return 1.0, 0.0, "normal"


def _blocked_for_jhs(day: date) -> bool:
    md = (day.month, day.day)
    return (10, 10) <= md <= (11, 20) or (5, 25) <= md <= (6, 25) or (12, 8) <= md <= (12, 14)


def _cum(weights) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _hour_profile(kind: str) -> list[float]:
    weights = list(HOUR_WEIGHTS)
    if kind == "d11":
        weights[0] *= 16
        weights[1] *= 4
    elif kind == "peak":
        weights[0] *= 6
    return _cum(weights)


class _Draw:
    """Fast draws on top of one random.Random (its choices/randrange are slow pure-Python code)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.random = rng.random

    def below(self, n: int) -> int:
        return int(self.random() * n)

    def between(self, low: float, high: float) -> float:
        return low + (high - low) * self.random()

    def pick(self, seq):
        return seq[int(self.random() * len(seq))]

    def weighted(self, seq, cum: list[float]):
        return seq[bisect(cum, self.random() * cum[-1])]

    def seconds(self, low_hours: float, high_hours: float) -> timedelta:
        return timedelta(seconds=int((low_hours + (high_hours - low_hours) * self.random()) * HOUR))


_PLACE_CUM = _cum(p[2] for p in PLACES)
_REFUND_CUM = _cum(w for _, w in REFUND_KINDS)
_LINE_COUNT_CUM = _cum((72, 22, 6))
_QTY_CHEAP_CUM = _cum((70, 24, 6))
_QTY_DEAR_CUM = _cum((88, 10, 2))
_ONE_TWO_THREE = (1, 2, 3)
_REMOTE_PLACES = {index for index, place in enumerate(PLACES) if place[0] in REMOTE_PROVINCES}


class _Simulator:
    """Runs the day-by-day simulation; one instance per generate call."""

    def __init__(self, end: date, seed: int):
        self.rng = random.Random(seed)
        self.draw = _Draw(self.rng)
        self.end = end
        self.start = history_start(end)
        self.days = (end - self.start).days + 1
        self.catalog = build_catalog(end)
        self.by_code = {sku.code: sku for sku in self.catalog}
        self.orders: list[Order] = []
        self.buyers: list[Buyer] = []
        self.nicks: set[str] = set()
        self.ids: set[str] = set()
        self.hours = {kind: _hour_profile(kind) for kind in ("normal", "peak", "d11")}
        self.sellable: dict[str, int] = {}
        self.units: dict[str, list[int]] = {sku.code: [0] * self.days for sku in self.catalog}
        self.arrivals: dict[date, list[PurchaseOrder]] = {}
        self.releases: dict[date, list[tuple[str, int]]] = {}
        self.purchase_orders: list[PurchaseOrder] = []
        self.in_transit: dict[str, int] = {}
        self.presale_years = [
            y for y in range(self.start.year, end.year + 1) if self.start <= date(y, 10, 24) <= end
        ]
        self.d11_days = [date(y, 11, 11) for y in range(self.start.year, end.year + 1)]
        self.starved, self.starve_from, self.starve_to = self._pick_starved()
        self.jhs = self._pick_jhs()
        self.jhs_by_day = {event.day: event for event in self.jhs}
        snapshot_days = _snapshot_days(end)
        self.record_days = {d - DAY: d for d in snapshot_days}
        self.sellable_before: dict[date, dict[str, int]] = {}

    # ---- calendar -------------------------------------------------------------------------------------

    def _pick_starved(self) -> tuple[list[str], date, date]:
        """Popular SKUs whose supplier slips before the last Double 11 in range (or lately)."""
        last_d11 = date(self.end.year, 11, 11)
        if self.end >= last_d11 + DAY and last_d11 - timedelta(days=50) >= self.start:
            window = (last_d11 - timedelta(days=50), last_d11 + DAY)
        else:
            window = (self.end - timedelta(days=70), self.end - timedelta(days=10))
        return ["NS-1001-GR", "NS-4001-BK", "NS-2001-WH"], window[0], window[1]

    def _pick_jhs(self) -> list[JhsEvent]:
        """Two 聚划算 days away from the big campaigns, 2–4 established SKUs each."""
        events: list[JhsEvent] = []
        used_styles: set[str] = set()
        for back in (40, 110):
            day = self.end - timedelta(days=back)
            while _blocked_for_jhs(day) or any(abs((day - e.day).days) < 14 for e in events):
                day -= DAY
            if day < self.start + timedelta(days=30):
                continue
            candidates = [
                s
                for s in self.catalog
                if s.on_sale(day)
                and (s.launch is None)
                and s.discontinue is None
                and s.weight >= 2.5
                and s.style not in used_styles
                and s.code not in self.starved
            ]
            target = self.rng.choice((2, 3, 4))
            picked: list[Sku] = []
            for sku in self.rng.sample(candidates, len(candidates)):
                if sku.style not in {p.style for p in picked}:
                    picked.append(sku)
                if len(picked) == target:
                    break
            used_styles.update(p.style for p in picked)
            events.append(
                JhsEvent(
                    day,
                    {
                        p.code: (round(self.rng.uniform(0.25, 0.35), 2), self.rng.uniform(5, 10))
                        for p in picked
                    },
                )
            )
        return sorted(events, key=lambda e: e.day)

    def _base_orders(self, day: date) -> float:
        t = (day - self.start).days / max(self.days - 1, 1)
        doy = day.timetuple().tm_yday
        season = 1 + 0.10 * math.cos(2 * math.pi * (doy - 20) / 365.25)
        return BASE_ORDERS_PER_DAY * (1 + 0.22 * t) * season * WEEKDAY_FACTOR[day.weekday()]

    def _sku_weight(self, sku: Sku, day: date) -> float:
        if not sku.on_sale(day):
            return 0.0
        doy = day.timetuple().tm_yday
        w = sku.weight * max(0.15, 1 + sku.winter * 0.5 * math.cos(2 * math.pi * (doy - 15) / 365.25))
        if sku.launch is not None:
            age = (day - sku.launch).days
            if age < 21:
                w *= 0.35 + 0.65 * age / 21
        if self.sellable.get(sku.code, 0) <= 0:
            w *= 0.03
        return w

    # ---- people and ids -------------------------------------------------------------------------------

    def _new_buyer(self) -> Buyer:
        x = self.rng.getrandbits(64)
        kind, x = divmod(x, 1 << 60)
        if kind < 5:
            nick = f"tb{1000000000 + x % 9000000000}"
        elif kind < 10:
            nick = f"{PINYIN[x % len(PINYIN)]}{10 + x // 97 % 9990}"
        else:
            nick = f"{NICK_WORDS[x % len(NICK_WORDS)]}{NICK_SUFFIX[x // 31 % len(NICK_SUFFIX)]}{1 + x // 997 % 999}"
        while nick in self.nicks:
            nick += str(self.draw.below(10))
        self.nicks.add(nick)
        place = bisect(_PLACE_CUM, (x >> 40) / (1 << 20) * _PLACE_CUM[-1])
        return Buyer(nick, f"{x // 1000003 % 10000:04d}", place, self.rng.getrandbits(64))

    def _buyer(self, t: float) -> Buyer:
        if self.buyers and self.draw.random() < 0.22 + 0.2 * t:
            return self.buyers[int(len(self.buyers) * self.draw.random() ** 1.6)]
        buyer = self._new_buyer()
        self.buyers.append(buyer)
        return buyer

    def _id(self, when: datetime, tail: str) -> str:
        """An 18-digit (2025 and before) or 19-digit order id ending in the buyer's tail digits."""
        digits = 14 if when.year <= 2025 else 15
        while True:
            oid = f"{2 * 10 ** (digits - 1) + self.draw.below(2 * 10 ** (digits - 1))}{tail}"
            if oid not in self.ids:
                self.ids.add(oid)
                return oid

    # ---- orders ---------------------------------------------------------------------------------------

    def _time_on(self, day: date, cum_hours: list[float]) -> datetime:
        d = self.draw
        hour = bisect(cum_hours, d.random() * cum_hours[-1])
        return datetime(day.year, day.month, day.day, hour) + timedelta(seconds=d.below(3600))

    def _finish_paid(self, order: Order, sale: datetime) -> None:
        """Shipping, confirmation and refunds of an order that was paid in full at `sale`."""
        d = self.draw
        md = (sale.month, sale.day)
        if (11, 1) <= md <= (11, 12):
            order.ship = sale + d.seconds(20, 96)
        elif order.presale:
            order.ship = sale + d.seconds(12, 72)
        else:
            order.ship = sale + d.seconds(3, 40)
        if d.random() < 0.35:
            order.confirm = order.ship + timedelta(days=10, seconds=d.below(3 * HOUR))
        else:
            order.confirm = order.ship + d.seconds(48, 228)
        if (11, 1) <= md <= (11, 13):
            rate = 0.135
        elif (6, 1) <= md <= (6, 20):
            rate = 0.07
        else:
            rate = 0.05
        if d.random() < rate:
            self._refund(order, sale)

    def _refund(self, order: Order, sale: datetime) -> None:
        d = self.draw
        kind = d.weighted(REFUND_KINDS, _REFUND_CUM)[0]

        def after(t: datetime, low_h: float, high_h: float) -> datetime:
            return t + d.seconds(low_h, high_h)

        if kind == "preship_full":
            window = (order.ship - sale).total_seconds()
            requested = sale + timedelta(seconds=int(window * d.between(0.05, 0.6)))
            left = (order.ship - requested).total_seconds()
            resolved = requested + timedelta(seconds=int(left * d.between(0.1, 0.9)))
            self._refund_all(order, requested, resolved, "refund")
            self._release(order, resolved.date())
            order.ship = order.confirm = None
        elif kind == "return_full":
            requested = after(order.ship, 36, 168)
            self._refund_all(order, requested, after(requested, 48, 192), "return")
            order.confirm = None
        elif kind == "partial":
            requested = after(order.ship, 24, 144)
            resolved = after(requested, 12, 96)
            line = d.pick(order.lines)
            amount = line.paid if len(order.lines) > 1 else int(round(line.paid * d.between(0.1, 0.3), -2))
            line.refund = Refund(
                max(amount, 100), requested, resolved, True, "return" if len(order.lines) > 1 else "refund"
            )
            order.confirm = max(order.confirm, after(resolved, 8, 72))
        else:
            requested = after(order.ship, 24, 120)
            resolved = after(requested, 24, 120)
            line = d.pick(order.lines)
            line.refund = Refund(line.paid, requested, resolved, False, d.pick(("refund", "return")))
            order.confirm = max(order.confirm, after(resolved, 12, 48))

    @staticmethod
    def _refund_all(order: Order, requested: datetime, resolved: datetime, kind: str) -> None:
        """Refund every line in full; the postage goes back with the first line."""
        for index, line in enumerate(order.lines):
            extra = order.postage if index == 0 else 0
            line.refund = Refund(line.paid + extra, requested, resolved, True, kind)
        order.full_refund_at = resolved

    def _release(self, order: Order, day: date) -> None:
        for line in order.lines:
            self.releases.setdefault(day, []).append((line.sku.code, line.qty))

    def _commit(self, order: Order, day_index: int) -> None:
        for line in order.lines:
            self.sellable[line.sku.code] = self.sellable.get(line.sku.code, 0) - line.qty
            self.units[line.sku.code][day_index] += line.qty

    def _order(self, day: date, day_index: int, cum_w, pool, discount: float, hours, t: float, forced=None):
        d = self.draw
        rnd = d.random
        buyer = self._buyer(t)
        created = self._time_on(day, hours)
        jhs = self.jhs_by_day.get(day)
        if forced is not None:
            chosen = [forced]
        else:
            chosen = []
            for _ in range(d.weighted(_ONE_TWO_THREE, _LINE_COUNT_CUM)):
                sku = pool[bisect(cum_w, rnd() * cum_w[-1])]
                if sku not in chosen:
                    chosen.append(sku)
        oid = self._id(created, buyer.tail)
        single = len(chosen) == 1
        lines = []
        goods = 0
        for sku in chosen:
            qty = d.weighted(_ONE_TWO_THREE, _QTY_CHEAP_CUM if sku.price < 4000 else _QTY_DEAR_CUM)
            cut = jhs.skus[sku.code][0] if jhs is not None and sku.code in jhs.skus else discount
            amount = int(round(sku.price * qty * (1 - cut), -2)) if cut else sku.price * qty
            goods += amount
            lines.append(Line(oid if single else self._id(created, buyer.tail), sku, qty, amount, amount))
        coupon = 0
        if goods >= 39900 and rnd() < 0.3:
            coupon = 4000
        elif goods >= 19900 and rnd() < 0.35:
            coupon = 2000
        if coupon:
            left = coupon
            for line in lines[:-1]:
                share = coupon * line.goods // goods
                line.paid -= share
                left -= share
            lines[-1].paid -= left
            goods -= coupon
        postage = 1500 if buyer.place in _REMOTE_PLACES else (600 if goods < 2900 else 0)
        order = Order(oid, buyer, created, lines, postage, goods)
        if rnd() < UNPAID_SHARE:
            order.close_at = created + d.seconds(24, 60)
        else:
            r = rnd()
            order.pay = created + (
                d.seconds(0.002, 0.08) if r < 0.8 else d.seconds(0.08, 2) if r < 0.95 else d.seconds(2, 24)
            )
            self._finish_paid(order, order.pay)
            sellable, units = self.sellable, self.units
            for line in lines:
                code = line.sku.code
                sellable[code] -= line.qty
                units[code][day_index] += line.qty
        self.orders.append(order)

    def _presale_orders(self, day: date, day_index: int, base: float, t: float) -> None:
        """Double 11 deposits: 10-24 from 20:00 to 10-31; balances 11-01..11-03 (wave A) or on 11-11 (wave B)."""
        rng = self.rng
        year = day.year
        if year not in self.presale_years or not ((10, 24) <= (day.month, day.day) <= (10, 31)):
            return
        pool = [s for s in self.catalog if s.presale and s.on_sale(day)]
        if not pool:
            return
        cum_w = _cum(s.weight for s in pool)
        if day.day == 24:
            count, hours = base * 2.2, _cum((0,) * 20 + (6, 3, 2, 1.5))
        else:
            count, hours = base * (0.5 if day.day <= 28 else 0.4), self.hours["normal"]
        wave_a = day.day <= 28
        balance_start = datetime(year, 11, 1) if wave_a else datetime(year, 11, 11)
        balance_end = datetime(year, 11, 3, 23, 59, 59) if wave_a else datetime(year, 11, 11, 23, 59, 59)
        for _ in range(int(round(count * rng.lognormvariate(0, 0.08)))):
            buyer = self._buyer(t)
            created = self._time_on(day, hours)
            sku = self.draw.weighted(pool, cum_w)
            qty = 1 if rng.random() < 0.86 else 2
            oid = self._id(created, buyer.tail)
            goods = int(round(sku.price * qty * (1 - PRESALE_DISCOUNT), -2))
            order = Order(oid, buyer, created, [Line(oid, sku, qty, goods, goods)], 0, goods)
            order.deposit = max(1000, int(round(goods * DEPOSIT_SHARE, -2)))
            order.deposit_at = order.pay = created + timedelta(seconds=3 + self.draw.below(87))
            order.balance_end = balance_end
            if rng.random() < BALANCE_PAID_SHARE:
                if rng.random() < (0.45 if wave_a else 0.55):
                    final = balance_start + timedelta(seconds=self.draw.below(3600))
                else:
                    span = int((balance_end - balance_start).total_seconds()) - 3600
                    final = balance_start + timedelta(seconds=3600 + self.draw.below(span))
                order.final_at = final
                self._finish_paid(order, final)
            else:
                self._release(order, balance_end.date() + DAY)
            self._commit(order, day_index)
            self.orders.append(order)

    # ---- stock ----------------------------------------------------------------------------------------

    def _expected_units(self, sku: Sku, day: date) -> float:
        weights = sum(s.weight for s in self.catalog if s.on_sale(day)) or 1.0
        return self._base_orders(day) * 1.3 * 1.2 * (1 - UNPAID_SHARE) * sku.weight / weights

    def _place(self, code: str, qty: int, placed: date, arrival: date) -> None:
        po = PurchaseOrder(code, qty, placed, arrival)
        self.purchase_orders.append(po)
        self.arrivals.setdefault(arrival, []).append(po)
        self.in_transit[code] = self.in_transit.get(code, 0) + qty

    def _replenish(self, day: date, day_index: int) -> None:
        """Weekly review: order up to cover when stock plus in-transit falls below the reorder point."""
        rng = self.rng
        stock_up = any(timedelta(days=25) <= d11 - day <= timedelta(days=55) for d11 in self.d11_days)
        for sku in self.catalog:
            if not sku.on_sale(day) or (sku.launch is not None and day < sku.launch):
                continue
            if sku.discontinue is not None and sku.discontinue - day <= timedelta(days=45):
                if timedelta(days=28) <= sku.discontinue - day < timedelta(days=35):
                    velocity = max(sum(self.units[sku.code][max(0, day_index - 28) : day_index]) / 28, 0.5)
                    self._place(sku.code, int(round(velocity * 50, -1)) + 30, day, day + timedelta(days=14))
                continue
            if sku.code in self.starved and self.starve_from <= day < self.starve_to:
                continue
            history = self.units[sku.code][max(0, day_index - 28) : day_index]
            age = (day - sku.launch).days if sku.launch is not None else 999
            days_known = max(7, min(28, age, day_index))
            velocity = max(sum(history) / days_known, 0.3)
            lead = rng.randint(10, 18)
            position = self.sellable.get(sku.code, 0) + self.in_transit.get(sku.code, 0)
            cover = 75 if stock_up else 40
            if position < velocity * (lead + 12):
                qty = int(math.ceil((velocity * (cover + lead) - position) / 20) * 20)
                if qty > 0:
                    self._place(sku.code, qty, day, day + timedelta(days=lead))

    def _initial_stock(self) -> None:
        for sku in self.catalog:
            if sku.launch is not None and sku.launch > self.start:
                qty = int(round(self._expected_units(sku, sku.launch) * 35, -1)) + 60
                self._place(sku.code, qty, sku.launch - timedelta(days=14), sku.launch)
                self.sellable[sku.code] = 0
            else:
                self.sellable[sku.code] = int(round(self._expected_units(sku, self.start) * 45, -1)) + 40

    # ---- main loop ------------------------------------------------------------------------------------

    def run(self) -> DemoStore:
        rng = self.rng
        self._initial_stock()
        for day_index in range(self.days):
            day = self.start + timedelta(days=day_index)
            for po in self.arrivals.get(day, ()):
                self.sellable[po.sku] += po.qty
                self.in_transit[po.sku] -= po.qty
            for code, qty in self.releases.pop(day, ()):
                self.sellable[code] += qty
            if day.weekday() == 0 and day_index > 0:
                self._replenish(day, day_index)
            t = day_index / max(self.days - 1, 1)
            base = self._base_orders(day)
            multiplier, discount, profile = campaign(day)
            pool = [s for s in self.catalog if s.on_sale(day)]
            weights = [self._sku_weight(s, day) for s in pool]
            cum_w = _cum(weights)
            count = int(round(base * multiplier * rng.lognormvariate(0, 0.07)))
            for _ in range(count):
                self._order(day, day_index, cum_w, pool, discount, self.hours[profile], t)
            event = self.jhs_by_day.get(day)
            if event is not None:
                total_w = cum_w[-1]
                for code, (_, factor) in event.skus.items():
                    sku = self.by_code[code]
                    share = weights[pool.index(sku)] / total_w
                    extra = int(round(count * 1.36 * share * (factor - 1)))
                    for _ in range(extra):
                        self._order(
                            day, day_index, cum_w, pool, discount, self.hours["normal"], t, forced=sku
                        )
            self._presale_orders(day, day_index, base, t)
            if day in self.record_days:
                self.sellable_before[self.record_days[day]] = dict(self.sellable)
        self.orders.sort(key=lambda o: o.created)
        return DemoStore(
            start=self.start,
            end=self.end,
            catalog=self.catalog,
            orders=self.orders,
            jhs=self.jhs,
            purchase_orders=self.purchase_orders,
            sellable_before=self.sellable_before,
            presale_years=self.presale_years,
            starved=self.starved,
            created_index=[o.created for o in self.orders],
        )


def _snapshot_days(end: date) -> list[date]:
    """The 12 Mondays up to end_date (聚水潭) and end_date + 1 (旺店通)."""
    last_monday = end - timedelta(days=end.weekday())
    mondays = [last_monday - timedelta(weeks=w) for w in range(11, -1, -1)]
    return [*mondays, end + DAY]


def snapshot_days(end: date) -> tuple[list[date], date]:
    """(聚水潭 Monday snapshot dates, 旺店通 snapshot date)."""
    days = _snapshot_days(end)
    return days[:-1], days[-1]


def simulate(end: date, seed: int) -> DemoStore:
    """The whole simulated history for `end` and `seed`."""
    return _Simulator(end, seed).run()


@contextmanager
def no_gc():
    """Pause the cyclic garbage collector: the run allocates ~1M long-lived objects and no cycles worth finding."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# ---- reading an order as of an export time --------------------------------------------------------------

ST_WAIT_PAY = "等待买家付款"
ST_PAID = "买家已付款，等待卖家发货"
ST_SHIPPED = "卖家已发货，等待买家确认"
ST_DONE = "交易成功"
ST_CLOSED = "交易关闭"
REASON_OPEN = "订单未关闭"
REASON_UNPAID = "买家未付款"
REASON_BALANCE_UNPAID = "买家未付尾款"
REASON_REFUND = "退款"
RF_NONE = "没有申请退款"
RF_WAIT_SELLER = "买家已经申请退款，等待卖家同意"
RF_WAIT_RETURN = "卖家已经同意退款，等待买家退货"
RF_WAIT_CONFIRM = "买家已经退货，等待卖家确认收货"
RF_REFUSED = "卖家拒绝退款"
RF_CLOSED = "退款关闭"
RF_SUCCESS = "退款成功"


_MONEY_TEXT: dict[int, str] = {}


def money(cents: int) -> str:
    """Cents as a 2-decimal yuan string (memoised: the same amounts recur on every row)."""
    text = _MONEY_TEXT.get(cents)
    if text is None:
        sign = "-" if cents < 0 else ""
        text = _MONEY_TEXT[cents] = f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"
    return text


@dataclass(slots=True)
class LineState:
    status: str
    refund_status: str
    refund: int
    paid: int


@dataclass(slots=True)
class OrderState:
    """What an export taken at one moment shows of an order."""

    status: str
    close_reason: str
    pay_time: datetime | None
    paid: int
    refund: int
    ship: datetime | None
    confirm: datetime | None
    received: int
    stage_info: str
    lines: list[LineState]


def _stage_info(order: Order, final_paid: bool) -> str:
    """分阶段订单信息 as this project defines it (no public sample shows a filled value)."""
    deposit = f"定金:{money(order.deposit)}元,付款时间:{order.deposit_at.isoformat(' ')}"
    balance = order.goods - order.deposit
    if final_paid:
        return f"{deposit};尾款:{money(balance)}元,付款时间:{order.final_at.isoformat(' ')}"
    return f"{deposit};尾款:{money(balance)}元,未付款"


def _refund_status(refund: Refund, at: datetime) -> str:
    if refund.resolved <= at:
        return RF_SUCCESS if refund.success else RF_CLOSED
    elapsed = (at - refund.requested) / (refund.resolved - refund.requested)
    if refund.kind == "return" and refund.success:
        return RF_WAIT_SELLER if elapsed < 0.3 else RF_WAIT_RETURN if elapsed < 0.65 else RF_WAIT_CONFIRM
    if not refund.success and elapsed >= 0.6:
        return RF_REFUSED
    return RF_WAIT_SELLER


def order_state(order: Order, at: datetime) -> OrderState:
    """The order as an export taken at `at` shows it."""
    if order.presale and (order.final_at is None or order.final_at > at):
        if at < order.balance_end:
            status, reason = ST_WAIT_PAY, REASON_OPEN
        else:
            status, reason = ST_CLOSED, REASON_BALANCE_UNPAID
        lines = [LineState(status, RF_NONE, 0, order.deposit)]
        return OrderState(
            status,
            reason,
            order.deposit_at,
            order.deposit,
            0,
            None,
            None,
            0,
            _stage_info(order, False),
            lines,
        )
    if not order.presale and (order.pay is None or order.pay > at):
        if order.close_at is not None and order.close_at <= at:
            status, reason = ST_CLOSED, REASON_UNPAID
        else:
            status, reason = ST_WAIT_PAY, REASON_OPEN
        lines = [LineState(status, RF_NONE, 0, 0) for _ in order.lines]
        return OrderState(status, reason, None, 0, 0, None, None, 0, "", lines)
    paid = order.goods + order.postage
    if order.full_refund_at is not None and order.full_refund_at <= at:
        status, reason = ST_CLOSED, REASON_REFUND
    elif order.confirm is not None and order.confirm <= at:
        status, reason = ST_DONE, REASON_OPEN
    elif order.ship is not None and order.ship <= at:
        status, reason = ST_SHIPPED, REASON_OPEN
    else:
        status, reason = ST_PAID, REASON_OPEN
    refunded = 0
    lines = []
    for line in order.lines:
        refund = line.refund
        if refund is None or refund.requested > at:
            lines.append(LineState(status, RF_NONE, 0, line.paid))
            continue
        rf_status = _refund_status(refund, at)
        line_status = status
        if rf_status == RF_SUCCESS:
            refunded += refund.amount
            if refund.amount >= line.paid:
                line_status = ST_CLOSED
        lines.append(LineState(line_status, rf_status, refund.amount, line.paid))
    ship = order.ship if order.ship is not None and order.ship <= at else None
    confirm = order.confirm if status == ST_DONE else None
    received = paid - refunded if status == ST_DONE else 0
    pay_time = order.final_at if order.presale else order.pay
    info = _stage_info(order, True) if order.presale else ""
    return OrderState(status, reason, pay_time, paid, refunded, ship, confirm, received, info, lines)
