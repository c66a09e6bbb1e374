"""生机镇's 履职事项清单 and the work the district handed down this month.

The list follows the shape of the lists the provinces published in 2024–2025 (基本履职事项, 配合履职事项 led by a
district department, and 上级收回事项 the district took back), cut to the items a demo needs. The 党委书记
imports it as the town would; then the district's 督查室 hands the town five tasks: two cite their items and
run as usual, one cites nothing and one a withdrawn item, so both wait for 准入 review, and one cited a
withdrawn item and was already sent back to its sender.
"""

import random
from datetime import date, datetime, timedelta

from xiangzhen.demo.clock import past_office_time, recorded_at, workday_on_or_before
from xiangzhen.demo.shengji import Shengji
from xiangzhen.duties.importing import DutyRow
from xiangzhen.duties.models import DutyCategory
from xiangzhen.duties.services import duty_list_import
from xiangzhen.supervision.services import task_admission_review, task_create
from xiangzhen.workdays.calendar import WorkdayCalendar

BASIC, COOPERATIVE, WITHDRAWN = DutyCategory.BASIC, DutyCategory.COOPERATIVE, DutyCategory.WITHDRAWN
# (编号, 类别, 领域, 事项名称, 依据, 牵头或承接部门)
DUTIES = [
    (
        "JB-01",
        BASIC,
        "党的建设",
        "落实基层党组织“三会一课”、主题党日等组织生活制度",
        "《中国共产党支部工作条例(试行)》",
        "",
    ),
    ("JB-02", BASIC, "党的建设", "发展党员和党员教育管理监督", "《中国共产党发展党员工作细则》", ""),
    ("JB-03", BASIC, "经济发展", "统筹推进柑橘、中药材、核桃等特色产业发展", "", ""),
    ("JB-04", BASIC, "经济发展", "村集体经济组织“三资”监督管理", "《农村集体经济组织法》", ""),
    ("JB-05", BASIC, "民生服务", "便民服务中心政务服务事项受理、办理和“一次性告知”", "", ""),
    ("JB-06", BASIC, "民生服务", "防止返贫动态监测和帮扶", "", ""),
    ("JB-07", BASIC, "民生服务", "城乡居民基本养老保险参保登记和待遇资格认证", "《社会保险法》", ""),
    ("JB-08", BASIC, "平安法治", "矛盾纠纷排查化解,小事不出村、大事不出镇", "《人民调解法》", ""),
    ("JB-09", BASIC, "平安法治", "秸秆禁烧和森林防火巡查", "《森林防火条例》", ""),
    ("JB-10", BASIC, "乡村建设", "农村人居环境整治和村庄清洁行动", "", ""),
    ("JB-11", BASIC, "乡村建设", "通村通组公路日常养护管理", "《农村公路养护管理办法》", ""),
    ("PH-01", COOPERATIVE, "乡村建设", "配合开展农村自建房安全隐患排查", "", "区住房和城乡建设局"),
    ("PH-02", COOPERATIVE, "平安法治", "配合开展防汛抗旱和地质灾害隐患点巡查", "", "区应急管理局"),
    ("PH-03", COOPERATIVE, "民生服务", "配合开展困难群众救助对象排查", "《社会救助暂行办法》", "区民政局"),
    ("PH-04", COOPERATIVE, "经济发展", "配合开展耕地保护和撂荒地整治", "", "区农业农村局"),
    ("SH-01", WITHDRAWN, "自然资源", "耕地卫片图斑举证和违法用地查处", "", "区自然资源局"),
    (
        "SH-02",
        WITHDRAWN,
        "市场监管",
        "食品经营许可现场核查",
        "《食品经营许可和备案管理办法》",
        "区市场监督管理局",
    ),
    ("SH-03", WITHDRAWN, "生态环境", "排污单位执法检查", "", "区生态环境分局"),
]
# (title, duty code or "", working days given, handed out N working days ago, the 督查室's review: "" none yet,
#  "returned" sent back to its sender)
HANDED_DOWN = [
    ("全区冬季森林防火和秸秆禁烧专项巡查", "JB-09", 10, 6, ""),
    ("农村自建房安全隐患“回头看”排查", "PH-01", 15, 4, ""),
    ("填报区文明办网络文明志愿服务台账", "", 5, 2, ""),
    ("协助开展辖区食品经营许可现场核查", "SH-02", 10, 3, ""),
    ("代为开展第三季度耕地卫片图斑举证", "SH-01", 10, 8, "returned"),
]


def duty_list_load(town: Shengji) -> int:
    """The list and the handed-down tasks; returns how many items and tasks were created."""
    generator = random.Random(1130)
    calendar = WorkdayCalendar()
    today, now = town.today, town.now

    def working_days_ago(count: int) -> date:
        day = today
        for _ in range(count):
            day = workday_on_or_before(day - timedelta(days=1), calendar)
        return day

    def at(day: date) -> datetime:
        return past_office_time(day, now=now, calendar=calendar, generator=generator)

    imported = at(working_days_ago(20))
    with recorded_at(imported):
        duty_list_import(
            actor=town.users["shuji"],
            town=town.town,
            rows=[
                DutyRow(code, category, title, field, basis, department)
                for code, category, field, title, basis, department in DUTIES
            ],
        )
    ducha, leader = town.users["ducha"], town.cadre("shuji")
    for title, code, limit, ago, review in HANDED_DOWN:
        handed = at(working_days_ago(ago))
        with recorded_at(handed):
            task = task_create(
                actor=ducha,
                title=title,
                owner_unit=town.town,
                owner=leader,
                limit_workdays=limit,
                source="区级交办",
                duty_code=code,
                now=handed,
            )
        if review == "returned":
            reviewed = at(working_days_ago(ago - 2))
            with recorded_at(reviewed):
                task_admission_review(
                    actor=ducha,
                    task=task,
                    admit=False,
                    note="该事项已由区自然资源局收回,退回交办单位自行办理",
                    now=reviewed,
                )
    return len(DUTIES) + len(HANDED_DOWN)
