from django.apps import AppConfig


class HotlineConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "xiangzhen.hotline"
    verbose_name = "接诉即办"
