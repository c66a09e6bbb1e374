from typing import Any

from django.core.management.base import BaseCommand

from xiangzhen.demo.township import DEMO_LOGINS, DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "载入演示乡镇(渠县流溪乡、七星关区生机镇、赤壁市神山镇、常山县、义龙新区龙广镇)。重复运行不会重复创建。"

    def handle(self, *args: Any, **options: Any) -> None:
        summary = demo_load()
        state = "已创建" if summary.created else "已存在,未重复创建"
        self.stdout.write(
            f"演示数据{state}:单位 {summary.units} 个,干部 {summary.cadres} 名,办件 {summary.service_requests} 件"
            + (f"({summary.sweep})" if summary.sweep else "")
        )
        self.stdout.write(f"演示账号(密码均为 {DEMO_PASSWORD}):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<10} {login.role_label:<6} {login.name} · {login.scope}")
