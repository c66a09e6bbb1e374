"""The 履职事项清单 routes in the shared walks: 生机镇, whose list every role in its jurisdiction reads."""

from tests.factories import Township

SIGNED_IN = "signed_in"

# Jurisdiction decides which towns' lists show; importing is checked by MANAGE_DUTY_LIST in the service.
PAGE_ACCESS = {
    "duties:list": SIGNED_IN,
    "duties:import": SIGNED_IN,
}


def build(township: Township) -> dict:
    return {"town_id": [(township.shengji.pk, township.shengji)]}
