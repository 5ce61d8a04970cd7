"""The people shared by every event: the Nominees page (young people), the Workers page
(who nominates them), and the dialogs that add and edit them."""
