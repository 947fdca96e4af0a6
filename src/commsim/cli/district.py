"""``commsim district``: write a district file template, or check a district file.

::

    commsim district template -o my_district.csv          # commented template (English)
    commsim district template --lang zh -o 我的辖区.csv     # Chinese headers
    commsim district check my_district.csv                # validate and summarise

A checked file is used with ``--set run.district=my_district.csv`` on ``run`` and
``compare``, or ``"run.district" = "my_district.csv"`` in a scenario or experiment file.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from commsim.core.errors import InputError


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``template`` and ``check`` actions."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    template = actions.add_parser("template", help="write a commented district file template")
    template.add_argument("-o", "--out", metavar="FILE",
                          help="file to write (default: print to standard output)")
    template.add_argument("--lang", choices=("en", "zh"), default=argparse.SUPPRESS,
                          help="language of the column headers (default: from the locale)")
    check = actions.add_parser("check", help="validate a district file and summarise it")
    check.add_argument("file", help="district file (.csv or .xlsx) or a built-in example name")


def main(args: argparse.Namespace) -> int:
    """Write the template or check a file."""
    from commsim.core.i18n import default_language
    from commsim.inputs.district import district_for, template

    if args.action == "template":
        text = template(args.lang or default_language())
        if not args.out:
            sys.stdout.write(text)
            return 0
        out = Path(args.out)
        if out.exists():
            raise InputError("will not overwrite an existing file", key="--out",
                             value=str(out), allowed="a new file name")
        tmp = out.with_name(f".{out.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out)
        print(f"written: {out}")
        return 0
    district = district_for(args.file)
    assert district is not None
    kinds: dict[str, int] = {}
    for c in district.communities:
        kinds[c.kind] = kinds.get(c.kind, 0) + 1
    posts = sum(district.column("cadre_posts"))
    print(f"{district.source}: {len(district.communities)} communities "
          f"({', '.join(f'{n} {k}' for k, n in kinds.items())}), "
          f"{district.households:,} households, {posts} cadre posts "
          f"({district.households / posts:,.0f} households per post), "
          f"{sum(district.column('high_need'))} high-need, "
          f"{len(district.departments)} departments named")
    return 0
