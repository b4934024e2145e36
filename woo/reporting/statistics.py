"""Year figures for the annual Woo report: how many requests came in, how many were decided and how fast,
extensions, suspensions, judgements and grounds; plus a chart of handling days per month.

Counting rules (stated in the output too):
- *received*: requests whose receipt date falls in the year;
- everything else counts the requests *decided* in the year (decision made known in that year): on time means
  made known on or before the decision date due; handling days are calendar days from receipt to decision;
- judgements and grounds count documents of those decided requests; a ground counts once per document.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics as stats_lib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from woo.case import Repository, Resolution
from woo.deadlines import DeadlineInputError
from woo.deadlines.request_dates import deadlines_from
from woo.schemas.grounds import Ground
from woo.store.models import RequestRow, SuspensionRow

__all__ = ["YearStats", "stats_csv", "stats_rows", "write_chart", "year_statistics"]

_DECISION_TERM_DAYS = 28  # Woo 4.4(1), drawn as a reference line in the chart


@dataclass(frozen=True)
class YearStats:
    year: int
    received: int
    decided: int
    decided_on_time: int
    extended: int
    suspended_requests: int
    suspensions_by_kind: dict[str, int]
    decision_types: dict[str, int]
    judgements: dict[str, int]
    grounds: dict[str, int]
    redactions_by_ground: dict[str, int]
    handling_days: tuple[int, ...]
    handling_days_by_month: dict[int, tuple[int, ...]]
    """Month of the decision (1-12) → handling days of each request decided that month."""
    unknown_due: int = 0
    """Decided requests whose decision date due could not be established (not counted as on time)."""

    @property
    def on_time_share(self) -> float | None:
        return self.decided_on_time / self.decided if self.decided else None

    @property
    def average_handling_days(self) -> float | None:
        return stats_lib.fmean(self.handling_days) if self.handling_days else None

    @property
    def median_handling_days(self) -> float | None:
        return float(stats_lib.median(self.handling_days)) if self.handling_days else None


def _ground_code(value: object) -> str:
    try:
        return str(Ground.parse(str(value)))
    except ValueError:
        return str(value)


def _due(req: RequestRow, suspensions: list[SuspensionRow]) -> dt.date | None:
    if req.decision_due is not None:
        return req.decision_due
    # Older rows without a stored date: recompute it the way the process would have, open suspensions
    # running until the decision.
    assert req.received_on is not None and req.decided_on is not None
    try:
        return deadlines_from(req, suspensions, today=req.decided_on).decision_due
    except DeadlineInputError:
        return None


def _resolution(value: str | None) -> str:
    """The Dutch wording of a stored resolution (the decision type as letters name it)."""
    try:
        return Resolution(value).label if value else "onbekend"
    except ValueError:
        return str(value)


def year_statistics(repo: Repository, year: int) -> YearStats:
    """The figures of ``year`` from the store's rows (see the module docstring for what is counted)."""
    received = repo.received_in(year)
    decided = repo.decided_in(year)
    ids = [r.id for r in decided]
    suspensions: dict[str, list[SuspensionRow]] = defaultdict(list)
    for s in repo.suspensions_of(ids):
        suspensions[s.request_id].append(s)

    on_time = unknown_due = 0
    days: list[int] = []
    by_month: dict[int, list[int]] = defaultdict(list)
    for req in decided:
        assert req.decided_on is not None
        due = _due(req, suspensions[req.id]) if req.received_on else None
        if due is None:
            unknown_due += 1
        elif req.decided_on <= due:
            on_time += 1
        if req.received_on is not None:
            n = (req.decided_on - req.received_on).days
            days.append(n)
            by_month[req.decided_on.month].append(n)

    judgements: Counter[str] = Counter()
    grounds: Counter[str] = Counter()
    for doc in repo.documents_of(ids):
        if doc.judgement:
            judgements[doc.judgement] += 1
        grounds.update({_ground_code(g) for g in doc.grounds or []})
    redactions = Counter(_ground_code(g) for g in repo.grounds_of(ids, ("accepted", "applied")))
    return YearStats(
        year=year,
        received=received,
        decided=len(decided),
        decided_on_time=on_time,
        extended=sum(1 for r in decided if r.extended),
        suspended_requests=sum(1 for r in decided if suspensions[r.id]),
        suspensions_by_kind=dict(sorted(Counter(s.kind for v in suspensions.values() for s in v).items())),
        decision_types=dict(sorted(Counter(_resolution(r.resolution) for r in decided).items())),
        judgements=dict(sorted(judgements.items())),
        grounds=dict(sorted(grounds.items())),
        redactions_by_ground=dict(sorted(redactions.items())),
        handling_days=tuple(days),
        handling_days_by_month={m: tuple(v) for m, v in sorted(by_month.items())},
        unknown_due=unknown_due,
    )


