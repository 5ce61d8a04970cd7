"""The pages of the main window, by id. Menus, shortcuts, ``MainWindow.show_page`` and the
pages' own links (``Page.navigate_requested``) name a page by its ``PageId``, never by the
text of its label."""

from __future__ import annotations

from enum import Enum


class PageId(Enum):
    """One member per page, in navigation order (Ctrl+1 … Ctrl+0 follow it). The value is
    a stable short name (screenshots are saved under it)."""

    OVERVIEW = "overview"
    NOMINATIONS = "nominations"
    CATEGORIES = "categories"
    SPONSORS = "sponsors"
    NOMINEES = "nominees"
    WORKERS = "workers"
    TRANSFER = "transfer"
    JUDGING = "judging"
    RESULTS = "results"
    CERTIFICATES = "certificates"
    CEREMONY = "ceremony"
    PARITY = "parity"
    GOOD_NEWS = "goodnews"
    USERS = "users"

    @property
    def label(self) -> str:
        """The page's title: in the navigation, the View menu and the page itself."""
        return LABELS[self]


LABELS: dict[PageId, str] = {
    PageId.OVERVIEW: "Overview",
    PageId.NOMINATIONS: "Nominations",
    PageId.CATEGORIES: "Categories",
    PageId.SPONSORS: "Sponsors & judges",
    PageId.NOMINEES: "Nominees",
    PageId.WORKERS: "Workers",
    PageId.TRANSFER: "Import / export",
    PageId.JUDGING: "Judging",
    PageId.RESULTS: "Results",
    PageId.CERTIFICATES: "Certificates",
    PageId.CEREMONY: "Ceremony",
    PageId.PARITY: "Parity",
    PageId.GOOD_NEWS: "Good news",
    PageId.USERS: "Users",
}
