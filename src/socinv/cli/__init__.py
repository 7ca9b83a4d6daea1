"""The ``socinv`` command line."""
