"""A class of players over HTTP, for the game's load test and its benchmark.

A player joins the session in the room ``class`` with a participant label, then plays to
the last page as a student who accepts every form as it is shown: a page with a form is
submitted with the values it is prefilled with (an input's value, a radio group's checked
or first choice, a select's selected or first option), so the client knows no page of the
game by name and plays whatever pages the app has. Like a browser, a player opens the
websocket each page names (oTree's wait-page socket on a wait page, its auto-advance socket
on any other page) and, on a page it cannot submit, waits for the server's push before
asking for the page again; only if the socket fails does it ask again after a long pause
(counted). Every request is timed, one by one (redirects are followed by hand, so each is
a request of its own).

`class_server` runs `otree prodserver` on 127.0.0.1 against a PostgreSQL database (the
tests' `postgres_server` gives one) and creates the session in the room; `play_class`
plays it with one thread per player. Both the load test (tests/game/test_load.py) and
`python -m benchmarks game` use them.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import requests
import websocket

from tests.harness import ROOT, free_port, running_server

GAME = ROOT / "game"
GAME_VENV = ROOT / ".venv-game"
OTREE = GAME_VENV / "bin" / "otree"
REST_KEY = "load-test-key"
ROOM = "class"
POLL_SECONDS = 5.0  # a page is asked for again after this pause if its websocket failed
PUSH_SECONDS = 60.0  # a page whose socket stays silent this long is asked for again
LAST_PAGE = "/OutOfRangeNotification/"  # oTree's page after a participant's last page


# --- one page's form ----------------------------------------------------------------------


class FormReader(HTMLParser):
    """The fields of a page's POST form and their prefilled values, and whether the page is
    one of oTree's wait pages."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.has_form = False
        self.is_wait_page = False
        self.socket_path: str | None = None  # the websocket the page opens
        self.fields: dict[str, str] = {}
        self._in_form = False
        self._radios: dict[str, str] = {}  # the first choice of each radio group
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attr = {name: (value or "") for name, value in attrs}
        if "otree-wait-page" in attr.get("class", "").split():
            self.is_wait_page = True
        if tag == "script" and attr.get("id") == "websocket-redirect":
            self.socket_path = attr.get("data-socket-url") or None
        if tag == "form" and attr.get("method", "get").lower() == "post":
            self.has_form, self._in_form = True, True
        if not self._in_form:
            return
        name = attr.get("name")
        if tag == "input" and name:
            self._input(name, attr)
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select:
            self._options.append((attr.get("value", ""), "selected" in attr))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def _input(self, name: str, attr: dict[str, str]) -> None:
        kind = attr.get("type", "text").lower()
        value = attr.get("value", "")
        if kind in ("submit", "button", "image", "file", "reset"):
            return
        if kind == "radio":
            self._radios.setdefault(name, value)
            if "checked" in attr:
                self.fields[name] = value
        elif kind == "checkbox":
            if "checked" in attr:
                self.fields[name] = value or "on"
        else:
            self.fields[name] = value

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            choices = [value for value, _ in self._options if value]
            if chosen or choices:
                self.fields[self._select] = (chosen or choices)[0]
            self._select = None

    def close(self):
        super().close()
        for name, first in self._radios.items():
            self.fields.setdefault(name, first)


WAIT_SOCKET = re.compile(r"""makeReconnectingWebSocket\(\s*["']([^"']+)["']\s*\)""")


def read_page(html: str) -> FormReader:
    """A page's form, whether it is a wait page, and the websocket it opens (a wait page's
    script names its socket; any other page's names oTree's auto-advance socket)."""
    reader = FormReader()
    reader.feed(html)
    reader.close()
    if reader.is_wait_page and (found := WAIT_SOCKET.search(html)):
        reader.socket_path = unescape(found.group(1))
    return reader


def page_name(url: str) -> str:
    """The page's class name in an oTree page address (``/p/<code>/<app>/<Page>/<index>``)."""
    parts = urlparse(url).path.strip("/").split("/")
    return parts[3] if len(parts) >= 5 and parts[0] == "p" else parts[0]


