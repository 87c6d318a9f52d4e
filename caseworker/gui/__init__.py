"""The Qt desktop application."""

from caseworker.gui.compat import immortalise_bools

immortalise_bools()
