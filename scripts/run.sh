#!/usr/bin/env bash
# Runs Finsam Plan on http://127.0.0.1:8000 (or $PORT) with an embedded SQLite database and demo data.
source "$(dirname "$0")/_env.sh"
apt_ensure "${RUNTIME_DEBS[@]}"
sync_venv --no-default-groups --inexact  # keeps test tools a developer may have installed
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py compilemessages -v 0 --ignore=.venv --ignore=.tools
.venv/bin/python manage.py load_demo_data
# The task worker renders PDFs off the request path; it stops with the server.
if .venv/bin/python manage.py help db_worker >/dev/null 2>&1; then
  .venv/bin/python manage.py db_worker >var/worker.log 2>&1 &
  WORKER=$!
  trap 'kill $WORKER 2>/dev/null || true' EXIT
fi
PORT="${PORT:-8000}"
echo "Finsam Plan: http://127.0.0.1:$PORT/"
exec_or_wait() { .venv/bin/python manage.py runserver "127.0.0.1:$PORT"; }
exec_or_wait
