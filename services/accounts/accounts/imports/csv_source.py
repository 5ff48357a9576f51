"""CSV files in guide 003's format: a header row, then one user a row; comma or semicolon (as spreadsheets in
French write it), found by csv.Sniffer; any encoding decoding.py reads."""

from __future__ import annotations

import csv
import io

from accounts.imports.decoding import decode
from accounts.imports.errors import SourceRefused
from accounts.imports.fields import FIELDS, cell, columns
from accounts.imports.limits import MAX_CELL_CHARS, MAX_ROWS
from accounts.imports.rows import RawRow
from relais_kit.validation import Msg

NO_HEADER = Msg("The first line must name the columns (UserID, FirstName, LastName, Email …).")
NOT_CSV = Msg("Line {line} is not valid CSV.")
TOO_MANY_ROWS = Msg("At most {max} users per import.")
WRONG_WIDTH = Msg("This line has {found} values; the header has {expected}.")

csv.field_size_limit(MAX_CELL_CHARS * 4)


def delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = text.split("\n", 1)[0]
        return ";" if first.count(";") > first.count(",") else ","


def read_csv(data: bytes) -> list[RawRow]:
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text), strict=True)
    rows: list[RawRow] = []
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise SourceRefused("file", NO_HEADER)
        fields = columns(header)
        for values in reader:
            if not any(v.strip() for v in values):
                continue  # blank lines (often the last one) are not users
            if len(rows) >= MAX_ROWS:
                raise SourceRefused("file", Msg(TOO_MANY_ROWS, max=MAX_ROWS))
            row = RawRow(line=reader.line_num, values={f: "" for f in FIELDS})
            for field, value in zip(fields, values, strict=False):
                row.values[field] = cell(value)
            if len(values) != len(fields):
                row.problems.append(("_row", Msg(WRONG_WIDTH, found=len(values), expected=len(fields))))
            rows.append(row)
    except csv.Error:
        raise SourceRefused("file", Msg(NOT_CSV, line=reader.line_num)) from None
    return rows
