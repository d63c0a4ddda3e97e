"""What the tests share: building fixture sites (``sites``), reading built pages
(``html``) and the search index (``search``), and the search-engine fixture site
(``seo_site``)."""
