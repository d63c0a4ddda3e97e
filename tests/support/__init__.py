"""What the tests share: building fixture sites (``sites``), the lane page of the error
and attack tests and the sharing of one build by their cases (``pages``), reading built
pages (``html``) and the search index (``search``), the search-engine fixture site
(``seo_site``), the ``opsdesk`` command (``cli``) and a real ``mkdocs serve`` (``serve``)."""
