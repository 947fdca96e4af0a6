"""Declarations of the core model parameters.

Each entry names a unit, a range and a source: a seed passage (S1–S14 in
``shared/domain.md``), a named external source, or ``assumption``. Policy
parameters are declared in their own modules under :mod:`commsim.policies`.
``docs/parameters.md`` is generated from this registry (``make docs``).
"""

from __future__ import annotations

from commsim.core.parameters import SCHEMA, Param

#: Department task kinds: (kind, mix share, mean hours, deadline days, paper share,
#: away share, source). ``inspection_prep`` and ``complaint`` are not in the regular
#: mix: campaigns and residents' complaints create them.
TASK_KINDS: tuple[tuple[str, float, float, float, float, float, str], ...] = (
    ("data_report", 0.28, 3.0, 2.0, 0.6, 0.0, "S4 (urgent reports, surveys, statistics)"),
    ("form", 0.20, 2.0, 5.0, 0.8, 0.0, "S2, Beijing 2019 (forms -90% after reduction)"),
    ("ledger", 0.16, 5.0, 10.0, 0.9, 0.0, "S6, Hongkou 2014 (100+ ledgers)"),
    ("meeting", 0.14, 2.5, 1.0, 0.1, 1.0, "S10 (several bosses), Beijing 2019"),
    ("field_visit", 0.12, 10.0, 7.0, 0.3, 0.7, "S2, S4 (household surveys, supervision)"),
    ("supervision", 0.10, 3.0, 7.0, 0.4, 0.6, "S2 (drug-rehabilitation supervision)"),
    ("inspection_prep", 0.0, 6.0, 5.0, 0.85, 0.0, "S6 (突击抓 before inspections)"),
    ("complaint", 0.0, 1.5, 1.0, 0.4, 0.5, "S11 (complaints after refused aid)"),
)
KIND_NAMES: tuple[str, ...] = tuple(k[0] for k in TASK_KINDS)
REGULAR_KINDS: tuple[str, ...] = tuple(k[0] for k in TASK_KINDS if k[1] > 0)


