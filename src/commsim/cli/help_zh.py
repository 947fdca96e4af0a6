"""``commsim --help`` in Chinese: every command's and option's help, and argparse's own words.

:func:`translate` rewrites a built parser in place under ``--lang zh`` (or a Chinese
locale): each help text found in :data:`HELP_ZH` is replaced by its Chinese, the section
titles and the usage prefix become Chinese. A help text missing here stays English —
``tests/functional/test_leftover_english.py`` fails on it, so a new option gets its
translation with it.
"""

from __future__ import annotations

import argparse

#: English help text -> Chinese.
HELP_ZH: dict[str, str] = {
    "The ``commsim`` command line.": "commsim 命令行:社区减负政策仿真。",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示程序版本号并退出",
    "language: zh (中文) or en (default: from the locale, LANG)":
        "语言:zh(中文)或 en(英文)(默认:取自系统区域设置 LANG)",
    # commands
    "list the built-in scenarios": "列出内置情景",
    "run one simulation and print its summary": "运行一次仿真并输出摘要",
    "compare scenarios over replications with common random numbers":
        "用共同随机数多次重复运行,比较各情景",
    "run an experiment specification (TOML)": "运行实验设定文件(TOML)",
    "history-match the model to its targets: an ensemble of plausible worlds":
        "按校准目标做历史匹配:得到一组可信的参数组合",
    "robust decisions: regret, satisficing, scenario discovery, policy search":
        "稳健决策:遗憾值、满意度阈值、情景发现、政策搜索",
    "write a self-contained HTML report of results": "生成独立的 HTML 分析报告",
    "write a one-page brief for officials (PDF, Word or HTML)":
        "为领导生成一页决策简报(PDF、Word 或 HTML)",
    "serve the live dashboard": "启动实时仪表盘",
    "export a results store as CSV files or an Excel workbook":
        "把结果导出为 CSV 文件或 Excel 工作簿",
    "write a district file template or check a district file": "生成辖区数据模板或检查辖区数据文件",
    # shared options
    "root seed (default 0)": "根随机种子(默认 0)",
    "simulated days (default 365, the run.days parameter)": "仿真天数(默认 365,即参数 run.days)",
    "communities in the street (default 8, run.communities)":
        "街道内社区数(默认 8,即参数 run.communities)",
    "override a parameter (repeatable), e.g. --set gate.leakage=0.5":
        "覆盖一个参数(可重复),例如 --set gate.leakage=0.5",
    "import a module that registers extra policies (repeatable)":
        "导入注册额外政策的模块(可重复)",
    "import a module that registers extra policies (repeatable); they get switches and sliders":
        "导入注册额外政策的模块(可重复);仪表盘为其提供开关和滑块",
    "worker processes (default: one per core)": "工作进程数(默认:每个处理器核一个)",
    "how to run (default: local process pool; dask with --scheduler)":
        "运行方式(默认:本机进程池;配合 --scheduler 使用 dask)",
    "Dask scheduler: 'local' for a LocalCluster, tcp://host:port or host:port":
        "Dask 调度器:'local' 表示本机集群,或 tcp://主机:端口、主机:端口",
    "hide the progress bar": "不显示进度条",
    "hide the progress bars": "不显示进度条",
    "street: street-level results (default); community: also a table of communities ranked "
    "worst first on overtime":
        "street:街道层面结果(默认);community:另列各社区按加班从重到轻排序的表",
    "value of one overtime hour avoided, yuan (default: the cadres' own hourly wage, the "
    "model's shadow price)": "每减少1小时加班的价值,元(默认:干部本人小时工资,即模型的影子价格)",
    "fiscal outlay a year the district can fund, yuan":
        "辖区每年可承担的财政支出,元",
    "fiscal outlay a year the district can fund, yuan: which communities it reaches first":
        "辖区每年可承担的财政支出,元:预算优先覆盖哪些社区",
    "print every column (wider than 100 terminal columns)": "输出全部列(宽度超过100列)",
    # run and compare
    "built-in scenario name or path to a scenario TOML": "内置情景名,或情景 TOML 文件路径",
    "built-in scenario names or scenario TOML paths; the first is the baseline":
        "内置情景名或情景 TOML 文件路径;第一个为基线",
    "replications per scenario (default 10)": "每个情景的重复运行次数(默认 10)",
    "replication index 0..9223372036854775807 (common random numbers across scenarios)":
        "重复运行序号 0..9223372036854775807(各情景共用随机数)",
    "write a results store (runs, daily series, comparison) here":
        "把结果(各次运行、逐日序列、比较)写入此文件夹",
    "write a results store here (open it with commsim report DIR)":
        "把结果写入此文件夹(用 commsim report 文件夹 打开)",
    "finish an interrupted comparison in --out (same command line)":
        "续完 --out 中被中断的比较(命令行相同)",
    "metrics to print (comma-separated, or 'all'); default: the headline metrics and those the "
    "policies declare. --out always stores every metric":
        "要输出的指标(逗号分隔,或 'all');默认:主要指标及各政策声明的指标。"
        "--out 始终保存全部指标",
    "print exactly one JSON object of summary metrics on stdout":
        "在标准输出上只输出一个包含摘要指标的 JSON 对象",
    "metrics to print (comma-separated, or 'all'); default: the headline metrics, those "
    "declared report=True and those the policies declare. --out always stores every metric":
        "要输出的指标(逗号分隔,或 'all');默认:主要指标、声明用于报告的指标及各政策声明的指标。"
        "--out 始终保存全部指标",
    "print JSON instead of a table": "输出 JSON 而不是表格",
    "largest extra fiscal outlay a year against the reference: also name the best option "
    "that fits": "相对参照情景每年新增财政支出的上限:另给出预算内的最优方案",
    "willingness to pay per overtime hour avoided (default 34.48: the civil-servant reference "
    "wage, 6,000 yuan/month over 174 paid hours)":
        "每减少1小时加班的支付意愿(默认 34.48:公务员参照工资,每月6000元÷174个计薪小时)",
    "with --out: resume an interrupted comparison there, or replace a finished one (stores "
    "of other commands are still refused)":
        "与 --out 合用:续完该处被中断的比较,或替换已完成的比较(其他命令的结果仍被拒绝)",
    "print only the decision table as JSON (options, means, frontier flags, ICERs, net "
    "benefit, best option at the WTP, valuation sensitivity)":
        "只输出决策表的 JSON(方案、均值、有效前沿标记、ICER、净收益、该支付意愿下的最优方案、"
        "估值敏感性)",
    # sweep, calibrate, robust
    "experiment specification (e.g. experiments/gate_design.toml)":
        "实验设定文件(例如 experiments/gate_design.toml)",
    "results store folder (default results/<experiment>/<timestamp>)":
        "结果文件夹(默认 results/<实验名>/<时间戳>)",
    "finish an interrupted sweep (--out, or the newest unfinished)":
        "续完被中断的扫描(--out 指定,或最近一次未完成的)",
    "add replications until every 95%% CI half-width is within PCT %% of its mean (or "
    "max_replications is hit)": "不断增加重复运行,直到每个95%%置信区间半宽不超过均值的 PCT %%"
                                "(或达到 max_replications)",
    "override a parameter or a spec field (replications, seed, days, communities, timeout, "
    "design.samples, ...); repeatable": "覆盖参数或设定字段(replications、seed、days、"
                                        "communities、timeout、design.samples 等);可重复",
    "robust specification (e.g. experiments/robust_policy.toml)":
        "稳健决策设定文件(例如 experiments/robust_policy.toml)",
    "apply the spec's [quick] sizes (a laptop-sized run)":
        "采用设定中的 [quick] 规模(笔记本电脑可运行)",
    "continue the newest unfinished run of this spec": "继续该设定最近一次未完成的运行",
    "skip the policy search": "跳过政策搜索",
    "calibration store to use (default: newest complete one)":
        "使用的校准结果(默认:最近一次完整的)",
    "folder the stores are made under (default results)": "结果所在的上级文件夹(默认 results)",
    "run nothing: recompute the analysis and report of a complete robust store (DIR, default "
    "the newest complete run of this spec under --root) with this spec's thresholds, into a new "
    "reanalysis-<time>/ sub-folder; only [thresholds] may differ from the stored spec":
        "不运行模型:用本设定的阈值重新计算一个完整稳健结果(DIR,默认 --root 下该设定最近一次"
        "完整运行)的分析和报告,写入新的 reanalysis-<时间>/ 子文件夹;"
        "只有 [thresholds] 可与已存设定不同",
    # report, brief, export
    "a results run folder (or an experiment folder: newest run)":
        "结果文件夹(或实验文件夹:取最近一次运行)",
    "HTML file to write (default: RESULTS_DIR/report.html)":
        "要写入的 HTML 文件(默认:结果文件夹/report.html)",
    "page title": "页面标题",
    "also save every figure as PNG in DIR (needs kaleido)":
        "另把每张图存为 PNG 到 DIR(需要 kaleido)",
    "also save every figure as SVG in DIR (needs kaleido)":
        "另把每张图存为 SVG 到 DIR(需要 kaleido)",
    "a store written by 'commsim compare --out'": "由 'commsim compare --out' 写出的结果文件夹",
    "file to write: .pdf (A4, one page), .docx (Word) or .html":
        "要写入的文件:.pdf(A4 一页)、.docx(Word)或 .html",
    "replace an existing file": "替换已有文件",
    "a results store (from run --out, compare --out or sweep)":
        "结果文件夹(来自 run --out、compare --out 或 sweep)",
    "csv: a folder with one file per table; xlsx: one workbook (default)":
        "csv:每张表一个文件的文件夹;xlsx:一个工作簿(默认)",
    "target (default: RESULTS.xlsx or RESULTS-csv/ beside the store)":
        "目标(默认:结果文件夹旁的 结果名.xlsx 或 结果名-csv/)",
    "replace an earlier export at the target": "替换目标位置上以前的导出",
    "replace an earlier export at the target (nothing else)": "只替换目标位置上以前的导出",
    "override a parameter (repeatable), e.g. --set street.leakage=0.5":
        "覆盖一个参数(可重复),例如 --set street.leakage=0.5",
    "short: no host name, absolute paths or folders in the recorded command (default); full: "
    "record them": "short:记录的命令中不含主机名、绝对路径或文件夹(默认);full:全部记录",
    "keep the warm-up days in the daily table (left out by default)":
        "逐日表保留预热期(默认不含)",
    # app and district
    "port to serve on (default 8765; 0 picks a free port, printed on start)":
        "服务端口(默认 8765;0 表示自动选空闲端口,启动时显示)",
    "address to bind (default 127.0.0.1, this machine only)": "绑定地址(默认 127.0.0.1,仅本机)",
    "open a browser tab": "打开浏览器标签页",
    "first download the page's browser assets with npm, so the dashboard works without "
    "internet (e.g. before a talk)": "先用 npm 下载网页所需的浏览器资源,使仪表盘无网络也能用"
                                     "(例如演示前)",
    "offer this district file (CSV or Excel, see `commsim district template`) first in the "
    "dashboard's district menu (repeatable)":
        "在仪表盘的辖区菜单中优先提供此辖区文件(CSV 或 Excel,见 `commsim district template`;"
        "可重复)",
    "district file (.csv or .xlsx) or a built-in example name":
        "辖区文件(.csv 或 .xlsx)或内置示例名",
    "write a commented district file template": "生成带说明的辖区数据模板",
    "validate a district file and summarise it": "检查辖区数据文件并汇总",
    "file to write: .xlsx for a workbook, else CSV (default: print the CSV to standard output)":
        "要写入的文件:.xlsx 为工作簿,否则为 CSV(默认:把 CSV 输出到标准输出)",
    "language of the summary and the errors (default: from the locale)":
        "汇总和错误信息的语言(默认:取自系统区域设置)",
    "file to write (default: print to standard output)": "要写入的文件(默认:输出到标准输出)",
    "language of the column headers (default: from the locale)":
        "列标题的语言(默认:取自系统区域设置)",
}
#: Placeholders in the usage lines (metavars and positional names) in Chinese.
METAVARS_ZH: dict[str, str] = {
    "COMMAND": "命令", "FILE": "文件", "DIR": "文件夹", "YUAN": "元", "SCENARIO": "情景",
    "RESULTS_DIR": "结果文件夹", "PATH": "路径", "ADDRESS": "地址", "PCT": "百分比",
    "MODULE_OR_FILE": "模块或文件", "dotted.key=value": "参数名=值", "M1,M2|all": "指标1,指标2|all",
    "results": "结果文件夹", "spec": "设定文件", "scenario": "情景", "path": "路径",
    "file": "文件", "action": "操作", "ACTION": "操作", "KEY=VALUE": "键=值", "N": "数",
    "SPEC.toml": "设定文件.toml", "YUAN_PER_HOUR": "元每小时", "YUAN_PER_YEAR": "元每年",
    "REPS": "次数", "SEED": "种子", "DAYS": "天数",
    "COMMUNITIES": "社区数", "WORKERS": "进程数",
    "TITLE": "标题", "PORT": "端口", "HOST": "地址", "PNG": "文件夹", "SVG": "文件夹",
    "OUTPUT": "文件", "OUT": "路径", "REPLICATION": "序号", "ROOT": "文件夹",
    "CALIBRATION": "文件夹", "PRECISION": "百分比", "DISTRICT": "辖区文件", "REANALYSE": "文件夹",
}
#: argparse's own section titles and usage prefix in Chinese.
TITLES_ZH: dict[str, str] = {"positional arguments": "位置参数", "options": "选项",
                             "optional arguments": "选项"}


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with a Chinese usage prefix."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def] # noqa: ANN001, ANN201, D102
        return super().add_usage(usage, actions, groups, prefix or "用法:")


def translate(parser: argparse.ArgumentParser) -> None:
    """Rewrite ``parser`` and its subcommands' help in Chinese (in place)."""
    parser.formatter_class = ChineseHelpFormatter
    if parser.description in HELP_ZH:
        parser.description = HELP_ZH[parser.description]
    for group in parser._action_groups:
        group.title = TITLES_ZH.get(str(group.title), group.title)
    for action in parser._actions:
        if isinstance(action.help, str) and action.help in HELP_ZH:
            action.help = HELP_ZH[action.help]
        shown = action.metavar if isinstance(action.metavar, str) else \
            None if action.option_strings or action.metavar else action.dest
        if shown in METAVARS_ZH:
            action.metavar = METAVARS_ZH[shown]
        elif action.metavar is None and action.option_strings and action.nargs != 0 \
                and action.dest.upper() in METAVARS_ZH:
            action.metavar = METAVARS_ZH[action.dest.upper()]
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if isinstance(choice.help, str) and choice.help in HELP_ZH:
                    choice.help = HELP_ZH[choice.help]
            for sub in action.choices.values():
                translate(sub)
