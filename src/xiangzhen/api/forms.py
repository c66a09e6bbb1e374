from django import forms

from xiangzhen.api.services import TOKEN_NAME_MAX


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="用途",
        max_length=TOKEN_NAME_MAX,
        help_text="写明给哪个程序或设备用,例如“便民服务自助终端”,吊销时好辨认",
    )
