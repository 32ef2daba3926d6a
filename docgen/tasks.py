"""Thin Celery tasks: take ids, load, call ``docgen.batches``. Safe to run twice (acks_late)."""

from __future__ import annotations

from celery import shared_task

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


@shared_task(name="docgen.batch_chunk")
def batch_chunk_task(batch_id: int, index: int) -> None:
    batch = DocumentBatch.objects.select_related("created_by").filter(pk=batch_id).first()
    if batch is None or batch.status != DocumentBatch.Status.RUNNING:
        return
    try:
        if batches.batch_chunk_render(batch, index):
            batch_assemble_task.delay_on_commit(batch_id)
    except Exception as error:
        batches.batch_fail(batch_id, error)
        raise


@shared_task(name="docgen.batch_assemble")
def batch_assemble_task(batch_id: int) -> None:
    batch = DocumentBatch.objects.select_related("created_by").filter(pk=batch_id).first()
    if batch is None or batch.status == DocumentBatch.Status.FAILED:
        return
    try:
        batches.batch_assemble(batch)
    except Exception as error:
        batches.batch_fail(batch_id, error)
        raise
