"""Draw the Teams app icons: a shield with a check mark, as 8-bit RGBA PNGs.

    .venv/bin/python infra/teams/make_icons.py      # rewrites color.png and outline.png here

Pure Python (zlib + struct) so that the package needs no imaging library. Teams wants:
  color.png    192x192, full colour (here: white shield, accent-coloured check, accent background)
  outline.png  32x32, white on a transparent background only (here: shield outline and check)
Edges are anti-aliased by 4x4 supersampling; in the outline icon that only changes alpha, never
colour, so every pixel stays white or fully transparent.
"""

from __future__ import annotations

import itertools
import math
import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ACCENT = (0x1F, 0x5F, 0x8B)  # keep in step with accentColor in manifest.template.json
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 4  # per axis
CHECK = ((0.35, 0.46), (0.46, 0.58), (0.67, 0.34))  # the tick's three points, unit square
Shape = Callable[[float, float], bool]  # is the point (x, y) in the unit square inside?


def in_shield(x: float, y: float, inset: float = 0.0) -> bool:
    """A heater shield: straight sides down to the middle, then curving to a point."""
    top, middle, bottom, half_width = 0.14 + inset, 0.48, 0.88 - inset * 1.6, 0.32 - inset
    if not top <= y <= bottom:
        return False
    if y <= middle:
        width = half_width
    else:
        width = half_width * math.cos(math.pi / 2 * (y - middle) / (bottom - middle))
    return abs(x - 0.5) <= width


def near_check(x: float, y: float, thickness: float) -> bool:
    """Within thickness/2 of either stroke of the check mark."""
    strokes = itertools.pairwise(CHECK)
    return any(_segment_distance(x, y, a, b) <= thickness / 2 for a, b in strokes)


def _segment_distance(x: float, y: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (ax + t * dx), y - (ay + t * dy))


def coverage(shape: Shape, size: int, column: int, row: int) -> float:
    """The share (0..1) of the pixel at (column, row) that the shape covers."""
    step = 1 / (size * SAMPLES)
    hits = sum(
        shape((column * SAMPLES + i + 0.5) * step, (row * SAMPLES + j + 0.5) * step)
        for i in range(SAMPLES)
        for j in range(SAMPLES)
    )
    return hits / SAMPLES**2


def blend(under: tuple[int, int, int], over: tuple[int, int, int], share: float) -> bytes:
    return bytes(round(u + (o - u) * share) for u, o in zip(under, over, strict=True)) + b"\xff"


def color_pixel(size: int, column: int, row: int) -> bytes:
    shield = coverage(in_shield, size, column, row)
    tick = coverage(lambda x, y: near_check(x, y, 0.075), size, column, row)
    return blend(blend(ACCENT, WHITE, shield)[:3], ACCENT, tick)


def outline_pixel(size: int, column: int, row: int) -> bytes:
    def ring(x: float, y: float) -> bool:
        return in_shield(x, y) and not in_shield(x, y, inset=0.07)

    def drawn(x: float, y: float) -> bool:
        return ring(x, y) or near_check(x, y, 0.08)

    return bytes(WHITE) + bytes([round(255 * coverage(drawn, size, column, row))])


def png(size: int, pixel: Callable[[int, int, int], bytes]) -> bytes:
    """An 8-bit RGBA PNG (colour type 6), every scanline with filter 0 (none)."""
    rows = b"".join(
        b"\x00" + b"".join(pixel(size, column, row) for column in range(size))
        for row in range(size)
    )
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def main(directory: Path = HERE) -> int:
    (directory / "color.png").write_bytes(png(192, color_pixel))
    (directory / "outline.png").write_bytes(png(32, outline_pixel))
    print(f"wrote {directory / 'color.png'} and {directory / 'outline.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE))
