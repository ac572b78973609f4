"""A half-open ``[begin, end)`` range of Unicode code points into an article's text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)
class Span:
    begin: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.begin < self.end:
            raise ValueError(f"bad span [{self.begin}, {self.end})")

    def text(self, text: str) -> str:
        return text[self.begin : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.begin < other.end and other.begin < self.end

    def within(self, other: Span) -> bool:
        return other.begin <= self.begin and self.end <= other.end
