"""Ingestion of CleverTap analytics keys (``ct-evt`` / ``ct-up``) from WhatsApp Flows payloads.

    x = waflows.ingest.extract(request.data)          # dict or JSON text
    x.event       # {"evtName": ..., "evtData": {...}} or None
    x.profile     # {...} or None
    x.problems    # [Problem(code, key, pointer, message, outcome, value)]
    x.rest        # the payload without the ingestion keys

    records = waflows.ingest.records_from_webhook(webhook_body)   # list[dict]
    for body in waflows.ingest.upload_bodies(records):            # {"d": [...]} x <= 1000
        post("https://<region>.api.clevertap.com/1/upload", body)

The default policy is ``"drop_field"``: a bad field is left out of its record and reported
(with its value), a bad record (no usable ``evtName``, wrong structure) is dropped and
reported. ``"drop_record"`` drops the whole record on any problem; ``"keep_and_warn"``
keeps what can still form a record and only reports.
"""

from __future__ import annotations

from ._waflows import (
    Extraction,
    Problem,
    WebhookIngest,
    extract,
    ingest_webhook,
    problem_codes,
    records_from_webhook,
    upload_bodies,
)

__all__ = [
    "Extraction",
    "Problem",
    "WebhookIngest",
    "extract",
    "ingest_webhook",
    "problem_codes",
    "records_from_webhook",
    "upload_bodies",
]
