from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "xiangzhen.operations"
    verbose_name = "运维(备份、恢复、健康检查)"
