"""Travel-authorisation letters: lifecycle, printing, signing keys, verification, settings."""

from caseworker.services.letters.printing import BatchResult, LetterPdf
from caseworker.services.letters.service import LetterService
from caseworker.services.letters.views import LetterView

__all__ = ["BatchResult", "LetterPdf", "LetterService", "LetterView"]
