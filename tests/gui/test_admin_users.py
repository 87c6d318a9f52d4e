"""The administrators' users dialog, driven like a user would, checked against the store."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from caseworker.domain.errors import AuthenticationError, PermissionDenied
from caseworker.gui import user_forms
from caseworker.gui.admin_users import NewUserDialog, PasswordDialog, UsersDialog
from caseworker.services.api import Services
from caseworker.services.session import sign_in
from caseworker.store.engine import Store


@pytest.fixture
def dialog(qtbot: QtBot, admin: Services) -> UsersDialog:
    dialog = UsersDialog(admin)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _accepting(fill):  # type: ignore[no-untyped-def]
    """A stand-in for QDialog.exec: fill the form as a user would, then press OK."""

    def exec_(form: QDialog) -> int:
        fill(form)
        form.buttons.accepted.emit()
        return form.result()

    return exec_


def _status(dialog: UsersDialog, username: str) -> str:
    row = next(i for i, u in enumerate(dialog.model.users) if u.username == username)
    return str(dialog.model.index(row, 3).data())


def _signs_in(store: Store, username: str, password: str) -> bool:
    try:
        sign_in(store.location, username, password).store.close()
    except AuthenticationError:
        return False
    return True


def test_lists_users_and_passes_the_model_tester(qtmodeltester, dialog: UsersDialog) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(dialog.model)
    assert [u.username for u in dialog.model.users] == ["admin", "caseworker", "officer"]
    assert dialog.model.index(2, 2).data() == "Authorising officer"
    assert not dialog.password_button.isEnabled()  # nothing selected yet


def test_add_a_user_with_role_and_password(
    qtbot: QtBot, dialog: UsersDialog, admin: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(form: NewUserDialog) -> None:
        qtbot.keyClicks(form.username, "Zahra.N")
        qtbot.keyClicks(form.display_name, "Zahra Noori")
        form.role.setCurrentIndex(form.role.findData("officer"))
        qtbot.keyClicks(form.password, "a long new password")
        qtbot.keyClicks(form.repeat, "a long new password")

    monkeypatch.setattr(NewUserDialog, "exec", _accepting(fill))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "Added zahra.n" in dialog.message.text()
    assert dialog.selected() is not None and dialog.selected().username == "zahra.n"  # type: ignore[union-attr]
    added = next(u for u in admin.users.list() if u.username == "zahra.n")
    assert added.role == "officer" and added.display_name == "Zahra Noori" and not added.needs_password
    assert _signs_in(admin.store, "zahra.n", "a long new password")


def test_the_form_refuses_mismatched_or_short_passwords(qtbot: QtBot) -> None:
    form = PasswordDialog("officer")
    qtbot.addWidget(form)
    qtbot.keyClicks(form.password, "short")
    qtbot.keyClicks(form.repeat, "short")
    form.buttons.accepted.emit()
    assert form.result() != QDialog.DialogCode.Accepted and "at least 8" in form.problem.text()
    form.password.setText("long enough 1")
    form.repeat.setText("long enough 2")
    form.buttons.accepted.emit()
    assert "differ" in form.problem.text()


def test_disable_then_enable_with_a_new_password(
    qtbot: QtBot, dialog: UsersDialog, admin: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.stores import PASSWORD

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.select("officer")
    assert dialog.active_button.text() == "&Disable"
    qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
    assert _status(dialog, "officer") == "Disabled" and dialog.active_button.text() == "&Enable…"
    assert not _signs_in(admin.store, "officer", PASSWORD)

    def fill(form: PasswordDialog) -> None:
        form.password.setText("officer's new password")
        form.repeat.setText("officer's new password")

    monkeypatch.setattr(PasswordDialog, "exec", _accepting(fill))
    qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
    assert _status(dialog, "officer") == "Active"
    assert _signs_in(admin.store, "officer", "officer's new password")


def test_reset_password_and_change_role(
    qtbot: QtBot, dialog: UsersDialog, admin: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(form: PasswordDialog) -> None:
        form.password.setText("reset by the admin")
        form.repeat.setText("reset by the admin")

    monkeypatch.setattr(PasswordDialog, "exec", _accepting(fill))
    dialog.select("caseworker")
    qtbot.mouseClick(dialog.password_button, Qt.MouseButton.LeftButton)
    assert _signs_in(admin.store, "caseworker", "reset by the admin")

    def pick_read_only(form: QDialog) -> int:
        box = form.findChild(QComboBox)
        box.setCurrentIndex(box.findData("read_only"))
        form.buttons.accepted.emit()
        return form.result()

    monkeypatch.setattr(user_forms.Form, "exec", pick_read_only)
    qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
    assert dialog.model.index(1, 2).data() == "Read-only"


def test_service_errors_are_shown_and_change_nothing(
    qtbot: QtBot, dialog: UsersDialog, admin: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def pick_caseworker(form: QDialog) -> int:
        box = form.findChild(QComboBox)
        box.setCurrentIndex(box.findData("caseworker"))
        form.buttons.accepted.emit()
        return form.result()

    monkeypatch.setattr(user_forms.Form, "exec", pick_caseworker)
    dialog.select("admin")
    qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
    assert "last active administrator" in dialog.message.text()
    assert next(u for u in admin.users.list() if u.username == "admin").role == "admin"


def test_only_administrators_get_the_dialog(officer: Services) -> None:
    with pytest.raises(PermissionDenied):
        UsersDialog(officer)
