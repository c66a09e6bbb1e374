"""A service catalogue of the items townships handle most (民政、社保、医保、户籍、农业、林业 ...)."""

from xiangzhen.services.models import MaterialForm, ServiceItem, ServiceItemMaterial, ServiceLevel

ID_CARD = ("申请人身份证", MaterialForm.ORIGINAL_AND_COPY, False)
HOUSEHOLD_REGISTER = ("户口簿", MaterialForm.ORIGINAL_AND_COPY, False)
BANK_CARD = ("本人银行卡(一卡通)复印件", MaterialForm.COPY, True)
PHOTO = ("近期一寸免冠照片", MaterialForm.ORIGINAL, True)

# code, name, level, department, promised, legal, materials, legal basis
ITEMS = [
    (
        "MZ-001",
        "最低生活保障申请",
        ServiceLevel.TOWN,
        "民政",
        20,
        30,
        [ID_CARD, HOUSEHOLD_REGISTER, ("家庭收入及财产状况声明", MaterialForm.ORIGINAL, False), BANK_CARD],
        "《社会救助暂行办法》第十一条",
    ),
    (
        "MZ-002",
        "临时救助申请",
        ServiceLevel.TOWN,
        "民政",
        10,
        15,
        [ID_CARD, ("困难情况说明", MaterialForm.ORIGINAL, False), ("医疗费用票据", MaterialForm.COPY, True)],
        "《社会救助暂行办法》第四十八条",
    ),
    (
        "MZ-003",
        "高龄津贴申领",
        ServiceLevel.VILLAGE,
        "民政",
        5,
        10,
        [ID_CARD, HOUSEHOLD_REGISTER, BANK_CARD],
        "省高龄津贴制度实施办法",
    ),
    (
        "MZ-004",
        "残疾人两项补贴申请",
        ServiceLevel.TOWN,
        "民政",
        15,
        20,
        [ID_CARD, ("第二代残疾人证", MaterialForm.ORIGINAL_AND_COPY, False), BANK_CARD],
        "国发〔2015〕52号",
    ),
    (
        "SB-001",
        "城乡居民养老保险参保登记",
        ServiceLevel.VILLAGE,
        "社保",
        3,
        5,
        [ID_CARD, HOUSEHOLD_REGISTER],
        "《社会保险法》第二十条",
    ),
    (
        "SB-002",
        "城乡居民养老保险待遇领取",
        ServiceLevel.DISTRICT,
        "社保",
        5,
        10,
        [ID_CARD, HOUSEHOLD_REGISTER, BANK_CARD],
        "国发〔2014〕8号",
    ),
    (
        "YB-001",
        "新生儿城乡居民医保参保",
        ServiceLevel.DISTRICT,
        "医保",
        2,
        5,
        [
            ("新生儿出生医学证明", MaterialForm.ORIGINAL_AND_COPY, False),
            ("父母一方身份证", MaterialForm.COPY, False),
            HOUSEHOLD_REGISTER,
        ],
        "《社会保险法》第二十五条",
    ),
    (
        "YB-002",
        "城乡居民医保异地就医备案",
        ServiceLevel.DISTRICT,
        "医保",
        1,
        3,
        [ID_CARD, ("异地居住证明或承诺书", MaterialForm.ORIGINAL, False)],
        "医保发〔2022〕22号",
    ),
    (
        "HJ-001",
        "户口迁移证明(村级证明)",
        ServiceLevel.VILLAGE,
        "户籍",
        2,
        5,
        [ID_CARD, HOUSEHOLD_REGISTER, PHOTO],
        "《户口登记条例》第十条",
    ),
    ("HJ-002", "居住证明开具", ServiceLevel.VILLAGE, "户籍", 1, 3, [ID_CARD], "《居住证暂行条例》"),
    (
        "NY-001",
        "耕地地力保护补贴申报",
        ServiceLevel.VILLAGE,
        "农业",
        10,
        20,
        [ID_CARD, ("土地承包经营权证", MaterialForm.COPY, False), BANK_CARD],
        "财农〔2016〕26号",
    ),
    (
        "NY-002",
        "农业机械购置补贴申请",
        ServiceLevel.TOWN,
        "农业",
        15,
        20,
        [
            ID_CARD,
            ("购机发票", MaterialForm.ORIGINAL_AND_COPY, False),
            ("机具铭牌照片", MaterialForm.ORIGINAL, False),
            BANK_CARD,
        ],
        "农机发〔2021〕2号",
    ),
    (
        "LY-001",
        "林木采伐许可证核发(村级初审)",
        ServiceLevel.TOWN,
        "林业",
        15,
        20,
        [
            ID_CARD,
            ("林权证", MaterialForm.ORIGINAL_AND_COPY, False),
            ("采伐申请书", MaterialForm.ORIGINAL, False),
            ("伐区调查设计", MaterialForm.ORIGINAL, False),
        ],
        "《森林法》第五十六条",
    ),
    (
        "LY-002",
        "生态公益林补偿金申领",
        ServiceLevel.VILLAGE,
        "林业",
        10,
        15,
        [ID_CARD, ("林权证", MaterialForm.COPY, False), BANK_CARD],
        "财农〔2020〕9号",
    ),
    (
        "JS-001",
        "生育登记",
        ServiceLevel.DISTRICT,
        "卫健",
        1,
        3,
        [ID_CARD, ("结婚证", MaterialForm.ORIGINAL_AND_COPY, False)],
        "《人口与计划生育法》",
    ),
    ("JY-001", "就业创业证申领", ServiceLevel.TOWN, "人社", 5, 10, [ID_CARD, PHOTO], "人社部发〔2019〕41号"),
    (
        "TD-001",
        "农村宅基地和建房(规划许可)申请",
        ServiceLevel.TOWN,
        "自然资源",
        20,
        20,
        [
            ID_CARD,
            HOUSEHOLD_REGISTER,
            ("农村宅基地和建房(规划许可)申请表", MaterialForm.ORIGINAL, False),
            ("村民小组会议记录", MaterialForm.ORIGINAL, False),
        ],
        "《土地管理法》第六十二条",
    ),
    (
        "ZM-001",
        "家庭经济困难证明",
        ServiceLevel.VILLAGE,
        "民政",
        1,
        3,
        [ID_CARD, HOUSEHOLD_REGISTER],
        "村级证明事项清单",
    ),
]


def catalogue_load() -> list[ServiceItem]:
    """The 18 items as province-wide items (no owning unit): every demo county and town offers them."""
    items = []
    for code, name, level, department, promised, legal, materials, basis in ITEMS:
        item, created = ServiceItem.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "department": department,
                "promised_days": promised,
                "legal_days": legal,
                "legal_basis": basis,
                "owner_unit": None,
                "guide": "1. 窗口受理(材料齐全即受理,不齐一次性告知)\n2. 审核\n3. 办结并告知结果\n4. 群众评价",
            },
        )
        if created:
            ServiceItemMaterial.objects.bulk_create(
                ServiceItemMaterial(
                    item=item, name=material_name, form=form, may_follow_later=follow_later, position=position
                )
                for position, (material_name, form, follow_later) in enumerate(materials)
            )
        items.append(item)
    return items
