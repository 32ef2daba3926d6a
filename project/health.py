"""``/healthz``: is the database, the broker and at least one worker answering?"""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from project.celery import app as celery_app

WORKER_PING_TIMEOUT_S = 2.0


def _database_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_up() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


def _workers_up() -> int:
    try:
        replies = celery_app.control.ping(timeout=WORKER_PING_TIMEOUT_S, limit=1)
    except Exception:
        return 0
    return len(replies or [])


@never_cache
def healthz(request):
    database = _database_up()
    broker = _broker_up()
    workers = _workers_up() if broker else 0
    healthy = database and broker and workers > 0
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": "up" if database else "down",
        "broker": "up" if broker else "down",
        "worker": "up" if workers else "down",
    }
    return JsonResponse(body, status=200 if healthy else 503)
