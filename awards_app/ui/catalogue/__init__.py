"""What an event presents and who backs it: the Categories page (with each category's
criteria and sponsors), the Sponsors & judges page, their dialogs, the sponsor logo picker,
and the New event dialog (an event starts with default categories or last year's set-up)."""
