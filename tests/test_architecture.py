"""Jurisdiction goes through selectors: views and API modules never fetch a scoped model directly."""

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "xiangzhen"
SCOPED_MODELS = [
    "Unit",
    "Cadre",
    "Post",
    "Assignment",
    "ServiceRequest",
    "Task",
    "Meeting",
    "Dispute",
    "ScreeningReport",
    "CheckIn",
    "DutyShift",
    "DutySwap",
    "Visit",
    "VisitProblem",
    "School",
    "Course",
    "TrainingSession",
    "RotationPlan",
    "Enrollment",
    "CollectiveAsset",
    "CollectiveResource",
    "Contract",
    "ContractPayment",
    "Publication",
    "Branch",
    "BranchActivity",
    "ReserveCadre",
    "Project",
    "Milestone",
    "ProjectProblem",
    "Campaign",
    "CampaignTarget",
    "Household",
    "Measure",
    "MeasureStep",
    "WorkOrder",
]


def test_views_and_api_modules_do_not_fetch_scoped_models_directly():
    pattern = re.compile(rf"\b({'|'.join(SCOPED_MODELS)})\.objects\.(get|all|filter)\(")
    offenders = []
    for path in [*SOURCE.rglob("views.py"), *SOURCE.rglob("api.py")]:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(SOURCE)}:{number}: {line.strip()}")
    assert offenders == []
