"""Background jobs: the only module that touches threads.

A job is a plain function ``job(progress, cancelled) -> result`` written against the
services' progress/cancel callbacks; it never touches a widget. Results and errors come back
to the main thread through Qt signals.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

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
        task.signals.ended.connect(lambda: self._finish(task), Qt.ConnectionType.QueuedConnection)
        was_busy = self.busy
        self._running.add(task)
        _main_thread_collector().job_started()
        if not was_busy:
            self.busy_changed.emit(True)
        self.pool.start(task)
        return task

    def _finish(self, task: Task) -> None:
        if task in self._running:
            _main_thread_collector().job_ended()
        self._running.discard(task)
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
            dialog.setMaximum(max(total, 1))
            dialog.setValue(done)

        task = self.start(job, on_success=on_success, on_error=on_error, on_progress=progress,
                          on_ended=(dialog.close, dialog.deleteLater))
        dialog.canceled.connect(task.cancel)
        dialog.setValue(0)
        return task
