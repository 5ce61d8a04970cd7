"""Type-ahead suggestions that find what people type: "zoe" suggests "Zoë Quill", "lukasz"
"Łukasz Nowak" (case, accents, ligatures and invisible characters ignored, as in every
list's search box: ``core/search.py``).

QCompleter can only match text it is given, so it is given each suggestion's folded key (made
once per change of the suggestions, not per keystroke) and the folded typing, and shows and
fills in the suggestion as written.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QIdentityProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QCompleter

from awards_app.core.search import loose_name_key, search_keys

#: the role holding a suggestion's folded key
FOLDED_ROLE = int(Qt.ItemDataRole.UserRole) + 713


class FoldedKeysModel(QIdentityProxyModel):
    """The suggestions as they are, plus each one's folded key under :data:`FOLDED_ROLE`
    (a proxy over the widget's own model, so a combo box still knows which item was
    chosen)."""

    def __init__(self, source: QAbstractItemModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys: list[str] | None = None
        self.setSourceModel(source)
        for signal in (source.modelReset, source.rowsInserted, source.rowsRemoved,
                       source.rowsMoved, source.dataChanged, source.layoutChanged):
            signal.connect(self._forget)

    def _forget(self, *_args: Any) -> None:
        self._keys = None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != FOLDED_ROLE or not index.isValid():
            return super().data(index, role)
        keys = self._keys
        if keys is None or index.row() >= len(keys):
            source = self.sourceModel()
            texts = (str(source.index(row, index.column()).data() or "")
                     for row in range(source.rowCount()))
            keys = self._keys = [" ".join(key.split()) for key in search_keys(texts)]
        return keys[index.row()]


class FoldingCompleter(QCompleter):
    """Suggests the items of ``model`` holding what was typed, ignoring case and accents."""

    def __init__(self, model: QAbstractItemModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setModel(FoldedKeysModel(model, self))
        self.setCompletionRole(FOLDED_ROLE)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def splitPath(self, path: str) -> list[str]:
        # the typing folded as the keys are (a trailing space is kept: "zoe " is a word)
        folded = loose_name_key(path)
        return [f"{folded} " if folded and path[-1:].isspace() else folded]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        # fill in the suggestion as written, not its folded key
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")
