"""The brief as one A4 page of HTML (printed to PDF by :mod:`commsim.brief.pdf`).

The page sets its own size (``@page { size: A4 }``) and a type scale small enough that a
brief of up to :data:`commsim.brief.content.MAX_COMMUNITIES` communities and five
options fits one sheet; the font stack is the report's, so Chinese gets real glyphs.
"""

from __future__ import annotations

from html import escape

from commsim.brief.content import Brief, Table
from commsim.brief.words import say
from commsim.report.style import FONT_STACK
from commsim.report.tables import brief_table_html

CSS = """
@page { size: A4; margin: 13mm 14mm 12mm 14mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: FONT; font-size: 9.6pt; line-height: 1.42; color: #1b1f24;
       width: 182mm; }
h1 { font-size: 15pt; margin: 0 0 1mm 0; color: #0b3d6e; }
.sub { color: #555; margin: 0 0 3mm 0; font-size: 8.8pt; }
h2 { font-size: 10.8pt; margin: 3.2mm 0 1.2mm 0; color: #0b3d6e;
     border-bottom: 0.3mm solid #c9d6e3; padding-bottom: 0.6mm; }
.decision { background: #eef4fa; border-left: 1.2mm solid #0b3d6e; padding: 2mm 3mm;
            margin: 0; }
.decision p { margin: 0.6mm 0; }
.decision p:first-child { font-weight: 600; font-size: 10.4pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.8pt; }
th, td { padding: 0.8mm 1.6mm; border-bottom: 0.2mm solid #dde3ea; text-align: left;
         vertical-align: top; }
th { background: #f3f6f9; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.foot { color: #555; font-size: 8.2pt; margin: 0.8mm 0 0 0; }
ul { margin: 0; padding-left: 4.5mm; }
li { margin: 0.3mm 0; font-size: 8.6pt; }
.prov { color: #666; font-size: 7.6pt; margin-top: 3mm; border-top: 0.2mm solid #ccc;
        padding-top: 1mm; overflow-wrap: anywhere; }
""".replace("FONT", FONT_STACK)


def _table(table: Table, numeric: frozenset[int]) -> str:
    """A titled table with the columns in ``numeric`` right-aligned (the report's renderer)."""
    if not table.header:
        return ""
    return f"<h2>{escape(table.title)}</h2>{brief_table_html(table, numeric)}"


def render(brief: Brief) -> str:
    """The brief as a self-contained HTML page (no scripts, no external resources)."""
    lang = "zh-CN" if brief.lang == "zh" else "en"
    decision = "".join(f"<p>{escape(line)}</p>" for line in brief.decision)
    caveats = "".join(f"<li>{escape(c)}</li>" for c in brief.caveats)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(brief.title)}</title>
<style>{CSS}</style></head><body>
<h1>{escape(brief.title)}</h1>
<p class="sub">{escape(brief.subtitle)}</p>
<h2>{escape(say('decision', brief.lang))}</h2>
<div class="decision">{decision}</div>
{_table(brief.effects, frozenset({1}))}
{_table(brief.options, frozenset({1, 2, 3, 4}))}
{_table(brief.communities, frozenset({0, 3, 4, 5}))}
<h2>{escape(say('caveats', brief.lang))}</h2>
<ul>{caveats}</ul>
<p class="prov">{escape(brief.provenance)}</p>
</body></html>
"""

