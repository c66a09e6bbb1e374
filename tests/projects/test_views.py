from datetime import timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from tests.projects.helpers import make_campaign, make_project
from xiangzhen.audit.models import AuditEvent
from xiangzhen.projects.services import milestone_add
from xiangzhen.spreadsheets import response_bytes


def live_campaign(township):
    today = timezone.localdate()
    return make_campaign(township, start_on=today - timedelta(days=2), goal_on=today + timedelta(days=10))


def test_recording_a_target_as_signed_raises_the_boards_count(client, township):
    campaign = live_campaign(township)
    target = campaign.targets.order_by("code").first()
    client.force_login(township.township_cadre.user)
    board = client.get(f"/projects/campaigns/{campaign.pk}/")
    assert board.context["board"].done == 0
    response = client.post(
        f"/projects/targets/{target.pk}/record/",
        {"step": "2", "note": "户主签约", "version": str(target.version)},
    )
    assert response.status_code == 302
    board = client.get(f"/projects/campaigns/{campaign.pk}/").context["board"]
    assert board.done == 1 and board.done_today == 1
    bulletin = client.get(f"/projects/campaigns/{campaign.pk}/bulletin/?print=1")
    assert "今日已签约" in bulletin.content.decode()


def test_bad_input_on_the_record_form_changes_nothing(client, township):
    target = live_campaign(township).targets.order_by("code").first()
    client.force_login(township.township_cadre.user)
    response = client.post(f"/projects/targets/{target.pk}/record/", {"step": "²"}, follow=True)
    assert "进度应为整数" in response.content.decode()
    response = client.post(f"/projects/targets/{target.pk}/record/", {"step": "99"}, follow=True)
    assert "进度应在 0 到 3 之间" in response.content.decode()
    target.refresh_from_db()
    assert target.step == 0


def test_a_target_outside_the_jurisdiction_answers_not_found(client, township):
    campaign = live_campaign(township)
    in_zhenjiang = campaign.targets.get(unit=township.zhenjiang, code="0001")
    client.force_login(township.village_cadre.user)
    assert client.get(f"/projects/targets/{in_zhenjiang.pk}/").status_code == 404
    assert client.post(f"/projects/targets/{in_zhenjiang.pk}/record/", {"step": "2"}).status_code == 404
    assert client.get("/projects/targets/999999999/").status_code == 404


def test_the_import_page_is_for_leaders_only(client, township):
    campaign = live_campaign(township)
    client.force_login(township.township_cadre.user)
    assert client.get(f"/projects/campaigns/{campaign.pk}/import/").status_code == 403
    client.force_login(township.town_leader.user)
    book = Workbook()
    book.active.append(["编号", "名称", "类型", "所在村(社区)"])
    book.active.append(["G-1", "李家坟", "坟墓", "葛铺村"])
    buffer = BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("对象.xlsx", buffer.getvalue())
    response = client.post(f"/projects/campaigns/{campaign.pk}/import/", {"file": upload})
    assert response.status_code == 302 and campaign.targets.filter(code="G-1").exists()


def test_contacts_are_masked_on_lists_and_exports_and_a_reveal_is_audited(client, township):
    campaign = live_campaign(township)
    target = campaign.targets.order_by("code").first()
    client.force_login(township.township_cadre.user)
    listing = client.get(f"/projects/campaigns/{campaign.pk}/targets/").content.decode()
    assert "王*明" in listing and "王小明" not in listing and "13985011111" not in listing
    export = client.get(f"/projects/campaigns/{campaign.pk}/targets/?format=xlsx")
    cells = [
        cell
        for row in load_workbook(BytesIO(response_bytes(export))).active.iter_rows(values_only=True)
        for cell in row
    ]
    assert "王*明" in cells and "王小明" not in cells
    revealed = client.post(f"/projects/targets/{target.pk}/reveal/", {"reason": "电话约谈签约"})
    assert "王小明 13985011111" in revealed.content.decode()
    assert "no-store" in revealed["Cache-Control"]
    # Rendered once, kept nowhere: not in the session, not on the next visit.
    assert "13985011111" not in str(dict(client.session.items()))
    assert "13985011111" not in client.get(f"/projects/targets/{target.pk}/").content.decode()
    assert AuditEvent.objects.filter(action="campaign_target.reveal").count() == 1


def test_a_leader_creates_a_project_from_the_page_and_a_cadre_cannot(client, township):
    form = {
        "name": "通组公路硬化",
        "kind": "infrastructure",
        "unit": township.zhenjiang.pk,
        "lead": township.town_leader.pk,
        "planned_investment": "120.5",
    }
    client.force_login(township.township_cadre.user)
    refused = client.post("/projects/", form | {"lead": township.township_cadre.pk}, follow=True)
    assert "只有乡镇领导和县级督查可以管理重点项目和攻坚" in refused.content.decode()
    client.force_login(township.town_leader.user)
    created = client.post("/projects/", form | {"planned_investment": "abc"}, follow=True)
    assert "计划投资应为数字" in created.content.decode()
    created = client.post("/projects/", form)
    assert created.status_code == 302
    assert client.get(created["Location"]).context["project"].planned_investment == 120.5


def test_milestone_notices_lead_to_the_project_page(client, township):
    project = make_project(township)
    milestone = milestone_add(
        actor=township.town_leader.user,
        project=project,
        title="开工",
        due_on=timezone.localdate() + timedelta(days=10),
        owner=township.township_cadre,
    )
    client.force_login(township.township_cadre.user)
    response = client.get(f"/projects/milestones/{milestone.pk}/")
    assert response["Location"] == f"/projects/{project.pk}/#milestone-{milestone.pk}"
    client.force_login(township.village_cadre.user)
    assert client.get(f"/projects/milestones/{milestone.pk}/").status_code == 404


def test_project_export_is_a_workbook(client, township):
    make_project(township)
    client.force_login(township.town_leader.user)
    export = client.get("/projects/projects.xlsx")
    rows = list(load_workbook(BytesIO(response_bytes(export))).active.iter_rows(values_only=True))
    assert rows[1][0] == "龙广镇中心小学迁建" and rows[1][4] == 8854


def test_the_boards_figures_export_to_a_workbook(client, township):
    campaign = live_campaign(township)
    client.force_login(township.town_leader.user)
    target = campaign.targets.order_by("code").first()
    client.post(f"/projects/targets/{target.pk}/record/", {"step": "2", "note": "签约"})
    export = client.get(f"/projects/campaigns/{campaign.pk}/?format=xlsx")
    book = load_workbook(BytesIO(response_bytes(export)))
    assert book.sheetnames == ["每日进度", "攻坚组排名", "难点"]
    last_day = list(book["每日进度"].iter_rows(values_only=True))[-1]
    assert last_day[1:3] == (1, 1)


def test_evidence_downloads_only_inside_the_projects_jurisdiction(client, township):
    project = make_project(township, unit=township.zhenjiang)
    milestone = milestone_add(
        actor=township.town_leader.user,
        project=project,
        title="完成立项",
        due_on=timezone.localdate() + timedelta(days=10),
        owner=township.town_leader,
    )
    client.force_login(township.town_leader.user)
    client.post(
        f"/projects/milestones/{milestone.pk}/complete/",
        {"note": "立项批复已下达", "evidence": SimpleUploadedFile("批复.pdf", b"%PDF-1.4\n%%EOF\n")},
    )
    evidence = milestone.evidence.get()
    download = client.get(f"/projects/evidence/{evidence.pk}/")
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
    client.force_login(township.village_cadre.user)
    assert client.get(f"/projects/evidence/{evidence.pk}/").status_code == 404
