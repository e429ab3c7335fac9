"""The main window's labels: the Labels menu and keys, the label editor, tagging by label."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from annotator.core.model import Label, LabelKind
from annotator.ui.actions import new_action

if TYPE_CHECKING:
    from annotator.ui.label_dialog import LabelDialog
    from annotator.ui.main_window import MainWindow


class LabelMenus:
    """Mixed into `MainWindow`: a label's key or click tags; label edits show everywhere."""

    def _set_labels(self: MainWindow, labels: list[Label]) -> None:
        self.all_labels = list(labels)
        # Document labels (topic, genre) label whole documents: no span button, key, menu or combo.
        labels = [label for label in labels if label.kind != LabelKind.DOCUMENT]
        self.editor.set_labels(labels)
        self.label_bar.set_labels(labels)
        reserved = self.reserved_keys()
        for tag, exact in self.label_actions.values():
            self.removeAction(tag)
            self.removeAction(exact)
        self.labels_menu.clear()
        self.label_actions = {}
        for label in labels:
            # A key a window command has (a file from elsewhere may hold one) stays the command's.
            keys = [label.key] if label.key and label.key.lower() not in reserved else []
            tag = new_action(self, f"Tag as {label.name}", lambda n=label.name: self.tag(n), keys)
            exact = new_action(
                self,
                f"Tag as {label.name}, exact characters",
                lambda n=label.name: self.tag(n, exact=True),
                [f"Alt+{k}" for k in keys],
            )
            self.label_actions[label.name] = (tag, exact)
            self.labels_menu.addAction(tag)
            self.addActions([tag, exact])
        self.labels_menu.addSeparator()
        self.labels_menu.addAction(self.actions.add_label)
        self.labels_menu.addAction(self.actions.edit_labels)


    def add_label(self: MainWindow) -> None:
        if self.session is None:
            return
        dialog = self.label_dialog()
        dialog.ask_add()  # name, kind, key and colour in one dialog
        dialog.deleteLater()


    def edit_labels(self: MainWindow) -> None:
        if self.session is not None:
            dialog = self.label_dialog()
            dialog.exec()
            dialog.deleteLater()


    def label_dialog(self: MainWindow) -> LabelDialog:
        """The label editor, its changes undoable from this window's Edit menu."""
        # Imported when first wanted: its colour picker and form widgets are not needed to start.
        from annotator.ui.label_dialog import LabelDialog

        assert self.project is not None and self.session is not None
        return LabelDialog(self.session, self.labelsChanged, self, reserved_keys=self.reserved_keys())


    def reserved_keys(self: MainWindow) -> set[str]:
        """Single keys the window's own actions use (S links): label keys must not take them."""
        label_actions = {action for pair in self.label_actions.values() for action in pair}
        return {
            sequence.toString().lower()
            for action in self.findChildren(QAction) if action not in label_actions
            for sequence in action.shortcuts() if len(sequence.toString()) == 1
        }


    def labels_changed(self: MainWindow) -> None:
        """After a label edit: new keys, colours and names everywhere, spans reloaded."""
        assert self.project is not None
        self._set_labels(self.project.labels())
        self._reload_documents()
        if self.document_id is not None:
            self.editor.load_document(self.project.document(self.document_id))
        self.labelsChanged.emit()


    def tag(self: MainWindow, label: str, exact: bool = False) -> None:
        # With the caret on a suggestion and nothing selected, the key accepts it as that label.
        if self.session is not None and not self.suggestions.keys.take_label_key(label):
            self.editor.tag(label, exact)


    def _label_clicked(self: MainWindow, label: str) -> None:
        from PySide6.QtWidgets import QApplication

        exact = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.AltModifier)
        self.tag(label, exact)
        self.view.setFocus()

