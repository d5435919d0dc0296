"""The review app behind ``monell serve``: a local web page for reviewing flags.

Flask, server-rendered Jinja2 pages and a little JavaScript, bound to this machine by
default. Layout: ``app.py`` (the app factory and the security hooks), ``security.py``
(session token, CSRF, loopback rules), ``context.py`` (the request's case and the cached
analysis), ``review.py`` (flags, one flag, decisions), ``browse.py`` (coverage,
complaints, search, changes, page views), ``views.py`` (pure view models),
``highlight.py`` and ``images.py`` (a cited passage on its page image), ``server.py``
(bind, print the link, run). See docs/REVIEW_APP.md.
"""
