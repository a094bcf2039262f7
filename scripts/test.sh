#!/usr/bin/env bash
# Passes all tests: installs what they need, runs ruff, the whole suite on SQLite, then the
# suite again on a throwaway PostgreSQL server (browser tests run on the SQLite pass only).
# Tests without a browser run in parallel, one worker per core (pytest-xdist, each worker
# with its own test database); browser tests run one at a time, as two Chromiums and two
# live servers on two cores made their timings the thing under test.
source "$(dirname "$0")/_env.sh"
# libreoffice-calc-nogui: the Excel export opened, recalculated and saved by a real spreadsheet
apt_ensure "${RUNTIME_DEBS[@]}" postgresql chromium fonts-inter poppler-utils qpdf gettext \
  libreoffice-calc-nogui
sync_venv
export DJANGO_ALLOW_ASYNC_UNSAFE=true   # sync Playwright beside pytest-django's live_server
.venv/bin/ruff check .
.venv/bin/ruff format --check .
DJANGO_DEBUG=1 .venv/bin/python manage.py compilemessages -v 0 --ignore=.venv --ignore=.tools

WORKERS="${FINSAM_TEST_WORKERS:-auto}"

# pytest exits 5 when the arguments select no test of a pass (e.g. one test file): not a failure.
run_pytest() { .venv/bin/pytest -q "$@" || { rc=$?; [ "$rc" -eq 5 ] || return "$rc"; }; }

echo "== pytest on SQLite"
run_pytest -n "$WORKERS" -m "not browser" "$@"
echo "== pytest on SQLite, in Chromium"
run_pytest -m browser "$@"

echo "== pytest on PostgreSQL"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
PGDIR="$(mktemp -d /tmp/finsam-pg.XXXXXX)"
chmod 755 "$PGDIR"
PGRUN=(bash -c)
if [ "$(id -u)" -eq 0 ]; then chown postgres "$PGDIR"; PGRUN=(su postgres -s /bin/bash -c); fi
"${PGRUN[@]}" "$PGBIN/initdb -D $PGDIR/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null"
"${PGRUN[@]}" "$PGBIN/pg_ctl -D $PGDIR/data -l $PGDIR/log -w start -o '-p 54330 -k $PGDIR -c listen_addresses= -c fsync=off' >/dev/null"
trap '"${PGRUN[@]}" "$PGBIN/pg_ctl -D $PGDIR/data -m fast stop >/dev/null" || true; rm -rf "$PGDIR"' EXIT
# Tests that only read rendered text or a PDF's structure, or a spreadsheet as LibreOffice
# recalculates it, ask nothing of the database that SQLite has not answered already: they run
# once, on SQLite (about a minute of the PG pass). So do tests that never touch the database
# (FINSAM_DB_TESTS_ONLY, tests/conftest.py).
SQLITE_ONLY=(tests/i18n tests/pdf/test_pdf_{captions,charts,content,fragments,language,lists}.py
  tests/pdf/test_pdf_{pasted_lists,structure,tagging,tkr,fetcher,watermark}.py
  tests/budgets/test_excel_libreoffice.py)
FINSAM_DB_TESTS_ONLY=1 DATABASE_URL="postgres://postgres@/finsam?host=$PGDIR&port=54330" \
  run_pytest -n "$WORKERS" -m "not browser" "${SQLITE_ONLY[@]/#/--ignore=}" "$@"
