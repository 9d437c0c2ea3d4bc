"""Composition root: .env -> Settings -> engine -> app -> scheduler -> runner."""

from __future__ import annotations

import os
import sys

USAGE = """usage: python -m bot [COMMAND]
  (none)     run Docket: Slack when credentials are set, else the sandbox
  sandbox    the offline workspace [--script FILE]
  web        HTTP mode only (no scheduler), for the Procfile's web process
  clock      the scheduler alone, for the Procfile's clock process [--drain: send what is due, exit]
  dates      read date phrases on stdin, print JSON lines [--now ISO] [--tz ZONE] [--court X]
  migrate    bring the database schema up to date
  doctor     check settings, database, token, scopes and manifest.yml before going live"""


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the bot, the sandbox, the clock or a tool."""
    argv = sys.argv[1:] if argv is None else argv
    from bot.checkout import ensure

    problem = ensure(argv)  # a fresh clone: re-runs this in .venv (made first), not returning
    if problem is not None:
        print(f"docket: {problem}", file=sys.stderr)
        return 2
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    if command in ("-h", "--help", "help"):
        print(USAGE)
        return 0
    if command == "dates":
        from bot.dates.cli import main as dates_main

        return dates_main(rest)

    from dotenv import load_dotenv

    from bot.config import ConfigError, load_settings

    load_dotenv(os.environ.get("DOCKET_ENV_FILE", ".env"))
    try:
        settings = load_settings()
    except ConfigError as error:
        if command == "doctor":  # a bad setting is the doctor's first finding, not a crash
            print(f"FAIL  settings  {error} -> fix it in .env (see .env.example)")
            return 1
        print(f"docket: configuration error: {error}", file=sys.stderr)
        return 2
    from bot.logs import setup

    setup(settings.log_level, settings.log_format)
    if command == "sandbox" or (command == "run" and not settings.has_slack):
        from sandbox.main import main as sandbox_main

        database_url = settings.database_url if os.environ.get("DATABASE_URL") else None
        return sandbox_main(rest, settings, database_url)
    if command == "doctor":
        from bot.doctor import main as doctor_main

        return doctor_main(settings, sys.stdout)
    from bot import runner

    if command == "clock" and "--drain" in rest:
        command = "drain"
    if command in ("run", "web", "clock", "drain", "migrate"):
        return runner.run(command, settings)
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
