"""The staffing norm and office budgets as levers (seed point S13).

Seed 003:

    "社区居委会成员按照法定 5—9 人配备,社区服务站按每 300 户居民配置 1 名社区专职工作者,
    一个社区服务站专职工作人员不得少于 5 人 ... 自 xx 年起每年度区财政对社区预算的办公经费
    仅为 3 万元, 远远低于顺庆区财政预算 15 万的水平 ... 召开会议、报送信息和数据、建立台账等
    文件资料的办公消耗, 加之社区居委会自身用水、 用电及电话费等办公开支,造成社区居委会运转
    经费严重不足"

    (Committees have the statutory 5–9 members; service stations one full-time worker
    per 300 households and no fewer than 5 full-time staff per station ... the district
    budgets only 30,000 yuan a year of office funds per community, far below the
    neighbouring Shunqing district's 150,000 ... meetings, data reports and ledgers
    consume office supplies, and with water, electricity and telephone the committee's
    running funds fall seriously short.)

Posts: with ``staffing.households_per_worker`` = 0 every community has
``cadres.per_community`` posts (the calibrated default); otherwise a community of ``H``
households has ``ceil(H / households_per_worker)`` posts, clamped to
[``staffing.min_posts``, ``staffing.max_posts``].

Office budget: each community receives ``street.office_budget_yuan`` a year; the first
``street.office_running_cost_yuan`` goes on running the office (S13: at 30,000 yuan the
funds fall short), and whatever is left buys helper hours as any funded hour does
(:func:`commsim.policies.funding.bought_hours`: ``helpers.cost_per_hour``, the same
share pulled into administrative work, the rest at the counter), banked on every
working day like the hours a policy buys.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from commsim.core.parameters import SCHEMA, Param
from commsim.policies.funding import bought_hours

if TYPE_CHECKING:
    from commsim.model.community_model import CommunityModel

SCHEMA.register(
    Param("staffing.households_per_worker", 0, "households/post", 0, 10000,
          "S13 (每 300 户居民配置 1 名社区专职工作者)",
          "Households per cadre post (the norm is 300); 0 = use cadres.per_community."),
    Param("staffing.min_posts", 5, "count", 1, 40, "S13 (不得少于 5 人; committee 5–9)",
          "Fewest posts a community gets under the households-per-worker norm."),
    Param("staffing.max_posts", 16, "count", 1, 40,
          "China Daily 2011 (2,370 households, 16 staff)",
          "Most posts a community gets under the households-per-worker norm."),
    Param("street.office_budget_yuan", 30000.0, "yuan/community/yr", 0, 1e7,
          "S13 (30,000 here vs 150,000 in the neighbouring district)",
          "Office funds a community receives a year."),
    Param("street.office_running_cost_yuan", 30000.0, "yuan/community/yr", 0, 1e7,
          "S13 (30,000 falls short of running costs), assumption",
          "Office running costs paid from the budget before anything buys helper hours."),
)


def posts_per_community(sizes: np.ndarray, params: Mapping[str, Any]) -> np.ndarray:
    """Cadre posts of each community under the staffing norm.

    >>> from commsim.core.parameters import Params
    >>> p = Params.defaults().with_overrides({"staffing.households_per_worker": 300}, "doc")
    >>> posts_per_community(np.array([900, 2500, 9000]), p).tolist()
    [5, 9, 16]
    >>> posts_per_community(np.array([900, 2500]), Params.defaults()).tolist()
    [7, 7]
    """
    per_worker = int(params["staffing.households_per_worker"])
    if per_worker == 0:
        return np.full(len(sizes), int(params["cadres.per_community"]), dtype=int)
    low, high = int(params["staffing.min_posts"]), int(params["staffing.max_posts"])
    if low > high:
        from commsim.core.errors import InputError

        raise InputError("staffing.min_posts exceeds staffing.max_posts",
                         key="staffing.min_posts", value=low,
                         allowed=f"at most staffing.max_posts = {high}", source="parameters")
    posts = [math.ceil(int(h) / per_worker) for h in sizes]
    return np.clip(np.array(posts, dtype=int), low, high)


def helper_hours_per_workday(
    budget: np.ndarray, params: Mapping[str, Any], workdays_per_year: float
) -> np.ndarray:
    """Helper hours each community's office budget buys on each working day.

    >>> from commsim.core.parameters import Params
    >>> helper_hours_per_workday(np.array([30000.0, 150000.0]), Params.defaults(), 250).round(2)
    array([ 0.  , 13.71])
    """
    spare = np.maximum(0.0, budget - float(params["street.office_running_cost_yuan"]))
    if workdays_per_year <= 0:
        return np.zeros_like(spare)
    return spare / float(params["helpers.cost_per_hour"]) / workdays_per_year


def bank_office_helpers(model: CommunityModel, day: int) -> None:
    """Bank today's helper hours bought from office funds (working days only)."""
    hours = model.office_helper_hours
    if not model.calendar.workday[day] or not hours.any():
        return
    cost = float(model.params["helpers.cost_per_hour"])
    for community in model.communities:
        admin, desk = bought_hours(float(hours[community.index]) * cost, model.params)
        community.add_helper_hours(admin=admin, desk=desk)
