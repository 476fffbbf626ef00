"""The game's addresses as `make game` prints them, with a QR code of the room's.

    python room_address.py BASE ROOM [--svg FILE] [--labels FILE]     (BASE: http://host:port)

Prints the students' address (the room), the instructor's (the admin pages) and whom the
room lets in: the class list's ids when its label file exists (``--labels``,
_rooms/class.txt, written by `course game-labels`), or anyone. On a
classroom network (`make game HOST=0.0.0.0`) it also prints a QR code of the room's address
in the terminal, small enough for a laptop's screen, and writes it as an SVG file to project
(``--svg``, game/room-qr.svg from `make game`): students join by pointing a phone at it. On
127.0.0.1 only this computer can join, so there is no code to scan. The QR code is made by
segno (pure Python, in the game's environment), offline.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from urllib.parse import urlsplit

import segno

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def room_url(base: str, room: str) -> str:
    """The room's address under ``base`` (``http://host:port``)."""
    return f"{base.rstrip('/')}/room/{room}"


def on_this_computer_only(url: str) -> bool:
    """Whether ``url`` is reachable from this computer alone (a loopback address)."""
    return urlsplit(url).hostname in LOOPBACK


def qr_code(url: str) -> segno.QRCode:
    """The room's QR code: the smallest that holds ``url``, with medium error correction
    (a projected code read from the back of a room)."""
    return segno.make(url, error="m", micro=False)


def terminal_text(code: segno.QRCode) -> str:
    """The code drawn in the terminal with half-block characters (two rows a line)."""
    buffer = io.StringIO()
    code.terminal(out=buffer, compact=True, border=2)
    return buffer.getvalue()


def write_svg(code: segno.QRCode, path: Path) -> Path:
    """The code as an SVG file to project, scaled up, with a title naming what it opens."""
    code.save(str(path), kind="svg", scale=10, border=4, title="The game's room")
    return path


def who_joins(labels: Path | None) -> str:
    """Whom the room lets in: the ids in the label file ``labels``, or anyone without it."""
    if labels is None or not labels.is_file():
        return "  The room lets anyone in; `course game-labels` limits it to the class list."
    count = len(labels.read_text(encoding="utf-8").split())
    return f"  The room lets in the class list's {count} students, each with their own id."


def announce(base: str, room: str, svg: Path | None = None, labels: Path | None = None) -> str:
    """What `make game` prints: both addresses, whom the room lets in (its label file
    ``labels``), and on a network the room's QR code (its SVG written to ``svg``)."""
    url = room_url(base, room)
    lines = [
        "",
        f"  Students (the room):  {url}",
        f"  Instructor (admin):   {base.rstrip('/')}/rooms   (stop it with Ctrl+C)",
        who_joins(labels),
        "",
    ]
    if on_this_computer_only(url):
        lines.append("  (Only this computer can join; HOST=0.0.0.0 serves the class's network.)")
        return "\n".join(lines) + "\n"
    code = qr_code(url)
    lines.append(terminal_text(code))
    if svg is not None:
        lines.append(f"  The room's QR code to project: {write_svg(code, svg).resolve()}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base", help="the server's address, e.g. http://192.168.1.20:8010")
    parser.add_argument("room", help="the room's name (settings.ROOMS)")
    parser.add_argument("--svg", type=Path, help="write the room's QR code to this SVG file")
    parser.add_argument("--labels", type=Path, help="the room's participant label file")
    args = parser.parse_args(argv)
    sys.stdout.write(announce(args.base, args.room, args.svg, args.labels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
