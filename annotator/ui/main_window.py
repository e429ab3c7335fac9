"""The main window: lays out the panes, owns the actions and menus, opens and closes projects.

Moving between documents is in `window_documents`, the labels' menu and keys in `window_labels`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QUndoGroup
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from annotator.core.model import Label
from annotator.store import DamagedProjectError, Project, ProjectError
from annotator.ui import dialogs, theme
from annotator.ui.actions import WindowActions, make_window_actions, shortcut_rows
from annotator.ui.backup.controller import WindowBackups
from annotator.ui.commands import EditSession
from annotator.ui.document_details import DocumentDetails
from annotator.ui.document_labels.controller import DocumentLabelsController
from annotator.ui.document_list import DocumentList
from annotator.ui.editor import AnnotationEditor
from annotator.ui.find_bar import FindBar
from annotator.ui.inspector import Inspector
from annotator.ui.instance_lock import ProjectLock, lock_path
from annotator.ui.label_bar import LabelBar
from annotator.ui.outside_changes import OutsideChanges
from annotator.ui.project_files import ProjectFiles, recent_projects, remember_project
from annotator.ui.review.controller import ReviewController
from annotator.ui.search.controller import SearchController
from annotator.ui.span_panel import SpanPanel
from annotator.ui.statistics.controller import StatisticsController
from annotator.ui.suggestions.controller import SuggestionsController
from annotator.ui.team.controller import TeamController
from annotator.ui.team.name import annotator_name
from annotator.ui.text_view import AnnotatedTextView
from annotator.ui.window_documents import DocumentNavigation, last_document_key
from annotator.ui.window_labels import LabelMenus


class MainWindow(DocumentNavigation, LabelMenus, QMainWindow):
    labelsChanged = Signal()  # after a label edit, its undo or redo is shown in the window
    # For feature controllers (suggestions, review, search…) that follow the window.
    projectLoaded = Signal()  # a project was opened (self.project, self.session are set)
    documentOpened = Signal(object)  # the id of the document now shown, or None

    def __init__(self, project_path: Path) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.project: Project | None = None
        self.session: EditSession | None = None
        self.document_id: int | None = None
        self.lock: ProjectLock | None = None  # the open project's: one window per project
        self.label_actions: dict[str, tuple[QAction, QAction]] = {}
        self.all_labels: list[Label] = []  # every label, document labels too (editor.labels: span ones)

        self.documents = DocumentList()
        self.view = AnnotatedTextView()
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # titles may contain markup: shown literally
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; padding: 4px 8px;")
        self.details = DocumentDetails()
        # In a wide window the title and its details stand over the text, not at the far left.
        self.view.marginChanged.connect(
            lambda side: [label.setContentsMargins(side, 0, side, 0) for label in (self.title, self.details)]
        )
        # Shown for as long as a read-only project is open: every edit would be refused.
        self.read_only_banner = QLabel()
        self.read_only_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet("background: #fff3cd; color: #4d3800; padding: 4px 8px;")
        self.read_only_banner.hide()
        self.label_bar = LabelBar()
        self.find_bar = FindBar(self.view)
        self.spans = SpanPanel()
        self.inspector = Inspector()
        self.editor = AnnotationEditor(self.view, self.spans, self.inspector, self)
        self.editor.message.connect(self.show_message)
        self.editor.spanCountChanged.connect(self._span_count_changed)
        self.editor.documentRequested.connect(self.open_document)
        self.undo_group = QUndoGroup(self)
        self.files = ProjectFiles(self, self._project_path, self._imported, self.show_message)
        self.backups = WindowBackups(self)
        self.document_labels = DocumentLabelsController(self)  # toggles under the title, Ctrl+Alt+1…9
        self.search = SearchController(self)  # the search panel (Ctrl+Shift+F) and list filter (Ctrl+K)
        self.actions = self._make_actions()
        # The group's own slot runs first: afterwards the step just undone is the one to redo.
        self.actions.undo.triggered.connect(lambda: self._say_undo("Undone", self.undo_group.redoText()))
        self.actions.redo.triggered.connect(lambda: self._say_undo("Redone", self.undo_group.undoText()))
        self._build_layout()
        self._build_menus()
        # Feature controllers that add menu items come after the menus exist (their own menus
        # then follow the standard ones).
        self.statistics = StatisticsController(self)
        self.review = ReviewController(self)  # Team > Review disagreements (after the menus: adds one)
        self.suggestions = SuggestionsController(self)  # the Suggestions menu, keys and painting
        self.team = TeamController(self)  # annotator name (status bar, Edit), File > Merge, Team > Agreement
        self.documents.documentActivated.connect(self.open_document)
        self.label_bar.labelClicked.connect(self._label_clicked)
        self.statusBar()
        # The project named at start must open: otherwise there is no window to speak of, and
        # run() reports the reason in one line (later File > Open failures show a dialog instead).
        self.load_project(project_path, raise_errors=True)
        self._restore_geometry()

    # --- construction --------------------------------------------------------------------------

    def _make_actions(self) -> WindowActions:
        return make_window_actions(self, self.undo_group, self._edit)

    def _edit(self, method: str):  # noqa: ANN202 - a slot factory
        return lambda: getattr(self.editor, method)() if self.session is not None else None

    def _build_layout(self) -> None:
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.read_only_banner)
        column.addWidget(self.label_bar)
        column.addWidget(self.title)
        column.addWidget(self.details)
        column.addWidget(self.view, 1)
        column.addWidget(self.find_bar)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.spans)
        right.addWidget(self.inspector)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.documents)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        # A dragged handle stops at a panel's minimum width: a collapsed panel looked like a lost one.
        self.splitter.setChildrenCollapsible(False)
        right.setChildrenCollapsible(False)
        self.splitter.setSizes([260, 760, 320])
        self.setCentralWidget(self.splitter)

    def _build_menus(self) -> None:
        a = self.actions
        menu = self.menuBar().addMenu("&File")
        menu.addActions([a.new_project, a.open_project])
        self.recent_menu = menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu.addSeparator()
        menu.addActions([a.import_files, a.import_folder, a.export])
        menu.addSeparator()
        menu.addActions([a.save_copy, a.restore_backup])
        menu.addSeparator()
        menu.addAction(a.quit)
        menu = self.menuBar().addMenu("&Edit")
        menu.addActions([a.undo, a.redo])
        menu.addSeparator()
        menu.addActions([a.delete_span, a.link, a.tag_all, a.tag_all_in_project])
        menu.addSeparator()
        menu.addActions([a.find, a.find_next])
        self.view_menu = self.menuBar().addMenu("&View")
        self.view_menu.addActions([a.zoom_in, a.zoom_out, a.zoom_reset])
        self.view_menu.addSeparator()
        self.view_menu.addAction(a.show_all_links)
        self.view_menu.addSeparator()
        self.theme_actions = theme.add_theme_menu(self.view_menu)
        self.labels_menu = self.menuBar().addMenu("&Labels")
        menu = self.menuBar().addMenu("&Document")
        menu.addActions([a.mark_done, a.mark_skipped, a.mark_todo, a.next_document, a.previous_document])
        menu = self.menuBar().addMenu("&Help")
        menu.addAction(a.shortcuts_help)
        # Menus may be hidden (or native): shortcuts must still work from anywhere in the window.
        self.addActions(list(a))

    # --- project -------------------------------------------------------------------------------

    def load_project(self, path: Path, raise_errors: bool = False) -> bool:
        # Reopening this window's own project keeps its lock; any other is locked before it is
        # opened, so a window refused because of another leaves the file untouched.
        lock = self.lock if self.lock is not None and self.lock.path == lock_path(path) else ProjectLock(path)
        same = lock is self.lock
        try:
            warning = lock.acquire()
            project = Project(path, annotator=annotator_name())  # recorded on spans, links, statuses
        except DamagedProjectError as error:
            if not same:
                lock.release()
            if raise_errors:
                raise
            from annotator.ui.backup.recovery import offer_recovery

            replacement = offer_recovery(self, path, error)
            return self.load_project(replacement) if replacement is not None else False
        except (ProjectError, OSError) as error:
            if not same:
                lock.release()
            if raise_errors:
                raise
            dialogs.show_error(self, "Cannot open project", str(error))
            return False
        self._close_project(keep_lock=same)
        self.lock = lock
        if warning:
            self.show_message(warning)
        self.project = project
        self.read_only_banner.setText(project.read_only_notice)
        self.read_only_banner.setVisible(project.read_only)
        self.session = EditSession(project, self)
        self.undo_group.addStack(self.session.undo_stack)
        self.undo_group.setActiveStack(self.session.undo_stack)
        self.editor.set_session(self.session)
        self.session.statusChanged.connect(self._status_changed)
        self.session.failed.connect(self._edit_failed)
        self.session.labelsEdited.connect(self.labels_changed)
        self.outside = OutsideChanges(project, self.session)
        self.outside.changed.connect(self.reload_from_file)
        remember_project(path)
        self._set_labels(project.labels())
        self.documents.set_summaries(project.document_summaries())
        last = QSettings().value(last_document_key(project.path), 0, type=int)
        ids = [summary.id for summary in self.documents.model.summaries()]
        self.projectLoaded.emit()
        self.open_document(last if last in ids else (ids[0] if ids else None))
        self.backups.project_opened(path)
        return True

    def _close_project(self, keep_lock: bool = False) -> None:
        if self.project is not None:
            self.editor.load_document(None)  # lets go of the document's span snapshot before the file
        if self.session is not None:
            self.outside.stop()  # its timer would otherwise read the closed file until deleteLater runs
            self.undo_group.removeStack(self.session.undo_stack)
            self.session.deleteLater()
        if self.project is not None:
            self.project.close()
        if self.lock is not None and not keep_lock:
            self.lock.release()  # after the file is shut: the next window finds it closed
        self.lock = None
        self.project = self.session = None
        self.document_id = None

    def reload_from_file(self) -> None:
        """Show the file as it is now: another program (or a failed edit) changed what it holds."""
        if self.project is None:
            return
        labels = self.project.labels()
        if labels != self.all_labels:
            self._set_labels(labels)
            self.labelsChanged.emit()
        self._reload_documents()
        self.editor.reload()
        self.documents.update_progress()

    def _edit_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 15000)
        if self.project is not None and not self.project.read_only:  # read-only: nothing was tried
            self.reload_from_file()

    def _project_path(self) -> Path:
        assert self.project is not None
        return self.project.path

    def _say_undo(self, done: str, text: str) -> None:
        if text:
            self.show_message(f"{done}: {text}")

    def _imported(self, new_labels: list[str]) -> None:
        """After an import: new documents in the list; labels it brought in everywhere."""
        if self.project is None:  # the window closed while the import ran
            return
        if new_labels:
            self.labels_changed()
            # Undoing a label edit made before the import could now clash with the labels it
            # brought: the history stops here.
            if self.session is not None:
                self.session.undo_stack.clear()
            self.show_message(f"New labels from the import: {', '.join(new_labels)}.")
        else:
            self._reload_documents()

    def new_project(self) -> None:
        path = dialogs.ask_new_project(self)
        if path is not None:
            self.load_project(path)

    def open_project(self) -> None:
        path = dialogs.ask_open_project(self)
        if path is not None:
            self.load_project(path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in recent_projects():
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.load_project(p))
        self.recent_menu.setEnabled(True)

    # --- help, messages, settings, drops -------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        # Feature controllers add their actions to the window (so their keys work everywhere).
        return shortcut_rows(self.actions, self.label_actions, self.actions_list())

    def actions_list(self) -> list[QAction]:
        return list(QMainWindow.actions(self))

    def show_shortcuts(self) -> None:
        dialogs.show_shortcuts(self, self.shortcut_rows())

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry", QByteArray(), type=QByteArray)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            # Never larger than the screen's free area: at 200 % scaling 1340x820 is 2680x1640 pixels.
            screen = self.screen().availableGeometry()
            frame = 40  # room for the window manager's title bar and borders
            self.resize(min(1340, screen.width() - frame // 2), min(820, screen.height() - frame))
        splitter = settings.value("window/splitter", QByteArray(), type=QByteArray)
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)

    def changeEvent(self, event: QEvent) -> None:
        # Coming back to the window from a terminal that ran `annotator import`: show it at once.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.project:
            self.outside.check()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        self.files.wait()
        self.backups.wait()
        self._close_project()  # a finished import's queued signal then finds no project, and stops
        super().closeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files.start_import(paths)

