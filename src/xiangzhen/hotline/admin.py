from django.contrib import admin

from xiangzhen.hotline.models import CountyRuleChoice, Rule, RuleSet, WorkOrder


class RuleInline(admin.TabularInline[Rule, RuleSet]):
    model = Rule
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin[RuleSet]):
    list_display = ["code", "name", "response_weight", "resolution_weight", "satisfaction_weight"]
    inlines = [RuleInline]


@admin.register(CountyRuleChoice)
class CountyRuleChoiceAdmin(admin.ModelAdmin[CountyRuleChoice]):
    list_display = ["county", "rule_set"]


@admin.register(WorkOrder)
class WorkOrderAdmin(admin.ModelAdmin[WorkOrder]):
    list_display = ["platform_number", "town", "status", "dispatched_at", "due_date"]
    list_filter = ["status"]
    raw_id_fields = ["county", "town", "handler_unit", "handler", "village", "return_duty_item"]
