from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "xiangzhen.feedback"
    verbose_name = "投诉建议"
