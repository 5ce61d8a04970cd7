"""What every feature of the desktop program shares: the application context (``context``),
background jobs (``tasks``, the only module that touches threads), how errors reach a person
(``errors``), the page bases (``page.Page``, ``list_page.ListPage``) and the ids that name
the pages (``navigation.PageId``), dialogs that save (``dialogs``), form helpers (``forms``),
table models and views, actions and small widgets.

Import the module you need (``from awards_app.ui.common.context import AppContext``); this
package file stays empty, so that the start-up path loads only what it uses.
"""
