"""Certificates: who gets one, a preview of each, and print runs in the background.

Everyone with a confirmed placement is listed (winners, runners-up, highly commended and every
other nominee). The coordinator narrows the list by kind, category or search, picks rows by
hand if they like, previews any certificate, and makes one PDF, one file each, or prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from awards_app.services import certificates
from awards_app.services.catalogue import categories
from awards_app.services.certificates import PrintRun, Recipient
from awards_app.services.certificates.attention import Attention, needing_attention
from awards_app.services.certificates.staging import PrivateFolder
from awards_app.ui import settings
from awards_app.ui.certificates import printing
from awards_app.ui.certificates.design_dialog import DesignDialog, preview_pdf
from awards_app.ui.certificates.dialogs import LogDialog, NameDialog, VerifyDialog
from awards_app.ui.certificates.pdf_preview import PagePreview
from awards_app.ui.certificates.recipients import (
    COLUMNS,
    KINDS,
    attention_text,
    columns_with,
    generate_job,
    run_notes,
    run_summary,
    waiting_text,
)
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import ReasonDialog
from awards_app.ui.common.errors import describe, show_error
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.open_file import open_file
from awards_app.ui.common.page import Page
from awards_app.ui.common.table_model import RowTableModel
from awards_app.ui.common.table_view import current_row, make_table_view, select_row
from awards_app.ui.common.widgets import NOTE_STYLE, WARNING_STYLE, hint, keep_splitter


HISTORY_REASON = "&Reason (kept in the certificate's history):"


class CertificatesPage(Page):
    page_id = PageId.CERTIFICATES

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._selected_id: int | None = None
        self.kind = QComboBox()
        for value, label in KINDS:
            self.kind.addItem(label, value)
        self.kind.setAccessibleName("Who")
        self.category = QComboBox()
        self.category.setAccessibleName("Category")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search names, refs, codes…")
        self.search.setAccessibleName("Search certificates")
        self.search.setClearButtonEnabled(True)
        who = QLabel("&Who:")
        who.setBuddy(self.kind)
        category_label = QLabel("Cate&gory:")
        category_label.setBuddy(self.category)
        filters = QHBoxLayout()
        filters.addWidget(who)
        filters.addWidget(self.kind)
        filters.addWidget(category_label)
        filters.addWidget(self.category)
        filters.addWidget(self.search, 1)

        self.model: RowTableModel[Recipient] = RowTableModel(COLUMNS)
        self.view = make_table_view(self.model, "Certificates")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.count = hint("")
        self.count.setAccessibleName("How many")
        self.skipped = hint("")
        self.skipped.setAccessibleName("Categories waiting")
        self.skipped.setStyleSheet(NOTE_STYLE)
        self.attention = hint("")
        self.attention.setAccessibleName("Certificates needing attention")
        self.attention.setStyleSheet(WARNING_STYLE)
        self.attention.hide()
        self.one_each = QCheckBox("One file per certif&icate (in a folder)")
        self.generate_button = QPushButton("&Make PDF…")
        self.print_button = QPushButton("&Print…")
        self.message = hint("")
        self.message.setAccessibleName("Result")
        for text in (self.skipped, self.attention, self.message):  # names typed by people
            text.setTextFormat(Qt.TextFormat.PlainText)
        self.open_button = QPushButton("&Open it")
        self.open_button.hide()
        self.design_button = QPushButton("&Design…")
        self.verify_button = QPushButton("Verif&y a certificate…")
        self.history_button = QPushButton("Hi&story…")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.skipped)
        left_layout.addWidget(self.attention)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.count)
        run_row = QHBoxLayout()
        run_row.addWidget(self.one_each)
        run_row.addStretch(1)
        run_row.addWidget(self.generate_button)
        run_row.addWidget(self.print_button)
        left_layout.addLayout(run_row)
        result_row = QHBoxLayout()
        result_row.addWidget(self.message, 1)
        result_row.addWidget(self.open_button)
        left_layout.addLayout(result_row)

        self.preview = PagePreview()
        self.rename_button = QPushButton("&Name on certificate…")
        self.correct_button = QPushButton("&Correct and reissue…")
        self.revoke_button = QPushButton("&Revoke…")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview, 1)
        one_row = QHBoxLayout()
        for button in (self.rename_button, self.correct_button, self.revoke_button):
            one_row.addWidget(button)
        one_row.addStretch(1)
        right_layout.addLayout(one_row)
        tools = QHBoxLayout()
        for button in (self.design_button, self.verify_button, self.history_button):
            tools.addWidget(button)
        tools.addStretch(1)
        right_layout.addLayout(tools)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("CertificatesSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        chars = self.fontMetrics().averageCharWidth()
        self.splitter.setSizes([chars * 100, chars * 55])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        keep_splitter(self.splitter)

        self._preview_timer = QTimer(self, singleShot=True, interval=120)
        self._preview_timer.timeout.connect(self.update_preview)
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.category.currentIndexChanged.connect(lambda _i: self.reload())
        self.search.textChanged.connect(lambda text: self._filter(text))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._current_changed())
        self.generate_button.clicked.connect(self.make_pdf)
        self.print_button.clicked.connect(self.print_certificates)
        self.open_button.clicked.connect(self.open_result)
        self.design_button.clicked.connect(self.edit_design)
        self.verify_button.clicked.connect(self.verify)
        self.history_button.clicked.connect(self.history)
        self.rename_button.clicked.connect(self.rename)
        self.correct_button.clicked.connect(self.correct)
        self.revoke_button.clicked.connect(self.revoke)
        self._last_file: Path | None = None
        # the PDF being printed: in a private folder of the program's own, deleted afterwards
        # (or, if the program is killed, by the next print run or start-up)
        self._print_folder: PrivateFolder | None = None
        self._printer: QPrinter | None = None
        self._run_notes: list[str] = []  # what the last run left out, kept while it prints

    # --- reading ---------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        event_id = self.ctx.require_event()
        kind = self.kind.currentData()
        category_id = self.category.currentData()

        def load(s: Any) -> tuple[list[Recipient], list[str], list[tuple[int, str]],
                                  dict[int, Attention]]:
            return (certificates.recipients(s, event_id, kind=kind, category_id=category_id),
                    certificates.skipped_categories(s, event_id, category_id=category_id),
                    [(c.id, c.name) for c in categories.list_categories(s, event_id)],
                    needing_attention(s, event_id))

        rows, skipped, cats, attention = self.ctx.read(load)
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem("All categories", None)
        for cid, name in cats:
            self.category.addItem(name, cid)
        self.category.setCurrentIndex(max(0, self.category.findData(category_id)))
        self.category.blockSignals(False)
        self.model.set_columns(columns_with(attention))
        self.model.set_rows(rows)
        self._filter(self.search.text())
        self.skipped.setText(waiting_text(skipped))
        self.skipped.setVisible(bool(skipped))
        self.attention.setText(attention_text(attention))
        self.attention.setVisible(bool(attention))
        self.view.resizeColumnsToContents()
        row = self.model.index_of(lambda r: r.nomination_id == self._selected_id)
        select_row(self.view, row if row >= 0 else (0 if self.model.visible_rows else -1))
        self._selection_changed()
        self._current_changed()

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._selection_changed()

    def current(self) -> Recipient | None:
        row: Recipient | None = current_row(self.view)
        return row

    def chosen(self) -> list[Recipient]:
        """The selected rows when several are selected, otherwise every row shown."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if len(rows) > 1:
            return [self.model.row(r) for r in rows]
        return list(self.model.visible_rows)

    def _selection_changed(self) -> None:
        shown = len(self.model.visible_rows)
        picked = len(self.view.selectionModel().selectedRows())
        chosen = self.chosen()
        live = [r for r in chosen if r.status != "revoked"]
        if not self.model.total_count:
            self.count.setText("Nobody to print for yet: certificates follow confirmed results "
                               "(Results page).")
        else:
            what = f"{picked} selected" if picked > 1 else f"all {shown} shown"
            self.count.setText(f"{len(live)} certificate(s) to print: {what}. Select several "
                               "rows (Ctrl or Shift + click) to print only those.")
        self.generate_button.setEnabled(bool(live))
        self.print_button.setEnabled(bool(live))

    def _current_changed(self) -> None:
        r = self.current()
        self._selected_id = r.nomination_id if r else None
        self.rename_button.setEnabled(r is not None)
        self.correct_button.setEnabled(r is not None and r.status == "issued")
        self.revoke_button.setEnabled(r is not None and r.status == "issued")
        self._preview_timer.start()

    def update_preview(self) -> None:
        r = self.current()
        if r is None:
            self.preview.show_message("Choose someone on the left to see their certificate.")
            return
        event_id, nid = self.ctx.require_event(), r.nomination_id
        try:
            spec, artwork = self.ctx.read(lambda s: certificates.preview_spec(s, event_id, nid))
            self.preview.show_pdf(preview_pdf(spec, artwork))
        except Exception as exc:  # never let a preview take the page down
            self.preview.show_message(f"The preview could not be drawn. {describe(exc)}")

    # --- print runs --------------------------------------------------------------------------

    def _run_arguments(self) -> dict[str, Any]:
        picked = self.view.selectionModel().selectedRows()
        ids = [r.nomination_id for r in self.chosen()] if len(picked) > 1 else None
        if ids is None and self.search.text().strip():
            ids = [r.nomination_id for r in self.model.visible_rows]
        return {"kind": self.kind.currentData(), "category_id": self.category.currentData(),
                "nomination_ids": ids}

    def make_pdf(self) -> None:
        folder = Path(str(settings.get("files/last_folder") or Path.home()))
        out: Path | None = None
        separate: Path | None = None
        if self.one_each.isChecked():
            name = QFileDialog.getExistingDirectory(self, "Folder for the certificates",
                                                    str(folder))
            if not name:
                return
            separate = Path(name)
            settings.put("files/last_folder", str(separate))
        else:
            name, _ = QFileDialog.getSaveFileName(self, "Save certificates",
                                                  str(folder / "certificates.pdf"),
                                                  "PDF (*.pdf)")
            if not name:
                return
            out = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
            settings.put("files/last_folder", str(out.parent))
        self._start(out, separate, then_print=False)

    def print_certificates(self) -> None:
        """Choose the printer first (cancelling there prints and records nothing), then make
        the PDF in a private temporary folder, print it, and delete it: names of young people
        must not linger in the temp folder. The run records the prints as it makes the PDF."""
        printer = printing.new_printer("Certificates")
        if not printing.choose_printer(self, printer):
            self._say("Printing was cancelled; nothing was printed.")
            return
        self._printer = printer  # kept alive until the job has painted on it
        self._discard_print_file()
        try:
            self._print_folder = PrivateFolder()
        except OSError as exc:
            self._say(f"Nothing was printed: the program's own folder could not be written "
                      f"({exc.strerror or 'refused'}).")
            return
        self._start(self._print_folder.path / "certificates.pdf", None, then_print=True)

    def _discard_print_file(self) -> None:
        if self._print_folder is not None:
            self._print_folder.remove()
            self._print_folder = None

    def _start(self, out: Path | None, separate: Path | None, *, then_print: bool) -> None:
        assert self.ctx.database is not None
        self.message.setText("Making the certificates…")
        self.open_button.hide()
        job = generate_job(self.ctx.database, self.ctx.require_event(), out=out,
                           separate=separate, **self._run_arguments())
        self.ctx.tasks.start_with_dialog(
            self, "Making certificates…", job,
            on_success=lambda run: self._made(run, then_print=then_print),
            on_error=self._print_failed if then_print else self._failed)

    def _made(self, run: PrintRun, *, then_print: bool) -> None:
        # codes issued, prints counted, and those left out while printing changed status
        self.ctx.data_changed.emit()
        where = run.files[0] if len(run.files) == 1 else run.files[0].parent
        self._last_file = run.files[0] if len(run.files) == 1 else where
        self._run_notes = run_notes(run)
        if then_print:
            self._say(f"{run_summary(run)} Sending them to the printer…")
            self._print(run.files[0])
            return
        self._say(f"{run_summary(run)} Saved to {where}.")
        self.open_button.show()

    def _say(self, first: str) -> None:
        """The result: ``first``, then the last run's notes, each on its own line."""
        self.message.setText("\n".join([first, *self._run_notes]))

    def _print(self, pdf: Path) -> None:
        printer = self._printer
        assert printer is not None, "the printer is chosen before the PDF is made"
        self.ctx.tasks.start_with_dialog(
            self, "Printing…", printing.print_job(printer, pdf),
            on_success=self._printed, on_error=self._print_failed)

    def _printed(self, pages: int) -> None:
        self._discard_print_file()
        self._say(f"{pages} page(s) sent to the printer.")

    def _print_failed(self, error: BaseException) -> None:
        self._discard_print_file()
        self._failed(error)

    def _failed(self, error: BaseException) -> None:
        self.message.setText("The certificates were not finished.")
        self.ctx.data_changed.emit()  # codes issued before drawing stay, so statuses change
        show_error(self, error, title="Certificates")

    def open_result(self) -> None:
        if self._last_file is not None:
            open_file(self, self._last_file)

    # --- one certificate ---------------------------------------------------------------------

    def rename(self) -> None:
        r = self.current()
        if r is None:
            return
        nid = r.nomination_id
        choice = self.ctx.read(lambda s: certificates.name_choice(s, nid))
        self.run_dialog(NameDialog(self.ctx, self, nomination_id=nid, ref=r.ref,
                                   rule_name=choice.rule_name, override=choice.override,
                                   reason=choice.reason))

    def correct(self) -> None:
        r = self.current()
        if r is None:
            return
        code = r.code
        dialog = ReasonDialog(
            self.ctx, self, title=f"Correct {r.ref}'s certificate", ok_text="Correct and reissue",
            intro=(f"Certificate {code} will be revoked and a new one issued with a new code "
                   "from today's details (name, citation, sponsor). Print the new one and "
                   "ask for the old one back."),
            reason_label=HISTORY_REASON,
            work=lambda s, reason: certificates.correct(s, code, reason=reason),
            saved=f"Revoked {code} and issued a new certificate for {r.ref}.")
        if self.run_dialog(dialog):
            self.message.setText(f"{code} revoked; the new code is {dialog.outcome}. Make a "
                                 "PDF or print to produce it.")

    def revoke(self) -> None:
        r = self.current()
        if r is None:
            return
        code = r.code
        dialog = ReasonDialog(
            self.ctx, self, title=f"Revoke certificate {code}", ok_text="Revoke",
            intro=(f"Anyone checking {code} will be told it was revoked and when, never "
                   "why: the reason stays in the certificate's history. This cannot be "
                   "undone; to replace it, use Correct and reissue instead."),
            reason_label=HISTORY_REASON,
            work=lambda s, reason: certificates.revoke(s, code, reason),
            saved=f"Revoked certificate {code}.")
        if self.run_dialog(dialog):
            self.message.setText(f"{code} is revoked.")

    def edit_design(self) -> None:
        if self.run_dialog(DesignDialog(self.ctx, self)):
            self._preview_timer.start()

    def verify(self) -> None:
        self.run_dialog(VerifyDialog(self.ctx, self))

    def history(self) -> None:
        event_id = self.ctx.require_event()
        try:
            entries = self.ctx.read(lambda s: certificates.certificate_log(s, event_id))
        except Exception as exc:
            show_error(self, exc)
            return
        self.run_dialog(LogDialog(entries, self, title="Certificate history"))
