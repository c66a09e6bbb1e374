from django import forms


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(label="Excel 文件(.xlsx)")

    def clean_workbook(self) -> object:
        upload = self.cleaned_data["workbook"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件")
        return upload
