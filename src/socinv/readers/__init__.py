"""One reading layer for every input file: scenario, fund and contract files
(YAML or JSON) and the CSV files (unit costs, CPI, parameters, series and
effects, follow-up counts); workbooks get the size check (:func:`check_file`).

Every reader goes through :func:`read_text`, so every file gets the same limits
and the same messages:

* size: at most :data:`MAX_FILE_BYTES` (20 MiB);
* encoding: UTF-8 with or without a byte-order mark; a file saved by Excel on
  Swedish Windows (Windows-1252) is read when that is unambiguous, with an
  :class:`~socinv.errors.InputWarning` saying so; anything else (UTF-16,
  binary) is refused, naming the encoding to save in;
* YAML: at most :data:`MAX_NESTING` levels of nesting and
  :data:`MAX_YAML_VALUES` values once aliases (``*name``) are expanded, so an
  "alias bomb" is refused at once; a key given twice is an error;
* CSV: ``,`` or ``;`` as delimiter (told from the header line), fields of at
  most :data:`CSV_FIELD_LIMIT` characters, a decimal comma in a number column
  refused with the fix (write ``1234.5``), a row with more fields than the
  header refused.

Errors name the file and the **line** (counted from 1, as an editor shows it)
and, for a list of items with ids (episodes, effects, projects …), the id.
"""

from socinv.readers.documents import (
    MAX_YAML_VALUES,
    Document,
    format_errors,
    loc_text,
    parse_yaml,
    read_document,
    resolve_reference,
)
from socinv.readers.paths import confined_file
from socinv.readers.tables import CSV_FIELD_LIMIT, CsvTable, read_csv, sniff_delimiter
from socinv.readers.text import MAX_FILE_BYTES, MAX_NESTING, check_file, decode, read_text

__all__ = [
    "CSV_FIELD_LIMIT",
    "MAX_FILE_BYTES",
    "MAX_NESTING",
    "MAX_YAML_VALUES",
    "CsvTable",
    "Document",
    "check_file",
    "confined_file",
    "decode",
    "format_errors",
    "loc_text",
    "parse_yaml",
    "read_csv",
    "read_document",
    "read_text",
    "resolve_reference",
    "sniff_delimiter",
]
