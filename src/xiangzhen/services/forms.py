from django import forms
from django.http import QueryDict

from xiangzhen.parsing import LARGEST_ID
from xiangzhen.services.models import RatingLevel


class ApplicantForm(forms.Form):
    applicant_name = forms.CharField(label="申请人姓名", max_length=50)
    applicant_phone = forms.CharField(label="联系电话", max_length=20)
    applicant_id_number = forms.CharField(label="身份证号", max_length=18)
    applicant_address = forms.CharField(label="住址", max_length=200, required=False)


class IntakeForm(ApplicantForm):
    unit = forms.IntegerField(label="受理地点", min_value=1, max_value=LARGEST_ID)
    item = forms.IntegerField(label="事项", min_value=1, max_value=LARGEST_ID)
    materials = forms.MultipleChoiceField(label="已交材料", required=False, choices=())
    extra_missing = forms.CharField(
        label="其他需补材料(每行一项)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision = forms.ChoiceField(
        choices=[("accept", "受理"), ("notice", "一次性告知"), ("reject", "不予受理")]
    )
    rejection_reason = forms.CharField(label="不予受理理由", required=False)
    rejection_basis = forms.CharField(label="不予受理依据", required=False)

    def __init__(self, data: QueryDict | None = None, *, material_names: list[str]) -> None:
        super().__init__(data)
        materials = self.fields["materials"]
        assert isinstance(materials, forms.MultipleChoiceField)
        materials.choices = [(name, name) for name in material_names]

    def extra_missing_list(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data.get("extra_missing", "").splitlines() if line.strip()
        ]


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label="评价", coerce=int, choices=RatingLevel.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="意见建议", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class TrackingForm(forms.Form):
    tracking_code = forms.CharField(label="查询码", max_length=20)
