"""Automation Ops Desk: the content model, portfolio graph and block rendering of the site.

The core modules (``model``, ``load``, ``source``, ``sitedata``, ``portfolio``,
``markup``, ``render``, ``structured``) import nothing from MkDocs; ``plugin`` is the
thin MkDocs adapter over them.
"""

__version__ = "0.1.0"
