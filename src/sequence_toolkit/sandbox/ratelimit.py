"""A token bucket per API key."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TokenBucket:
    capacity: int
    tokens: float
    updated: float

    def take(self, now: float) -> float:
        """0 when a token was taken, else the seconds until one is available."""
        refill = self.capacity / 60.0
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * refill)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / refill