def _number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}".replace(".", ",")


def stats_rows(stats: YearStats) -> list[tuple[str, str]]:
    """The figures as (Dutch label, value) pairs, in reading order, for a table or CSV."""
    share = stats.on_time_share
    rows = [
        ("Jaar", str(stats.year)),
        ("Ontvangen verzoeken", str(stats.received)),
        ("Besloten verzoeken", str(stats.decided)),
        ("Waarvan tijdig besloten", str(stats.decided_on_time)),
        ("Aandeel tijdig", "-" if share is None else f"{_number(share * 100)}%"),
        ("Gemiddelde behandelduur (dagen)", _number(stats.average_handling_days)),
        ("Mediane behandelduur (dagen)", _number(stats.median_handling_days)),
        ("Verdaagd", str(stats.extended)),
        ("Verzoeken met opschorting", str(stats.suspended_requests)),
    ]
    if stats.unknown_due:
        rows.append(("Besloten zonder bekende beslistermijn", str(stats.unknown_due)))
    rows += [(f"Opschortingen: {kind}", str(n)) for kind, n in stats.suspensions_by_kind.items()]
    rows += [(f"Afloop: {kind}", str(n)) for kind, n in stats.decision_types.items()]
    rows += [(f"Documenten {j}", str(n)) for j, n in stats.judgements.items()]
    rows += [(f"Documenten met grond {g}", str(n)) for g, n in stats.grounds.items()]
    rows += [(f"Lakkingen op grond {g}", str(n)) for g, n in stats.redactions_by_ground.items()]
    for month, values in stats.handling_days_by_month.items():
        rows.append((f"Behandelduur {stats.year}-{month:02d} (mediaan, {len(values)} besluiten)",
                     _number(float(stats_lib.median(values)))))
    return rows


def stats_csv(stats: YearStats) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["onderdeel", "waarde"])
    writer.writerows(stats_rows(stats))
    return buffer.getvalue()


def write_chart(stats: YearStats, path: Path) -> Path:
    """A PNG bar chart of the median handling days per month of decision, with the 28-day term marked."""
    # The object-oriented API with the Agg canvas: no pyplot global state, no display needed.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    months = list(range(1, 13))
    medians = [
        float(stats_lib.median(stats.handling_days_by_month[m])) if stats.handling_days_by_month.get(m) else 0.0
        for m in months
    ]
    figure = Figure(figsize=(8, 4), dpi=100)
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    bars = ax.bar(months, medians, color="#1f5f8b")
    for bar, m in zip(bars, months, strict=True):
        n = len(stats.handling_days_by_month.get(m, ()))
        if n:
            ax.annotate(f"n={n}", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        ha="center", va="bottom", fontsize=8)
    ax.axhline(_DECISION_TERM_DAYS, color="#a00", linestyle="--", linewidth=1,
               label=f"beslistermijn ({_DECISION_TERM_DAYS} dagen, art. 4.4 Woo)")
    ax.set_xticks(months, ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"])
    ax.set_ylabel("mediane behandelduur (dagen)")
    ax.set_title(f"Behandelduur per maand van besluit, {stats.year}")
    ax.legend(loc="upper left", fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
    return path
