"""A real worker on the configured broker, and /healthz telling the truth about it."""

import pytest

from project.celery import ping

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_task_round_trips_through_a_real_worker(celery_worker_process):
    result = ping.delay()
    assert result.get(timeout=30) == "pong"


def test_healthz_is_200_with_database_broker_and_worker_up(client, celery_worker_process):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "broker": "up", "worker": "up"}


def test_healthz_is_503_when_the_worker_is_down(client, celery_worker_process):
    from project.worker_process import worker_stop

    worker_stop(celery_worker_process)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == "down"
    assert response.json()["database"] == "up"