def _core() -> list[Param]:
    p = Param
    params = [
        # --- run ------------------------------------------------------------------------
        p("run.days", 365, "day", 1, 3650, "assumption",
          "Measured days, after the warm-up (simulated days = run.warmup_days + run.days)."),
        p("run.warmup_days", 1095, "day", 0, 3650, "MSER-5, see docs/warmup.md",
          "Days simulated before measurement starts; the state at its end (backlogs, "
          "exhaustion, tenure, satisfaction) is the initial state of the measured run."),
        p("run.district", "", "file", None, None, "the planner's own data (see docs/districts.md)",
          "District file (.csv or .xlsx) giving each community's households, posts, need mix, "
          "high-need flag and office budget, or a built-in example name (s14_example); empty: "
          "communities are drawn from run.communities and the street.* parameters."),
        p("run.communities", 8, "count", 1, 500, "S14 (5 communities + 3 villages)",
          "Communities (residents' committees) in the simulated street or district."),
        p("run.start_weekday", 0, "weekday", 0, 6, "assumption",
          "Weekday of day 0 (0 = Monday)."),
        # --- calendar ---------------------------------------------------------------------
        p("calendar.workday_start", 8.0, "h of day", 5, 10, "S1 (start before 08:00)",
          "Hour cadres start work."),
        p("calendar.office_open", 8.5, "h of day", 6, 11, "assumption",
          "Hour the office opens to residents."),
        p("calendar.lunch_start", 12.0, "h of day", 10, 14, "S1", "Office closes for lunch."),
        p("calendar.lunch_end", 14.0, "h of day", 11, 15, "S1", "Office reopens after lunch."),
        p("calendar.office_close", 17.5, "h of day", 15, 20, "assumption",
          "Office closes to residents."),
        p("calendar.service_overrun_hours", 1.0, "h", 0, 3, "S1 (cannot leave on time)",
          "How long after closing a cadre goes on serving a resident already at the counter."),
        p("calendar.workday_end", 18.0, "h of day", 15, 20, "assumption",
          "End of the paid working day."),
        p("calendar.holidays_per_year", 11, "day", 0, 30, "PRC statutory holidays",
          "Public holidays on weekdays, spread over the year."),
        # --- street and residents ---------------------------------------------------------
        p("street.households_per_community", 2500, "households", 100, 10000,
          "S13, S14 (139,000 households / 50 communities)",
          "Mean households per community."),
        p("street.community_size_cv", 0.25, "ratio", 0.0, 1.0, "assumption",
          "Coefficient of variation of community size."),
        p("street.high_need_share", 0.125, "share", 0.0, 1.0, "S14 (2,400 low-rent flats)",
          "Share of communities with a concentrated high-need population."),
        p("street.high_need_multiplier", 3.0, "ratio", 1.0, 10.0, "S14 (800+ disabled)",
          "Factor on the shares of needy household types in high-need communities."),
        p("street.relay_multiplier", 1.25, "ratio", 1.0, 3.0, "S2, S10 (street office relays)",
          "Department tasks times this = tasks after the street office adds its own."),
        p("residents.share_elderly", 0.15, "share", 0, 1, "assumption (ageing districts)",
          "Households with elderly members who need help."),
        p("residents.share_disabled", 0.03, "share", 0, 1, "S14 (800+ disabled in a street)",
          "Households with a disabled member."),
        p("residents.share_low_income", 0.04, "share", 0, 1, "S11, S14 (低保户)",
          "Households on minimum-living allowance."),
        p("residents.share_supervised", 0.005, "share", 0, 1, "S2, S12",
          "Households with a person under community supervision."),
        p("residents.visits_ordinary", 1.0, "visits/household/yr", 0, 100, "S12, assumption",
          "Office visits per ordinary household per year."),
        p("residents.visits_elderly", 4.0, "visits/household/yr", 0, 100, "S12, assumption",
          "Office visits per elderly household per year."),
        p("residents.visits_disabled", 6.0, "visits/household/yr", 0, 100, "S12, assumption",
          "Office visits per household with a disabled member per year."),
        p("residents.visits_low_income", 8.0, "visits/household/yr", 0, 100, "S11, S12",
          "Office visits per low-income household per year."),
        p("residents.visits_supervised", 6.0, "visits/household/yr", 0, 100, "S12",
          "Office visits per supervised household per year."),
        p("residents.service_hours", 0.35, "h", 0.01, 4.0, "assumption",
          "Mean counter service time at full productivity (exponential)."),
        p("residents.patience_hours", 0.75, "h", 0.01, 8.0, "assumption",
          "Mean time a resident waits before leaving (exponential)."),
        p("residents.return_probability", 0.6, "probability", 0, 1, "assumption",
          "Chance an unserved resident comes back the next working day."),
        p("residents.complaint_probability", 0.1, "probability", 0, 1, "S11, S12",
          "Chance an unserved or refused resident complains to the street hotline."),
        p("residents.quality_erosion", 0.5, "share", 0, 1, "Oliva & Sterman 2001 (form)",
          "Loss of perceived service quality when cadres carry a week or more of backlog."),
        p("residents.performance_abandoned", 0.15, "index/1", 0, 1, "assumption",
          "Perceived performance of a visit that ended unserved."),
        p("residents.performance_refused_aid", 0.3, "index/1", 0, 1, "S11 (rejected complain)",
          "Perceived performance of an aid decision that refuses (or ends) a household's aid."),
        p("residents.aid_share", 0.3, "share", 0, 1, "S11",
          "Share of visits by low-income and disabled households that apply for aid."),
        p("residents.aid_quota_share", 0.5, "share", 0, 1, "S11 (fixed quotas)",
          "Standing aid places of a community, as a share of its low-income and disabled "
          "households."),
        p("residents.aid_rounds_per_year", 4, "count", 0, 52,
          "S11, assumption (periodic review of allowances)",
          "Allocation rounds per year at which places go to the neediest (0 = none)."),
        p("residents.need_persistence", 0.8, "correlation", 0, 1, "assumption",
          "Correlation of a household's need score from one allocation round to the next."),
        p("residents.grievance_service_factor", 0.5, "ratio", 0, 5,
          "S11 (抵触情绪,不配合工作), assumption",
          "Extra counter service time of a household just refused aid (non-cooperation)."),
        p("residents.grievance_days", 180.0, "day", 0, 3650, "assumption",
          "Time constant over which a refused household's grievance fades."),
        p("residents.sat_intercept", 0.15, "index/100", 0, 1, "Van Ryzin 2004 (form)",
          "a in S = a + b·P + c·(P − E)."),
        p("residents.sat_performance", 0.7, "index/100", 0, 2, "Van Ryzin 2004 (form)",
          "b, weight of performance P."),
        p("residents.sat_disconfirmation", 0.4, "index/100", 0, 2, "Van Ryzin 2004 (form)",
          "c, weight of disconfirmation P − E."),
        p("residents.expectation_learning", 0.3, "share", 0, 1, "assumption",
          "How far expectations move toward each experience."),
        p("residents.satisfaction_memory", 0.5, "share", 0, 1, "assumption",
          "Weight of the newest experience in a household's satisfaction."),
        p("residents.wait_tolerance_hours", 1.0, "h", 0.05, 8, "assumption",
          "Wait at which perceived performance of a served visit reaches 0."),
        p("residents.initial_satisfaction", 72.0, "index", 0, 100,
          "Jinan 2022 (80 % satisfied), assumption",
          "Mean satisfaction index of households before the run."),
        p("residents.initial_satisfaction_sd", 12.0, "index", 0, 50, "assumption",
          "Spread of initial satisfaction."),
        p("residents.word_of_mouth", 0.005, "1/day", 0, 1, "assumption (word of mouth)",
          "Share of the gap to the community's opinion (mean satisfaction of households "
          "with contact in the past 12 months) that a household without contact closes "
          "each day."),
        p("residents.satisfied_threshold", 41.7, "index", 0, 100,
          "calibrated to Jinan 2022 (80.2 % satisfied, n = 187; docs/calibration.md), "
          "assumption (the mapping)",
          "Index at or above which a household counts as satisfied (the survey's 满意)."),
        # --- departments ------------------------------------------------------------------
        p("departments.count", 14, "count", 1, 60, "domain.md (12-15 departments)",
          "District departments that send work to communities: the first lines of the "
          "table in commsim.model.overlapping_lines (overlapping pairs beyond it are inactive)."),
        p("departments.tasks_per_community_day", 4.0, "tasks/community/workday", 0, 100,
          "Hubei 2003 survey (~5 logged tasks a day)",
          "Department tasks per community per working day before the street office."),
        p("departments.items_per_department", 10, "item types", 1, 200,
          "Hongkou 2014 (146 assigned task types a year)",
          "Item types in each department's catalogue."),
        p("departments.statutory_share", 0.33, "share", 0, 1, "Beijing c. 2018 (53 of 162)",
          "Share of item types that are statutory community duties."),
        p("departments.urgent_share", 0.15, "share", 0, 1, "S4",
          "Share of tasks due the same day."),
        p("departments.hours_cv", 0.8, "ratio", 0, 3, "assumption",
          "Coefficient of variation of task hours (lognormal)."),
        p("departments.conflict_rework_hours", 1.0, "h", 0, 8, "S10 (one performer, three "
          "conductors)", "Rework when two bosses' same-day urgent orders collide."),
        p("departments.own_staff_share", 0.5, "probability", 0, 1, "S2 (departments' own "
          "duties), assumption", "Chance a department does refused or unordered work that does "
          "not leak back with its own staff (otherwise nobody does it: a shortfall)."),
        p("departments.own_staff_hours_ratio", 1.0, "h/h", 0.1, 5, "assumption",
          "Department staff hours per standard hour of a task it does itself."),
        p("departments.staff_wage_per_hour", 35.0, "yuan/h", 0, 1000,
          "S9 (civil servants: cadres.reference_wage 6,000 yuan/month / 174 h)",
          "Wage of the department staff who do work the committee does not."),
        # --- service shortfalls (work nobody does, see commsim.model.fallback) ----------------
        p("shortfall.detection_probability", 0.5, "probability", 0, 1, "S6, assumption",
          "Chance the next inspection finds an inspected record (ledger, form, inspection "
          "preparation) that nobody kept: a fine and a rectification order."),
        p("shortfall.households_affected", 2, "households/task", 0, 100, "S11, S12, "
          "assumption", "Households of the community that feel a service nobody delivered "
          "(performance 0; each may complain)."),
        p("shortfall.value_per_hour", 35.0, "yuan/h", 0, 10000,
          "assumption (replacement cost: departments.staff_wage_per_hour)",
          "Social cost of a standard hour of work nobody did (a lower bound: what doing it "
          "would have cost)."),
        # --- costs (full social cost, see commsim.model.costs) ---------------------------------
        p("costs.hours_per_month", 174.0, "h/month", 100, 300,
          "PRC MOHRSS 2008 (21.75 working days x 8 h)",
          "Paid hours per month: converts monthly pay to an hourly wage."),
        p("costs.overtime_premium", 1.0, "ratio", 0, 3,
          "PRC Labour Law art. 44 (150-300 %), assumption",
          "Factor on the wage at which cadre overtime is valued (1 = the plain wage; "
          "unpaid in practice, S1)."),
        # --- inspections ------------------------------------------------------------------
        p("inspections.per_year", 3, "count", 0, 12, "S6, Beijing c. 2018 (32 evaluations)",
          "Major inspections / star ratings per year."),
        p("inspections.campaign_days", 21, "day", 0, 90, "S6 (突击抓)",
          "Length of the preparation surge before each inspection."),
        p("inspections.surge_multiplier", 2.0, "ratio", 1, 6, "S6",
          "Factor on ledger and form tasks during a campaign."),
        p("inspections.prep_tasks_per_day", 1.0, "tasks/community/day", 0, 20, "S6",
          "Inspection-preparation tasks per community per campaign day."),
        p("inspections.fabrication_probability", 0.6, "probability", 0, 1, "S6 (编造虚假的资料)",
          "Chance an unfinished inspected record is fabricated rather than failed."),
        p("inspections.detection_probability", 0.2, "probability", 0, 1,
          "assumption (S6: fabrication is common, detection rare)",
          "Chance an inspector detects a fabricated record."),
        p("inspections.detected_fine_yuan", 500.0, "yuan", 0, 10000, "S10, assumption",
          "Fine on the responsible cadre per detected fabricated record."),
        p("inspections.detection_penalty", 2.0, "records", 0, 20, "assumption",
          "Failed records a detected fabrication counts for in the inspection rating."),
        p("inspections.fine_yuan", 200.0, "yuan", 0, 10000, "S10 (fines for every criticism)",
          "Fine on the responsible cadre per failed inspected record."),
        p("inspections.surge_days", 7, "day", 0, 30, "S1 (to 01:00–02:00 before inspections)",
          "Days before an inspection when work may run to cadres.surge_end."),
        # --- helpers (capacity bought by policies) -------------------------------------
        p("helpers.max_hours_per_day", 16.0, "h/community/day", 0, 200, "assumption "
          "(two contracted workers)", "Most funded or purchased helper hours a community "
          "absorbs in a day."),
        p("helpers.productivity", 0.8, "share", 0.05, 2, "assumption",
          "Productivity of contracted helpers relative to an experienced cadre."),
        # --- cadres ------------------------------------------------------------------------
        p("cadres.per_community", 7, "count", 1, 40, "S13 (committee 5–9; 1 per 300 hh)",
          "Cadre posts per community (when staffing.households_per_worker is 0)."),
        p("cadres.counter_windows", 2, "count", 1, 20, "S13 (service station), assumption",
          "Counter windows a committee tries to keep staffed (rotating cadres)."),
        p("cadres.routine_hours", 2.0, "h/day", 0, 6, "S10 (grid patrols, diaries)",
          "Daily routine duties per cadre (patrols, notes) on working days."),
        p("cadres.app_hours", 2.0, "h/day", 0, 6, "press reports (7–8 apps, ~2 h/day)",
          "Daily reporting in work apps per cadre on working days."),
        p("cadres.noon_and_early_hours", 1.5, "h/day", 0, 4, "S1 (start before 08:00, "
          "cannot leave at noon)", "Overtime a pressed cadre puts in before opening and "
          "over lunch, before staying late."),
        p("cadres.evening_end", 21.0, "h of day", 17, 24, "S1 (to 19:00–20:00)",
          "Latest end of a normal overtime evening."),
        p("cadres.surge_end", 26.0, "h of day", 18, 28, "S1 (to 01:00–02:00)",
          "Latest end in the inspections.surge_days before an inspection (26 = 02:00)."),
        p("cadres.overtime_horizon_days", 5, "day", 0, 14, "assumption",
          "Work due within this many days is finished in overtime."),
        p("cadres.rest_day_max_hours", 8.0, "h", 0, 24, "S10 (五加二)",
          "Longest rest-day shift for work that is due soon."),
        p("cadres.rest_day_surge_hours", 4.0, "h", 0, 16, "S1",
          "Extra rest-day hours allowed in the days before an inspection."),
        p("cadres.overtime_memory_days", 28.0, "day", 1, 365, "assumption",
          "Time constant of the smoothed weekly overtime the quit hazard reads."),
        p("cadres.fine_memory_days", 90, "day", 1, 730, "assumption",
          "How long a fine weighs on the quit hazard."),
        p("cadres.weekend_duty_hours", 4.0, "h/community/day", 0, 24, "S10 (五加二)",
          "Rota duty hours a community staffs on each weekend day."),
        p("cadres.exhaustion_gain", 0.008, "1/h", 0, 1, "Meijman & Mulder 1998 (form)",
          "Exhaustion gained per hour beyond paid hours."),
        p("cadres.recovery_rate", 0.05, "1/day", 0, 1, "Meijman & Mulder 1998 (form)",
          "Share of exhaustion recovered on a full rest day."),
        p("cadres.evening_recovery", 0.3, "share", 0, 1, "Meijman & Mulder 1998 (form)",
          "Recovery on a working day's evening relative to a day off (none after a full "
          "overtime evening)."),
        p("cadres.rest_day_recovery_hours", 8.0, "h", 0.5, 24,
          "Meijman & Mulder 1998 (form), assumption",
          "Hours worked on a rest day at which that day's recovery vanishes; recovery falls "
          "linearly from a full day off to none."),
        p("cadres.burnout_threshold", 0.41, "index", 0, 1,
          "calibrated to CJPH 2019 (MBI-GS any burnout 41.9 %, n = 1,491; "
          "docs/calibration.md), assumption (the mapping)",
          "Exhaustion above which a cadre counts as burnt out (the survey's any burnout)."),
        p("cadres.fatigue_loss", 0.35, "share", 0, 0.9, "Oliva & Sterman 2001 (form)",
          "Productivity lost at full exhaustion."),
        p("cadres.newcomer_productivity", 0.5, "share", 0.05, 1, "S10 (newcomers overloaded)",
          "Productivity of a new cadre relative to an experienced one."),
        p("cadres.ramp_years", 0.75, "yr", 0.01, 10, "assumption",
          "Time constant of learning on the job."),
        p("cadres.skill_sd", 0.15, "ratio", 0, 1, "assumption", "Spread of individual skill."),
        p("cadres.resilience_sd", 0.3, "ratio", 0, 2, "assumption",
          "Spread (log scale) of individual sensitivity to overtime."),
        p("cadres.tenure_mean_years", 5.0, "yr", 0, 30, "S10 (8–10 years quit)",
          "Mean tenure of the initial cadres."),
        p("cadres.pay_staff", 3000.0, "yuan/month", 0, 50000, "S9 (1,000 in 2010), assumption",
          "Monthly pay of a staff cadre."),
        p("cadres.pay_secretary", 4000.0, "yuan/month", 0, 50000, "S9 (1,200 in 2010)",
          "Monthly pay of the committee secretary."),
        p("cadres.reference_wage", 6000.0, "yuan/month", 1, 50000, "S9 (civil servants)",
          "Wage of comparable work; the pay gap is measured against it."),
        p("cadres.quit_base", 0.024, "1/yr", 0, 5, "western region 2021–24 (~6 %/yr)",
          "Quit hazard with no exhaustion, no pay gap, no fines, no overtime."),
        p("cadres.quit_exhaustion", 1.2, "log-hazard/index", 0, 10, "Tett & Meyer 1993 (form)",
          "Effect of exhaustion on the quit hazard."),
        p("cadres.quit_pay_gap", 0.8, "log-hazard/share", 0, 10, "S9, S10",
          "Effect of the pay gap on the quit hazard."),
        p("cadres.quit_fines", 0.5, "log-hazard/1000 yuan", 0, 10, "S10",
          "Effect of fines within cadres.fine_memory_days on the quit hazard."),
        p("cadres.quit_overtime", 0.02, "log-hazard/(h/week)", 0, 1, "S10 (白加黑、五加二)",
          "Effect of recent weekly overtime on the quit hazard."),
        p("cadres.vacancy_days", 60.0, "day", 0, 730, "S10, assumption",
          "Mean time to fill a vacant post."),
        p("cadres.recruitment_cost", 8000.0, "yuan", 0, 1e6, "assumption",
          "Cost of recruiting and training one replacement."),
        p("cadres.fine_probability", 0.05, "probability", 0, 1, "S10",
          "Chance a missed deadline brings a fine."),
        p("cadres.fine_yuan", 100.0, "yuan", 0, 10000, "S10", "Fine per missed deadline."),
        p("cadres.expiry_days", 14, "day", 0, 365, "assumption",
          "Days past its deadline after which an undone task is dropped (expired)."),
    ]
    for kind, share, hours, deadline, paper, away, source in TASK_KINDS:
        if share > 0:
            params.append(p(f"tasks.{kind}.share", share, "weight", 0, 100, source,
                            f"Relative frequency of {kind} tasks in the department mix."))
        params += [
            p(f"tasks.{kind}.hours", hours, "h", 0.05, 200, source,
              f"Mean standard hours of a {kind} task."),
            p(f"tasks.{kind}.deadline_days", deadline, "day", 0, 90, source,
              f"Days from arrival to the deadline of a {kind} task."),
            p(f"tasks.{kind}.paper_share", paper, "share", 0, 1, "S5, assumption",
              f"Share of a {kind} task's hours that is paperwork."),
            p(f"tasks.{kind}.away_share", away, "share", 0, 1, "assumption",
              f"Share of a {kind} task's hours spent away from the counter."),
        ]
    return params


SCHEMA.register(*_core())
