from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PATH_SEGMENT_WIDTH = 10


class UnitLevel(models.TextChoices):
    COUNTY = "county", _("县(区、市)")
    TOWN = "town", _("乡镇(街道)")
    DISTRICT = "district", _("片区")
    VILLAGE = "village", _("村(社区)")
    GROUP = "group", _("村民组")


# Rank in the tree: a parent's rank is always lower than its child's.
LEVEL_RANK = {
    UnitLevel.COUNTY: 1,
    UnitLevel.TOWN: 2,
    UnitLevel.DISTRICT: 3,
    UnitLevel.VILLAGE: 4,
    UnitLevel.GROUP: 5,
}
# How many leading digits of the 12-digit statistical code a level fixes (the rest are zeros).
CODE_SIGNIFICANT_DIGITS = {UnitLevel.COUNTY: 6, UnitLevel.TOWN: 9, UnitLevel.VILLAGE: 12}


class UnitQuerySet(models.QuerySet["Unit"]):
    def within(self, roots: "models.QuerySet[Unit] | list[Unit]") -> "UnitQuerySet":
        """Units in the subtrees of `roots` (the roots included).

        A subtree is the index range [path, next sibling path): digit-only paths sort the same in every
        collation, so this is a range scan on SQLite and PostgreSQL alike, unlike LIKE 'prefix%'.
        """
        condition = Q(pk__in=[])
        for root in roots:
            condition |= Q(path__gte=root.path, path__lt=subtree_upper_bound(root.path))
        return self.filter(condition)


class Unit(models.Model):
    """A node of the administrative tree: county, town, 片区, village (community) or villager group."""

    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=10, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path: the zero-padded ids from the root down ("00000000010000000007"); a subtree is
    # every path that starts with its root's path.
    path = models.CharField(_("路径"), max_length=255, unique=True, editable=False)
    division_code = models.CharField(_("统计用区划代码"), max_length=12, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政单位")
        verbose_name_plural = _("行政单位")
        ordering = ["path"]
        # A reference in an import or a form ("镇江村", "生机镇/镇江村") is looked up by name first.
        indexes = [models.Index(fields=["name"], name="unit_name_idx")]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unit_unique_name_per_parent"),
            models.UniqueConstraint(
                fields=["division_code"], condition=~Q(division_code=""), name="unit_unique_division_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return len(self.path) // PATH_SEGMENT_WIDTH

    def ancestor_ids(self) -> list[int]:
        """The ids from the root down to this unit, itself included."""
        return [
            int(self.path[start : start + PATH_SEGMENT_WIDTH])
            for start in range(0, len(self.path), PATH_SEGMENT_WIDTH)
        ]

    def ancestors(self) -> "UnitQuerySet":
        return Unit.objects.filter(pk__in=self.ancestor_ids()[:-1])

    def full_name(self) -> str:
        names = dict(self.ancestors().values_list("pk", "name"))
        return " / ".join([*(names[pk] for pk in self.ancestor_ids()[:-1]), self.name])

    def town(self) -> "Unit | None":
        """The town (乡镇) this unit lies in, or the unit itself when it is one; None above town level."""
        if self.level == UnitLevel.TOWN:
            return self
        return Unit.objects.filter(pk__in=self.ancestor_ids()[:-1], level=UnitLevel.TOWN).first()


def unit_path_segment(unit_id: int) -> str:
    return f"{unit_id:0{PATH_SEGMENT_WIDTH}d}"


def subtree_upper_bound(path: str) -> str:
    """The smallest path greater than every path starting with `path`."""
    return str(int(path) + 1).zfill(len(path))


class CadreRole(models.TextChoices):
    COUNTY_SUPERVISOR = "county_supervisor", _("县级督查")
    TOWN_LEADER = "town_leader", _("乡镇领导")
    WINDOW_STAFF = "window_staff", _("窗口人员")
    DISTRICT_COMMITTEE = "district_committee", _("片区工委")
    TOWNSHIP_CADRE = "township_cadre", _("包村干部")
    VILLAGE_CADRE = "village_cadre", _("村干部")


class Cadre(models.Model):
    """A person who works for a unit: township cadre, village cadre, police assistant."""

    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    role = models.CharField(_("角色"), max_length=30, choices=CadreRole.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cadre",
    )
    is_active = models.BooleanField(_("在岗"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("干部")
        verbose_name_plural = _("干部")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class CurrentQuerySet(models.QuerySet[models.Model]):
    def current(self, on: date) -> "CurrentQuerySet":
        return self.filter(Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on)))


class Post(models.Model):
    """A cadre's position in a unit for a period (职务)."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="posts")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(_("职务"), max_length=60)
    start_date = models.DateField(_("任职日期"))
    end_date = models.DateField(_("离任日期"), null=True, blank=True)

    objects = CurrentQuerySet.as_manager()

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["unit__path", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="post_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.title} {self.cadre}"


class AssignmentKind(models.TextChoices):
    CONTACT_VILLAGE = "contact_village", _("包村")
    RESIDENT = "resident", _("驻村")
    LIAISON = "liaison", _("联系")
    GUARANTEE = "guarantee", _("包保")
    ASSISTANCE = "assistance", _("帮扶")


class Assignment(models.Model):
    """A cadre made responsible for a unit (包村、驻村、联系、包保、帮扶); it widens the cadre's jurisdiction."""

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("对象单位"), on_delete=models.PROTECT, related_name="assignments"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=AssignmentKind.choices)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = CurrentQuerySet.as_manager()

    class Meta:
        verbose_name = _("包保关系")
        verbose_name_plural = _("包保关系")
        ordering = ["cadre", "unit__path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="assignment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.get_kind_display()} {self.unit}"
