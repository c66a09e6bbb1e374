from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ClockConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "xiangzhen.clock"
    verbose_name = "期限与待办"

    def ready(self) -> None:
        # Each app declares its dated obligations in its own `obligations` module; importing them fills the
        # registry and connects the signals that keep the clock current on every write.
        autodiscover_modules("obligations")
        from xiangzhen.clock import registry

        registry.connect_signals()
