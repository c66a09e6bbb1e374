"""The product's URLs plus one bare view, so the intake bench compares both through the same server."""

import json
import uuid

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def bare_insert(request: HttpRequest) -> HttpResponse:
    """The floor: parse the JSON body and insert one request row, with nothing else (no permission, no
    deadline, no audit, no timeline)."""
    from xiangzhen.services.models import RequestStatus, ServiceRequest

    payload = json.loads(request.body)
    created = ServiceRequest.objects.create(
        tracking_code=uuid.uuid4().hex[:20],
        item_id=payload["item_id"],
        filed_at_unit_id=payload["unit_id"],
        handling_unit_id=payload["unit_id"],
        applicant_name=payload["applicant_name"],
        applicant_phone=payload["applicant_phone"],
        applicant_id_number=payload["applicant_id_number"],
        status=RequestStatus.ACCEPTED,
        first_officer_id=payload["officer_id"],
        created_at=timezone.now(),
    )
    return JsonResponse({"id": created.pk}, status=201)


urlpatterns = [path("bench/bare-insert", bare_insert), path("", include("xiangzhen.urls"))]