# --- one player ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Timed:
    """One request: when it started and ended (time.perf_counter()), what and where."""

    start: float
    end: float
    method: str
    page: str  # the page asked for (a redirect's target is a request of its own)
    status: int
    poll: bool = False  # a page asked for again after its push (or after a pause)

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass
class Player:
    """A participant who joins with ``label`` and submits every form as it is prefilled.

    Attributes:
        label: The participant label it joins the room with.
        requests: Every request it made, in order.
        submitted: Each form it posted: (page name, the fields and values sent).
        choose: Given (page name, the prefilled fields), the fields to post instead (the
            load test types decisions of its own); None posts them as prefilled.
        before_submit: Called with (player, page name) just before a form is posted (the
            benchmark holds the sales players there to release them together).
        poll_seconds: The pause before a page is asked for again when its websocket
            failed.
        resent: How many requests were sent again after a dropped connection.
        sockets: How many websockets it opened (one a page, as a browser).
        pushes: How many pushes moved it on from a page it could not submit.
        fallbacks: How many times it asked for a page again because its socket failed or
            stayed silent.
    """

    label: str
    choose: Callable[[str, dict[str, str]], dict[str, str]] | None = None
    before_submit: Callable[[Player, str], None] | None = None
    poll_seconds: float = POLL_SECONDS
    resent: int = 0  # requests sent again after a dropped connection
    sockets: int = 0
    pushes: int = 0
    fallbacks: int = 0
    requests: list[Timed] = field(default_factory=list)
    submitted: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    error: BaseException | None = None

    def __post_init__(self):
        self._http = requests.Session()
        self._stop = threading.Event()

    @property
    def stopped(self) -> bool:
        """Whether a player of the class has failed (and this one should stop)."""
        return self._stop.is_set()

    def _send(self, method: str, url: str, data=None, poll=False) -> requests.Response:
        start = time.perf_counter()
        try:
            response = self._http.request(method, url, data=data, allow_redirects=False, timeout=60)
        except requests.ConnectionError:
            # A kept-alive connection the server closed as it was reused (uvicorn closes
            # one idle for 5 s): sent again once on a new one. oTree answers a page's form
            # posted twice by sending the player to the page they are on.
            self.resent += 1
            response = self._http.request(method, url, data=data, allow_redirects=False, timeout=60)
        end = time.perf_counter()
        self.requests.append(Timed(start, end, method, page_name(url), response.status_code, poll))
        if response.status_code >= 400:
            raise RuntimeError(
                f"{self.label}: {method} {url} answered {response.status_code}: "
                f"{response.text[-2000:]}"
            )
        return response

    def _follow(self, response: requests.Response) -> requests.Response:
        while response.is_redirect:
            url = urljoin(response.url, response.headers["location"])
            response = self._send("GET", url)
        return response

    def play(self, room_url: str, deadline: float) -> None:
        """Join the room and play every page to the last one (before ``deadline``, a
        time.monotonic() value, or RuntimeError)."""
        page = self._follow(self._send("GET", f"{room_url}?participant_label={self.label}"))
        while LAST_PAGE not in page.url:
            if time.monotonic() > deadline or self._stop.is_set():
                why = "another player failed" if self._stop.is_set() else "the deadline came"
                raise RuntimeError(f"{self.label}: still on {page.url} when {why}")
            form = read_page(page.text)
            socket = self._open(page.url, form.socket_path)
            try:
                if form.is_wait_page or not form.has_form:
                    self._await_push(socket, deadline)
                    page = self._follow(self._send("GET", page.url, poll=True))
                    continue
                name = page_name(page.url)
                fields = self.choose(name, dict(form.fields)) if self.choose else form.fields
                if self.before_submit:
                    self.before_submit(self, name)
            finally:
                if socket is not None:
                    socket.close()
            self.submitted.append((name, dict(fields)))
            page = self._follow(self._send("POST", page.url, data=fields))

    def _open(self, page_url: str, path: str | None) -> websocket.WebSocket | None:
        """The page's websocket, opened as the browser opens it on loading the page (None if
        the page names none or it cannot be opened)."""
        if not path:
            return None
        address = urlparse(page_url)
        try:
            socket = websocket.create_connection(
                f"ws://{address.netloc}{path}", timeout=PUSH_SECONDS
            )
        except (OSError, websocket.WebSocketException):
            return None
        self.sockets += 1
        return socket

    def _await_push(self, socket: websocket.WebSocket | None, deadline: float) -> None:
        """Wait until the server pushes that the page may move on (any message does: the
        browser reloads the page on each), or, without a socket or after a silence of
        PUSH_SECONDS, for poll_seconds.

        Raises:
            RuntimeError: if the server's message is an error.
        """
        if socket is not None:
            try:
                message = socket.recv()
            except (OSError, websocket.WebSocketException):
                message = None
            if message:
                if '"error"' in message:
                    raise RuntimeError(f"{self.label}: the server's websocket said {message}")
                self.pushes += 1
                return
        self.fallbacks += 1
        time.sleep(max(0.0, min(self.poll_seconds, deadline - time.monotonic())))

    def run(self, room_url: str, deadline: float, stop: threading.Event | None = None) -> None:
        """:meth:`play`, keeping an exception in ``error`` (for a thread); a player who
        fails sets ``stop``, and a player who sees it set stops (its firm would wait for
        ever), as does one who sees it set by another."""
        self._stop = stop or self._stop
        try:
            self.play(room_url, deadline)
        except BaseException as error:  # noqa: BLE001 (reported by play_class)
            self.error = error
            self._stop.set()


