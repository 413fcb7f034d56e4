"""Replays every SQL statement the test run sent to ClickHouse 18.16 on a current
ClickHouse engine (chdb-core, in-process), in the same order and databases, so the
project's SQL is proven on both. Exits non-zero when any statement fails.

usage: replay.py SQL_LOG   (JSON lines: {"kind", "database", "text"})
"""

import json
import sys
import tempfile

from chdb import session


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        entries = [json.loads(line) for line in f if line.strip()]
    seen = set()
    failures = []
    replayed = 0
    # The session is closed before its directory is removed; the engine's background
    # merges could still be writing there, and a directory left behind is no verdict on
    # the SQL, so removing it may fail without failing the replay.
    with tempfile.TemporaryDirectory(
        prefix="chdb-replay-", ignore_cleanup_errors=True
    ) as data, session.Session(data) as s:
        version = s.query("SELECT version()", "CSV").bytes().decode().strip().strip('"')
        current_db = None
        for entry in entries:
            db, text = entry["database"], entry["text"]
            # Identical statements in the same database prove nothing new.
            key = (db, text)
            if key in seen:
                continue
            seen.add(key)
            if db != current_db:
                s.query(f"CREATE DATABASE IF NOT EXISTS `{db}`")
                s.query(f"USE `{db}`")
                current_db = db
            try:
                s.query(text, "Null" if entry["kind"] == "query" else "CSV")
                replayed += 1
            except Exception as err:  # noqa: BLE001 - every failure is reported below
                failures.append((entry["kind"], text, str(err).strip().splitlines()[0]))
    print(f"chdb {version}: {replayed} distinct statements replayed, {len(failures)} failed")
    for kind, text, err in failures[:50]:
        print(f"--- {kind} failed: {err}\n{text[:2000]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
