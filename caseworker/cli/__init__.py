"""Headless commands: the same services as the GUI."""