def play_class(room_url: str, players: list[Player], timeout: float = 600) -> None:
    """Play the session with one thread per player, all starting together.

    Raises:
        RuntimeError: naming the first player who failed (and why).
    """
    deadline, stop = time.monotonic() + timeout, threading.Event()
    threads = [threading.Thread(target=p.run, args=(room_url, deadline, stop)) for p in players]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failed = sorted(
        (p for p in players if p.error is not None),
        key=lambda p: "another player failed" in str(p.error),  # the first to fail first
    )
    if failed:
        raise RuntimeError(
            f"{len(failed)} of {len(players)} players failed; {failed[0].label}: {failed[0].error}"
        ) from failed[0].error


def labels(count: int) -> list[str]:
    return [f"student-{i + 1:02d}" for i in range(count)]


# --- the production server on PostgreSQL ----------------------------------------------------


def otree_url(url: str) -> str:
    """A database URL for oTree's SQLAlchemy 1.3 and psycopg2 (``postgresql://...``) from one
    for the course's SQLAlchemy 2 (``postgresql+psycopg://...``)."""
    return re.sub(r"^postgresql\+\w+://", "postgresql://", url)


@dataclass(frozen=True)
class ClassServer:
    """A running production server and its session: its base URL, the room's address, the
    session's code and the database URL (for psycopg)."""

    base: str
    room_url: str
    code: str
    database: str


@contextmanager
def class_server(
    database: str,
    participants: int,
    config: dict,
    log_dir: Path | None = None,
    otree: list[str] | None = None,
) -> Iterator[ClassServer]:
    """`otree prodserver` on 127.0.0.1 with its decisions in ``database`` (PostgreSQL; oTree
    creates its tables on start), a session of ``participants`` in the room, the session
    options ``config`` over company_x's; stopped when the block ends. ``otree`` is the
    command run in place of the game environment's ``otree`` (the benchmark's stopwatch),
    in the project's folder.

    Raises:
        FileNotFoundError: if the game's environment (.venv-game) is not installed.
    """
    if not OTREE.exists():
        raise FileNotFoundError(f"{OTREE}: make .venv-game/.installed-game")
    work = Path(tempfile.mkdtemp(prefix="game-load-"))
    try:
        project = work / "game"
        shutil.copytree(GAME, project, ignore=shutil.ignore_patterns("db.sqlite3", "__pycache__"))
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV",)}
        env.update(
            PATH=f"{GAME_VENV / 'bin'}{os.pathsep}{env['PATH']}",
            DATABASE_URL=otree_url(database),
            OTREE_PRODUCTION="1",  # no debug pages: the server as a class runs it
            OTREE_AUTH_LEVEL="",
            OTREE_REST_KEY=REST_KEY,
        )
        port = free_port()
        log = (log_dir or work) / f"otree-{port}.log"
        command = [*(otree or [str(OTREE)]), "prodserver", f"127.0.0.1:{port}"]
        with running_server(
            command, port, log, cwd=project, timeout=90, status_path="/api/otree_version", env=env
        ) as base:
            answer = requests.post(
                f"{base}/api/sessions",
                json={
                    "session_config_name": "company_x",
                    "num_participants": participants,
                    "room_name": ROOM,
                    "modified_session_config_fields": config,
                },
                headers={"otree-rest-key": REST_KEY},
                timeout=120,
            )
            answer.raise_for_status()
            session = answer.json()
            yield ClassServer(base, session["room_url"], session["code"], database)
    finally:
        shutil.rmtree(work, ignore_errors=True)
