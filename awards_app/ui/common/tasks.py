"""Background jobs: the only module that touches threads.

A job is a plain function ``job(progress, cancelled) -> result`` written against the
services' progress/cancel callbacks; it never touches a widget. Results and errors come back
to the main thread through Qt signals.
"""

from __future__ import annotations

import gc
import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QWidget

Job = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class _MainThreadCollector(QObject):
    """While any job runs, Python's garbage collector runs on the UI thread only.

    An automatic collection can start in whichever thread happens to allocate; if it frees
    a Qt object from a worker thread, Qt crashes. So automatic collection is switched off
    while jobs run and the UI thread collects on a timer instead (pyqtgraph does the same).
    """

    def __init__(self) -> None:
        super().__init__()
        self.jobs = 0
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self.collect)

    def job_started(self) -> None:
        self.jobs += 1
        if self.jobs == 1:
            gc.disable()
            self.timer.start()

    def job_ended(self) -> None:
        self.jobs = max(0, self.jobs - 1)
        if self.jobs == 0:
            self.timer.stop()
            gc.enable()

    @staticmethod
    def collect() -> None:
        low, middle, high = gc.get_threshold()
        first, second, third = gc.get_count()
        if first > low:
            gc.collect(0)
            if second > middle:
                gc.collect(1)
                if third > high:
                    gc.collect(2)


_collector: _MainThreadCollector | None = None


def _main_thread_collector() -> _MainThreadCollector:
    global _collector
    if _collector is None:
        _collector = _MainThreadCollector()
    return _collector


class TaskSignals(QObject):
    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    ended = Signal()


