"""The sandbox's world: the Slack stand-in, Docket over real HTTP, a database and a fake clock."""

from __future__ import annotations

import itertools
import secrets
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler
from sqlalchemy import Engine

from bot.clock import FakeClock
from bot.config import Settings
from bot.dates import warm_up
from bot.db import make_engine, migrate
from bot.deps import Deps
from bot.scheduler import catch_up, plan_job, prepare, run_due
from bot.slack.app import DocketApp, create_app, make_client
from bot.slack.web import BotServer
from sandbox.driver import Driver
from sandbox.slack_api import FakeSlack
from sandbox.socket_driver import SocketDriver

SANDBOX_TOKEN = "xoxb-sandbox"
PUBLIC_URL = "https://docket.sandbox"
SANDBOX_APP_TOKEN = "xapp-sandbox"


class World:
    """Everything the sandbox and end-to-end tests run: start() it, then drive it."""

    def __init__(
        self,
        *,
        start: datetime,
        settings: Settings | None = None,
        database_url: str | None = None,
        socket_mode: bool = False,
    ):
        self.clock = FakeClock(start)
        self.socket_mode = socket_mode
        self.slack = FakeSlack(
            bot_token=SANDBOX_TOKEN, app_token=SANDBOX_APP_TOKEN, clock=self.clock.now
        )
        # The sandbox's clock stands still between instructions, so a minute never ends: the
        # per-minute tiers would stall WebClient's sleeping retries. chat.postMessage's per-channel
        # limit stays on (the outbox retries it without sleeping).
        self.slack.rate_limits.tiers = False
        self._tmp: tempfile.TemporaryDirectory | None = None
        base = settings or Settings()
        if database_url is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="docket-sandbox-")
            database_url = f"sqlite:///{Path(self._tmp.name) / 'docket.db'}"
        base = replace(base, database_url=database_url)
        self._secret = secrets.token_hex(16)
        self.settings = replace(
            base,
            bot_token=SANDBOX_TOKEN,
            signing_secret=self._secret,
            app_token=SANDBOX_APP_TOKEN if socket_mode else None,
            pace_seconds=0.0,
            send_workers=1,  # one sender: transcripts list messages in a stable order
            public_url=PUBLIC_URL,  # feed links read the same in every run; :calendar maps it
        )
        self.engine: Engine | None = None
        self.server: BotServer | None = None
        self.driver: Driver | None = None
        self.socket_handler: SocketModeHandler | None = None
        self.app: DocketApp | None = None
        self.deps: Deps | None = None

    def start(self) -> World:
        """Start the stand-in, migrate the database and serve Docket on loopback."""
        self.slack.start()
        self.settings = replace(self.settings, api_url=self.slack.api_url)
        self.engine = engine = make_engine(self.settings.database_url)
        migrate(engine)
        count = itertools.count(1)
        self.deps = Deps(
            engine=engine,
            clock=self.clock,
            settings=self.settings,
            tokens=lambda: f"sandbox-feed-token-{next(count):04d}",  # stable transcripts
        )
        prepare(self.deps)
        # As the runner does before it listens: dateparser's data loaded now, not inside the
        # first dated command's ack. Cold, that load is ~0.3 s of CPU (and disk reads), which
        # under a load of 10+ on a shared machine took the first `/task … by Dec 20` of a fresh
        # process past the stand-in's 3 seconds (operation_timeout), though the app as deployed
        # never pays it in an ack. Warm, this is a few milliseconds.
        warm_up()
        client = make_client(self.settings.bot_token, self.settings.api_url)
        # The courier's thread is not started: the driver settles after each answer instead
        # (after-ack jobs finished, then the outbox sent), so each instruction ends complete.
        self.app = app = create_app(self.deps, client=client)
        if self.socket_mode:
            assert self.settings.app_token
            self.socket_handler = SocketModeHandler(app, self.settings.app_token)
            self.socket_handler.connect()
            sockets = self.slack.sockets
            if sockets is None or not sockets.wait_connected():
                raise RuntimeError("Docket did not connect to the stand-in over Socket Mode")
            self.driver = SocketDriver(slack=self.slack)
            self.driver.settle = app.settle
            self.server = BotServer(app, deps=self.deps).start()  # calendar feeds, probes
            return self
        self.server = BotServer(app, deps=self.deps).start()
        self.driver = Driver(bot_url=self.server.url, signing_secret=self._secret, slack=self.slack)
        self.driver.settle = app.settle
        return self

    def advance_to(self, end: datetime) -> int:
        """Move the clock to end, running every scheduler job due on the way, in order."""
        assert self.deps is not None
        return run_due(self.deps, start=self.clock.now(), end=end, set_clock=self.clock.set)

    def plan(self) -> None:
        """Plan digests as the hourly job would (after the clock jumps)."""
        assert self.deps is not None
        plan_job(self.deps)

    def restart(self) -> None:
        """What Docket does when it starts again: plan, then send whatever fell due meanwhile."""
        assert self.deps is not None
        catch_up(self.deps)

    def stop(self) -> None:
        """Stop serving and release the temporary database."""
        if self.server is not None:
            self.server.stop()
        if self.socket_handler is not None:
            self.socket_handler.close()
        if self.app is not None:
            self.app.jobs.shutdown(wait=True)
        self.slack.stop()
        if self.engine is not None:
            self.engine.dispose()
        if self._tmp is not None:
            self._tmp.cleanup()
