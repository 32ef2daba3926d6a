"""Thin Celery tasks: take ids, load, call ``docgen.batches``. Safe to run twice (acks_late)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from docgen import batches
from docgen.models import DocumentBatch


@shared_task(name="docgen.batch_start")
def batch_start_task(batch_id: int) -> None:
    batch = DocumentBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.status in (DocumentBatch.Status.DONE, DocumentBatch.Status.FAILED):
        return
    try:
        batches.batch_start(batch)
    except Exception as error:
        batches.batch_fail(batch_id, error)
        raise


# A locked database (SQLite with two worker processes) is retried, not reported as a failure.
RETRY = {"bind": True, "autoretry_for": (OperationalError,), "retry_backoff": 1, "max_retries": 8}


def _give_up(task, error: Exception) -> bool:
    return not isinstance(error, OperationalError) or task.request.retries >= task.max_retries


@shared_task(name="docgen.batch_chunk", **RETRY)
def batch_chunk_task(self, batch_id: int, index: int) -> None:
    batch = DocumentBatch.objects.select_related("created_by").filter(pk=batch_id).first()
    if batch is None or batch.status != DocumentBatch.Status.RUNNING:
        return
    try:
        if batches.batch_chunk_render(batch, index):
            batch_assemble_task.delay_on_commit(batch_id)
    except Exception as error:
        if _give_up(self, error):
            batches.batch_fail(batch_id, error)
        raise


@shared_task(name="docgen.batch_assemble", **RETRY)
def batch_assemble_task(self, batch_id: int) -> None:
    batch = DocumentBatch.objects.select_related("created_by").filter(pk=batch_id).first()
    if batch is None or batch.status == DocumentBatch.Status.FAILED:
        return
    try:
        batches.batch_assemble(batch)
    except Exception as error:
        if _give_up(self, error):
            batches.batch_fail(batch_id, error)
        raise
