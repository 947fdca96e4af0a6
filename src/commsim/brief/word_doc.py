"""The brief as a Word document (python-docx), the format officials circulate.

The same :class:`~commsim.brief.content.Brief` as the PDF, on one A4 page with narrow
margins; East Asian text is set in a CJK font (``w:eastAsia``) so Word on a Chinese
system shows it in 微软雅黑 and falls back to whatever CJK font it has.
"""

from __future__ import annotations

import io
from typing import Any

from commsim.brief.content import Brief, Table
from commsim.brief.words import say

#: Latin and East Asian fonts of the document.
LATIN_FONT = "Calibri"
CJK_FONT = "Microsoft YaHei"


def _fonts(style: Any, size: float) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = LATIN_FONT
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), CJK_FONT)


def _table(doc: Any, table: Table) -> None:
    from docx.shared import Pt

    if not table.header:
        return
    doc.add_heading(table.title, level=2)
    grid = doc.add_table(rows=1, cols=len(table.header))
    grid.style = "Light Grid Accent 1"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = text
    for row in table.rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.text = text
    for row in grid.rows:
        for cell in row.cells:
            for para in cell.paragraphs:
                para.paragraph_format.space_after = Pt(0)
                for run in para.runs:
                    run.font.size = Pt(8.5)
    if table.footnote:
        doc.add_paragraph(table.footnote)


def render(brief: Brief) -> bytes:
    """The brief as the bytes of a ``.docx`` file."""
    from docx import Document
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(15))
    section.top_margin = section.bottom_margin = Mm(13)
    _fonts(doc.styles["Normal"], 9.5)
    for name, size in (("Title", 16), ("Heading 1", 12), ("Heading 2", 11)):
        _fonts(doc.styles[name], size)
    doc.styles["Normal"].paragraph_format.space_after = Pt(2)
    doc.core_properties.title = brief.title
    doc.core_properties.language = "zh-CN" if brief.lang == "zh" else "en"
    doc.add_heading(brief.title, level=0)
    doc.add_paragraph(brief.subtitle)
    doc.add_heading(say("decision", brief.lang), level=2)
    for i, line in enumerate(brief.decision):
        doc.add_paragraph().add_run(line).bold = i == 0
    for table in (brief.effects, brief.options, brief.communities):
        _table(doc, table)
    doc.add_heading(say("caveats", brief.lang), level=2)
    for caveat in brief.caveats:
        doc.add_paragraph(caveat, style="List Bullet")
    doc.add_paragraph().add_run(brief.provenance).font.size = Pt(7.5)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
