"""The feed's link in every page's head, so that browsers and feed readers find it."""

from __future__ import annotations

import html
from typing import Any

from sphinx.application import Sphinx

from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.publish.refresh import _BUILDERS

__all__ = ['link_feed']


def link_feed(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Add ``<link rel="alternate" type="application/atom+xml">`` to the page's
    head (``html-page-context``) when the build writes a feed.

    It goes into ``metatags``, which Sphinx's basic layout, and the themes
    built on it (alabaster, furo, openstackdocstheme), write into the head.
    """
    feed = get_domain(app.env).settings.publishing.feed_file
    if feed is None or app.builder.name not in _BUILDERS or 'pathto' not in context:
        return
    # The same for every page of a directory (a dirhtml page other than an
    # index is a directory of its own): made once for each.
    folder, _, name = pagename.rpartition('/')
    key = (app.builder.name, folder, name == 'index')
    links = get_domain(app.env).feed_links
    link = links.get(key)
    if link is None:
        # The feed's own title: the project's name.
        title = app.config.project or feed
        link = links[key] = (
            f'<link rel="alternate" type="application/atom+xml" title="{html.escape(title)}" '
            f'href="{html.escape(context["pathto"](feed, resource=True))}" />'
        )
    context['metatags'] = f'{context.get("metatags", "")}\n    {link}'.lstrip('\n')
