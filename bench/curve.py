"""How each figure grows with the corpus: the exponent fitted through the measured sizes, and
what it would come to at 10,000,000 articles if it kept growing so."""

from __future__ import annotations

import math
from collections import defaultdict

TARGET = 10_000_000


def exponent(points: list[tuple[int, float]]) -> float | None:
    """The least-squares slope of log(value) against log(size): 1.0 grows linearly, 0 not at all."""
    usable = [(math.log(n), math.log(v)) for n, v in points if n > 0 and v > 0]
    if len(usable) < 2:
        return None
    mean_x = sum(x for x, _ in usable) / len(usable)
    mean_y = sum(y for _, y in usable) / len(usable)
    spread = sum((x - mean_x) ** 2 for x, _ in usable)
    if spread == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in usable) / spread


def shown(value: float) -> str:
    """Three or so significant figures, with thousands separated."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.1f}" if abs(value) >= 1 else f"{value:.2f}"


class Curve:
    """Figures gathered per corpus size, printed as one table at the end of a run."""

    def __init__(self) -> None:
        self.points: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
        self.units: dict[str, str] = {}

    def add(self, name: str, size: int, value: float, unit: str) -> None:
        self.points[name].append((size, value))
        self.units[name] = unit

    def table(self) -> list[str]:
        sizes = sorted({n for points in self.points.values() for n, _ in points})
        if len(sizes) < 2:
            return []
        head = " | ".join(f"{n:,}" for n in sizes)
        lines = [
            "",
            "## How each figure grows (exponent k: the figure ∝ articles^k, fitted through the sizes measured)",
            "",
            f"| figure | {head} | k | at {TARGET:,} if k holds |",
            "|---|" + "---|" * len(sizes) + "---|---|",
        ]
        for name, points in self.points.items():
            by_size = dict(points)
            unit = self.units[name]
            cells = " | ".join(shown(by_size[n]) if n in by_size else "–" for n in sizes)
            k = exponent(points)
            largest, value = max(points)
            far = f"{shown(value * (TARGET / largest) ** k)} {unit}" if k is not None else "–"
            lines.append(
                f"| {name} ({unit}) | {cells} | {k:.2f} | {far} |"
                if k is not None
                else f"| {name} ({unit}) | {cells} | – | – |"
            )
        return lines
