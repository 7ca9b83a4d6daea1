"""A local web page and JSON API over socinv (needs the ``web`` extra:
``pip install 'socinv[web]'``). Start it with ``socinv serve``, or build the
app with :func:`create_app` and serve it with any ASGI server."""

from socinv.web.app import create_app

__all__ = ["create_app"]
