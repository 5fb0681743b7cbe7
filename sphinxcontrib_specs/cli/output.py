"""How ``sphinx-specs check`` writes what it finds: as the build warns, as JSON,
or as GitHub Actions annotations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, TextIO

__all__ = ['Report', 'write_reports']


class Report(NamedTuple):
    """One line of output: a finding, or a problem Sphinx itself reports."""

    path: str
    line: int
    code: str | None
    message: str


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace('%', '%25').replace('\r', '%0D').replace('\n', '%0A')
    if prop:
        text = text.replace(':', '%3A').replace(',', '%2C')
    return text


def write_reports(reports: Iterable[Report], output_format: str, out: TextIO) -> None:
    """Write ``reports`` in one of the output formats."""
    reports = list(reports)
    if output_format == 'json':
        import json

        json.dump(
            [
                {'path': r.path, 'line': r.line, 'code': r.code, 'message': r.message}
                for r in reports
            ],
            out,
            indent=2,
        )
        out.write('\n')
        return
    for report in reports:
        if output_format == 'github':
            title = f'specs.{report.code}' if report.code else 'sphinx-specs'
            out.write(
                f'::warning file={_github_escape(report.path, prop=True)},line={report.line},'
                f'title={_github_escape(title, prop=True)}::{_github_escape(report.message)}\n'
            )
        else:
            suffix = f' [specs.{report.code}]' if report.code else ''
            out.write(f'{report.path}:{report.line}: WARNING: {report.message}{suffix}\n')
