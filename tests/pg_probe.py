"""Exit 0 when PostgreSQL answers at the URL given (used by `make test`)."""

from __future__ import annotations

import sys

import psycopg


def main(url: str) -> int:
    """Try one connection; 0 if it answered."""
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(conninfo, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
