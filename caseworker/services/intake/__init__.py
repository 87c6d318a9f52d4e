"""Intake: referral lists, de-duplication and merging, WhatsApp chats (``services.intake``).

The GUI and the CLI use the one facade, ``Services.intake`` (`service.IntakeService`),
built on first use because its modules load the spreadsheet readers, the fuzzy matcher
and the Solar Hijri calendar. Importing this package, its requests and its results
(`dto`) loads none of them. Long jobs (``run_import``, ``scan_store``,
``import_whatsapp``) take ``progress(done, total)`` and ``cancelled()`` callables and
import no Qt.
"""

from __future__ import annotations

from caseworker.services.intake.dto import ImportRequest, MergeRequest

__all__ = ["ImportRequest", "MergeRequest"]