class Task(QRunnable):
    """Runs a job on the thread pool; ``cancel()`` asks the job to stop at its next check."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.job = job
        self.signals = TaskSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self.job(self.signals.progress.emit, self._cancel.is_set)
        except BaseException as exc:  # handed to the main thread, which decides what to show
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.ended.emit()


class TaskRunner(QObject):
    """Starts tasks and keeps them alive until they end; ``busy`` tells tests and the UI."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: set[Task] = set()
        # Ended tasks are kept a while: a worker may still be returning from ``run`` when
        # the UI thread hears the task ended, and must not find its runnable freed.
        self._retired: deque[Task] = deque(maxlen=32)
        self._quiet: set[Task] = set()
        self.pool = QThreadPool.globalInstance()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def start(
        self,
        job: Job,
        *,
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        on_ended: Sequence[Callable[[], object]] = (),
    ) -> Task:
        """Run ``job`` on the pool; the runner is ``busy`` until it has ended."""
        task = self._prepare(job, on_success=on_success, on_error=on_error,
                             on_progress=on_progress, on_ended=on_ended)
        task.signals.ended.connect(lambda: self._finish(task), Qt.ConnectionType.QueuedConnection)
        was_busy = self.busy
        self._running.add(task)
        if not was_busy:
            self.busy_changed.emit(True)
        self.pool.start(task)
        return task

    def start_quietly(self, job: Job, *,
                      on_success: Callable[[Any], None] | None = None) -> Task:
        """Run a small job the window does for itself (a listener connecting again) on the
        pool without counting it in ``busy``, which would disable buttons; its failures are
        for the job to handle."""
        task = self._prepare(job, on_success=on_success, on_error=lambda _exc: None,
                             on_progress=None, on_ended=())

        def ended() -> None:
            _main_thread_collector().job_ended()
            self._quiet.discard(task)
            self._retired.append(task)

        task.signals.ended.connect(ended, Qt.ConnectionType.QueuedConnection)
        self._quiet.add(task)
        self.pool.start(task)
        return task

    @staticmethod
    def _prepare(
        job: Job,
        *,
        on_success: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_progress: Callable[[int, int], None] | None,
        on_ended: Sequence[Callable[[], object]],
    ) -> Task:
        # Every connection is made before the task can run, so a quick job's signals are
        # never emitted before anyone listens.
        task = Task(job)
        if on_success is not None:
            task.signals.succeeded.connect(on_success, Qt.ConnectionType.QueuedConnection)
        if on_error is not None:
            task.signals.failed.connect(on_error, Qt.ConnectionType.QueuedConnection)
        if on_progress is not None:
            task.signals.progress.connect(on_progress, Qt.ConnectionType.QueuedConnection)
        for slot in on_ended:
            task.signals.ended.connect(slot, Qt.ConnectionType.QueuedConnection)
        _main_thread_collector().job_started()
        return task

    def _finish(self, task: Task) -> None:
        if task not in self._running:
            return
        _main_thread_collector().job_ended()
        self._running.discard(task)
        self._retired.append(task)
        if not self.busy:
            self.busy_changed.emit(False)

    def start_with_dialog(
        self,
        parent: QWidget,
        title: str,
        job: Job,
        *,
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Task:
        """Run ``job`` behind a modal progress dialog with Cancel."""
        dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)  # quick jobs finish without a flash of a dialog
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setAccessibleName(title)

        def progress(done: int, total: int) -> None:
            if shiboken6.isValid(dialog):  # gone with its window while the job ran
                dialog.setMaximum(max(total, 1))
                dialog.setValue(done)

        def ended() -> None:
            if shiboken6.isValid(dialog):
                dialog.close()
                dialog.deleteLater()

        task = self.start(job, on_success=on_success, on_error=on_error, on_progress=progress,
                          on_ended=(ended,))
        dialog.canceled.connect(task.cancel)
        dialog.setValue(0)
        return task

    def run_and_wait(
        self,
        job: Job,
        *,
        waiting_title: str = "",
        waiting_text: Callable[[int], str] | None = None,
    ) -> Any:
        """Run ``job`` on the pool and return its result (or raise its error) without the UI
        thread ever blocking: a local event loop keeps every window painted meanwhile and
        leaves the person's clicks and keys queued until the job has ended, so nothing is
        pressed twice and focus stays where it was.

        A job that reports progress is waiting for something (another task's lock): then a
        modal note with Cancel appears, titled ``waiting_title`` and saying
        ``waiting_text(progress)``, and Cancel asks the job to stop.
        """
        loop = QEventLoop(self)
        outcome: list[tuple[bool, Any]] = []
        ended = False
        note: QProgressDialog | None = None

        def succeeded(value: object) -> None:
            outcome.append((True, value))

        def failed(error: BaseException) -> None:
            outcome.append((False, error))

        def finished() -> None:
            nonlocal ended
            ended = True
            loop.quit()

        def progress(done: int, _total: int) -> None:
            nonlocal note
            if ended:
                return
            text = waiting_text(done) if waiting_text is not None else waiting_title
            if note is None:
                note = QProgressDialog(text, "Stop waiting", 0, 0, QApplication.activeWindow())
                label = QLabel(text)
                label.setTextFormat(Qt.TextFormat.PlainText)  # may name a file
                label.setWordWrap(True)
                note.setLabel(label)
                note.setMinimumWidth(note.fontMetrics().averageCharWidth() * 60)
                note.setWindowTitle(waiting_title)
                note.setAccessibleName(waiting_title)
                note.setWindowModality(Qt.WindowModality.ApplicationModal)
                note.setAutoClose(False)
                note.setAutoReset(False)
                note.setMinimumDuration(0)
                note.canceled.connect(task.cancel)  # the button, Escape or the title bar's ✕
                note.rejected.connect(task.cancel)
                note.show()
                loop.quit()  # the note is modal: from now on input may flow, to it alone
            else:
                note.setLabelText(text)

        # Not counted in ``busy``: that disables long jobs' buttons, which must not flicker
        # at every save; and this returns only after the job has ended.
        task = self._prepare(job, on_success=succeeded, on_error=failed, on_progress=progress,
                             on_ended=(finished,))
        self.pool.start(task)
        while not ended:
            loop.exec(QEventLoop.ProcessEventsFlag.AllEvents if note is not None else
                      QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        _main_thread_collector().job_ended()
        self._retired.append(task)
        if note is not None:
            note.close()
            note.deleteLater()
        loop.deleteLater()
        ok, value = outcome[0]
        if ok:
            return value
        raise value
