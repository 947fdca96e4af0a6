"""Do Chinese characters render as glyphs, not as missing-glyph boxes?

Two independent checks, both of which fail when no CJK font is installed:

- :func:`platform_fonts` asks Chromium (DevTools ``CSS.getPlatformFontsForNode``) which
  installed fonts drew a node's text;
- :func:`glyph_report` draws each character on a canvas in the page's font stack: with a
  CJK font every character has its own distinct shape; without one they all come out as
  the same "tofu" box, which is also what an unassigned code point draws.
"""

from __future__ import annotations

from typing import Any

#: Font families that carry Chinese glyphs (any of them will do).
CJK_FAMILIES = ("Noto Sans CJK", "Noto Serif CJK", "Source Han", "WenQuanYi", "PingFang",
                "Microsoft YaHei", "Hiragino", "Noto Sans SC", "AR PL")

GLYPHS_JS = """([text, font]) => {
  const c = document.createElement('canvas'); c.width = 64; c.height = 64;
  const g = c.getContext('2d');
  const draw = ch => {
    g.clearRect(0, 0, 64, 64); g.fillStyle = '#000'; g.textBaseline = 'top';
    g.font = '40px ' + font; g.fillText(ch, 4, 4);
    const d = g.getImageData(0, 0, 64, 64).data; let h = 0, ink = 0;
    for (let i = 3; i < d.length; i += 4) { h = (Math.imul(h, 31) + d[i]) >>> 0;
                                            if (d[i] > 0) ink++; }
    return {hash: h, ink: ink};
  };
  return {tofu: draw('\\u0378'), glyphs: Array.from(text).map(draw)};
}"""


def glyph_report(page: Any, text: str, font: str | None = None) -> dict[str, Any]:
    """Canvas drawings of each character of ``text`` and of a missing glyph.

    ``font`` defaults to the computed font-family of the page's body.
    """
    font = font or page.evaluate("() => getComputedStyle(document.body).fontFamily")
    report: dict[str, Any] = page.evaluate(GLYPHS_JS, [text, font])
    report["font"] = font
    return report


def glyph_problems(report: dict[str, Any], text: str) -> list[str]:
    """Why the characters did not render as real glyphs (empty when they did)."""
    glyphs, tofu = report["glyphs"], report["tofu"]
    problems = []
    if any(g["ink"] == 0 for g in glyphs):
        problems.append("a character drew nothing")
    if any(g["hash"] == tofu["hash"] for g in glyphs):
        problems.append("a character drew the missing-glyph box")
    if len({g["hash"] for g in glyphs}) < len(set(text)):
        problems.append(f"{len(set(text))} characters drew only "
                        f"{len({g['hash'] for g in glyphs})} distinct shapes (boxes)")
    return problems


def platform_fonts(page: Any, selector: str) -> list[dict[str, Any]]:
    """The installed fonts Chromium used to draw the text of the first ``selector`` node."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"no node matches {selector}"
        fonts: list[dict[str, Any]] = cdp.send("CSS.getPlatformFontsForNode",
                                               {"nodeId": node})["fonts"]
        return fonts
    finally:
        cdp.detach()


def cjk_glyphs_drawn(fonts: list[dict[str, Any]]) -> int:
    """Glyphs drawn with a CJK font, from :func:`platform_fonts`."""
    return sum(int(f.get("glyphCount", 0)) for f in fonts
               if any(name.lower() in str(f.get("familyName", "")).lower()
                      for name in CJK_FAMILIES))
