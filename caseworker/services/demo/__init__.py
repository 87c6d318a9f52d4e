"""The synthetic caseload behind `caseworker demo`: realistic, deterministic, fast."""

from caseworker.services.demo.load import DemoResult, fill_store

__all__ = ["DemoResult", "fill_store"]
