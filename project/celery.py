"""The Celery application.

Conventions for every task in Jamu (see README, "Background work"):

* tasks take ids, load what they need, call a service and are safe to run twice;
* they are queued after the transaction commits, with ``task.delay_on_commit(...)``
  (Celery's Django task class), never with ``delay`` inside an open transaction;
* ``acks_late`` is on, so a task whose worker dies is delivered again — hence idempotence.
"""

from celery import Celery

from project.startup import load_settings_or_exit

load_settings_or_exit()

app = Celery("jamu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="project.ping")
def ping() -> str:
    """Round trip used by the tests: proves a worker consumes from the configured broker."""
    return "pong"
