"""``commsim district``: write a district file template, or check a district file.

::

    commsim district template -o my_district.csv          # commented template (English)
    commsim district template --lang zh -o 我的辖区.xlsx    # Excel workbook, Chinese headers
    commsim district check my_district.csv                # validate and summarise

A ``.xlsx`` target gets a real workbook (drop-down lists, header notes); any other a CSV
with a byte-order mark. ``check`` names every bad value at once, in the chosen language,
and warns about communities beyond the staffing norm (households per cadre post).

A checked file is used with ``--set run.district=my_district.csv`` on ``run`` and
``compare``, or ``"run.district" = "my_district.csv"`` in a scenario or experiment file.
"""

from __future__ import annotations

import argparse
import sys

from commsim.core.errors import InputError


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``template`` and ``check`` actions."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    template = actions.add_parser("template", help="write a commented district file template")
    template.add_argument("-o", "--out", metavar="FILE",
                          help="file to write: .xlsx for a workbook, else CSV "
                               "(default: print the CSV to standard output)")
    template.add_argument("--lang", choices=("en", "zh"), default=argparse.SUPPRESS,
                          help="language of the column headers (default: from the locale)")
    check = actions.add_parser("check", help="validate a district file and summarise it")
    check.add_argument("file", help="district file (.csv or .xlsx) or a built-in example name")
    check.add_argument("--lang", choices=("en", "zh"), default=argparse.SUPPRESS,
                       help="language of the summary and the errors (default: from the locale)")


def main(args: argparse.Namespace) -> int:
    """Write the template or check a file."""
    from commsim.core.i18n import default_language

    lang = args.lang or default_language()
    if args.action == "template":
        return _template(args.out, lang)
    return _check(args.file, lang)


def _template(out_name: str | None, lang: str) -> int:
    from commsim.core.safety import check_new_file, write_errors
    from commsim.inputs.district_template import csv_text, write_workbook
    from commsim.results.atomic import atomic_path

    if not out_name:
        sys.stdout.write(csv_text(lang))
        return 0
    out = check_new_file(out_name, "--out")
    with write_errors("--out", out, "the template"), atomic_path(out) as tmp:
        if out.suffix.lower() in (".xlsx", ".xlsm"):
            write_workbook(tmp, lang)
        else:
            tmp.write_text(csv_text(lang), encoding="utf-8-sig")
    print(f"written: {out}")
    return 0


def _check(name: str, lang: str) -> int:
    from commsim.core.safety import terminal_text
    from commsim.inputs.district import KINDS, NORM_HOUSEHOLDS_PER_POST, district_for, over_norm
    from commsim.inputs.district_words import say

    district = district_for(name, lang) if name.strip() else None
    if district is None:
        raise InputError("no district file named", key="file", value=name,
                         allowed="a .csv or .xlsx file, or s14_example", source="command line")
    kinds: dict[str, int] = {}
    for c in district.communities:
        kinds[c.kind] = kinds.get(c.kind, 0) + 1
    posts = sum(district.column("cadre_posts"))
    print(terminal_text(say(
        "summary", lang, source=district.source, n=len(district.communities),
        kinds=say("list", lang).join(
            say("kind_count", lang, n=n, kind=KINDS[k] if lang == "zh" else k)
            for k, n in kinds.items()),
        households=district.households, posts=posts, per_post=district.households / posts,
        high_need=sum(district.column("high_need")), departments=len(district.departments))))
    loaded = over_norm(district)
    if loaded:
        shown = say("list", lang).join(say("norm_name", lang, name=c.name, per_post=p)
                                       for c, p in loaded[:10])
        more = say("norm_more", lang, n=len(loaded) - 10) if len(loaded) > 10 else ""
        sys.stderr.write(terminal_text(say(
            "norm", lang, n=len(loaded), total=len(district.communities),
            norm=NORM_HOUSEHOLDS_PER_POST, names=shown + more)) + "\n")
    return 0
