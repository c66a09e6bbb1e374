"""The person fields the returns read, in one place.

The registers are moving their people (names, ID numbers, phones) into one register of residents; when a
domain's person fields move, only the lookups here change, not the sources. Every person field a return
shows is masked like on the lists: a return is sent up and printed, and the full number is never needed to
count or check it."""

from xiangzhen.validators import mask_name, mask_phone, mask_resident_id

# The household head of a 防返贫 monitoring household, read with values_list() from Household.
HOUSEHOLD_HEAD = ("head_name", "head_id_number", "phone")


def masked_person(name: str, id_number: str, phone: str) -> tuple[str, str, str]:
    """Name, 身份证号 and phone as every list shows them."""
    return mask_name(name), mask_resident_id(id_number), mask_phone(phone)
