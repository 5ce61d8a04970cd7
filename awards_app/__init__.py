"""Awards App: runs a local authority's care leavers awards."""

__version__ = "0.1.0"
