"""Side-by-side comparison of analysed tenders: a self-contained HTML report and a workbook.

Both are built from the store's tables, so a report can be made at any time from any set of
analysed tenders. Every string from a tender is escaped (HTML) or written as text, never as a
formula (spreadsheet): clause text is untrusted input.
"""

from pipeline.report.build import ComparisonData, comparison_data, write_html, write_xlsx

__all__ = ["ComparisonData", "comparison_data", "write_html", "write_xlsx"]
