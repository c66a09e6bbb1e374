from django.urls import path

from xiangzhen.attachments import views

app_name = "attachments"
# A str segment, parsed in the view: an id past 64 bits is a 404, not a database error.
urlpatterns = [path("<str:attachment_id>/", views.download, name="download")]
