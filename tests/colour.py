"""Colour arithmetic for the accessibility tests: WCAG 2.1's luminance and contrast."""

from __future__ import annotations

import re

WHITE = "#FFFFFF"
TEXT = 4.5  # WCAG 1.4.3: the contrast text needs against its background
GRAPHICS = 3.0  # WCAG 1.4.11: the contrast bars, lines and symbols need


def channels(colour: str) -> tuple[float, float, float]:
    """``#RRGGBB`` or ``rgb(a)(r, g, b[, alpha])`` as sRGB 0..1, a transparent colour blended
    onto white (how it shows on the course's pages)."""
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    numbers = [float(n) for n in re.findall(r"[\d.]+", colour)]
    alpha = numbers[3] if len(numbers) == 4 else 1.0
    return tuple(alpha * n / 255 + (1 - alpha) for n in numbers[:3])


def linear(channel: float) -> float:
    """An sRGB channel (0..1) as linear light."""
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance: 0 for black, 1 for white."""
    r, g, b = (linear(c) for c in channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1's contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
