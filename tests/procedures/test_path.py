"""The full procedure of a 行政规范性文件 through its services: every stage's actor, every gate's refusal."""

from __future__ import annotations

from datetime import date

import pytest

from registry.db import db
from tests.conftest import PASSWORD


def _load(code):
    from registry.rules.queries import rule_by_code

    rule = rule_by_code(code)
    return rule, rule.versions[-1]


def _user(person):
    from registry.auth.models import User

    return db.session.get(User, person.id)


def _refused(action, *words):
    from registry.procedures.services import ProcedureError

    with pytest.raises(ProcedureError) as caught:
        action()
    message = str(caught.value)
    for word in words:
        assert word in message, message
    db.session.rollback()
    return message


def test_normative_document_from_draft_to_filing(app, office, drafted, clock):
    from registry.procedures import consultation as ledger
    from registry.procedures import services as s
    from registry.rules.services import RuleError, approve_version, update_draft

    clock.set("2026-09-21")  # a Monday; the National Day holiday (1–7 October) falls in the consultation
    code = drafted("行政规范性文件")
    with app.app_context():
        rule, version = _load(code)
        drafter, legal, finance, personnel, chief, reader = (
            _user(p) for p in (office.drafter, office.legal, office.finance, office.personnel, office.approver,
                               office.reader))
        with pytest.raises(RuleError, match="procedure"):
            approve_version(chief, version, date(2026, 10, 1))  # no more approval in one step
        db.session.rollback()
        _refused(lambda: s.start_run(reader, version), "maintain")
        run = s.start_run(drafter, version, countersign_codes=["CWC", "RSC"])
        db.session.commit()
        assert run.stage.kind == "drafting"

        # 起草: the explanation is required, only the drafter acts
        _refused(lambda: s.complete_stage(legal, run), "You do not act at the stage Drafting")
        _refused(lambda: s.complete_stage(drafter, run), "起草说明")
        s.complete_stage(drafter, run, opinion="必要性：规范接待。主要内容：三条。")
        db.session.commit()
        assert run.stage.kind == "consultation"

        # 征求意见: at least 7 working days — 22, 23, 24, (中秋 25), 28, 29, 30, (国庆 1–7 October), 8 October
        _refused(lambda: s.open_consultation(drafter, run, date(2026, 10, 7)), "at least 7 working days", "2026-10-08")
        _refused(lambda: s.complete_stage(drafter, run), "an opened consultation")
        s.open_consultation(drafter, run, date(2026, 10, 8))
        db.session.commit()
        with pytest.raises(RuleError, match="frozen"):
            update_draft(drafter, version, version.body + "第四条 新增。\n", "")
        db.session.rollback()
        ledger.add_comment(reader, run, "第二条", "建议明确适用范围。")
        ledger.add_comment(finance, run, "", "总体同意。")
        db.session.commit()
        _refused(lambda: ledger.add_comment(reader, run, "第九条", "?"), "no article 第九条")
        db.session.commit()
        _refused(lambda: s.complete_stage(drafter, run), "runs until 2026-10-08", "disposition of 2 comment")
        clock.set("2026-10-09")
        _refused(lambda: ledger.add_comment(reader, run, "", "迟到的意见"), "only while the consultation is open")
        first, second = run.comments
        _refused(lambda: ledger.dispose(reader, run, first.id, "rejected", "无"), "Only the drafter")
        _refused(lambda: ledger.dispose(drafter, run, first.id, "partly", ""), "reason")
        ledger.dispose(drafter, run, first.id, "partly", "适用范围已在第二条列明。")
        db.session.commit()
        _refused(lambda: s.complete_stage(drafter, run), "disposition of 1 comment")
        ledger.dispose(drafter, run, second.id, "adopted", "")
        s.complete_stage(drafter, run)
        db.session.commit()
        assert run.stage.kind == "legal_review"

        # 合法性审核 by the legal unit, with an opinion; it may return the draft
        _refused(lambda: s.complete_stage(drafter, run, opinion="ok"), "Legal review")
        _refused(lambda: s.complete_stage(legal, run), "an opinion")
        s.complete_stage(legal, run, opinion="经审核，符合法律规定。")
        db.session.commit()
        # 公平竞争审查 is skipped: the draft does not touch business activity
        assert run.stage.kind == "countersign"
        assert any(a.action == "skip" and a.stage_kind == "fair_competition" for a in run.actions)

        # 会签 in parallel: 财务处 signs, 人事处 objects
        _refused(lambda: s.countersign(legal, run, agree=True), "not asked to countersign")
        _refused(lambda: s.countersign(personnel, run, agree=False), "Say why")
        s.countersign(personnel, run, agree=False, reason="第二条与人事制度冲突。")
        db.session.commit()
        _refused(lambda: s.complete_stage(drafter, run), "countersignature of CWC")
        s.countersign(finance, run, agree=True)
        db.session.commit()
        _refused(lambda: s.complete_stage(drafter, run), "unresolved objections of RSC")
        s.complete_stage(drafter, run, opinion="人事处意见已沟通，保留分歧提请审议。")
        db.session.commit()
        assert run.stage.kind == "decision"

        # 集体审议: meeting, date and decision
        _refused(lambda: s.complete_stage(drafter, run, meeting="x"), "You do not act")
        _refused(lambda: s.complete_stage(chief, run, meeting="局务会议"), "the meeting's date", "the decision")
        s.complete_stage(chief, run, meeting="2026年第5次局务会议", meeting_on=date(2026, 10, 9), decision="审议通过")
        db.session.commit()
        assert run.stage.kind == "signing"
        _refused(lambda: s.complete_stage(chief, run, password="wrong"), "password")
        s.complete_stage(chief, run, password=PASSWORD)
        db.session.commit()

        # 公布: a 文号 from the year's sequence; no interpretation note → a warning
        warnings = s.complete_stage(chief, run, published_on=date(2026, 10, 12))  # signed and published
        db.session.commit()
        assert run.document_number == "规〔2026〕1号"
        assert any("解读" in w for w in warnings)
        assert version.status == "approved" and version.effective_on == date(2026, 10, 12)
        assert version.issued_on == date(2026, 10, 12)
        assert run.filing_due_on == date(2026, 11, 11) and run.stage.kind == "filing"

        # 备案: date and reference
        _refused(lambda: s.complete_stage(drafter, run), "the filing date", "the filing reference")
        s.complete_stage(drafter, run, filed_on=date(2026, 10, 20), filing_reference="备案审查〔2026〕12号")
        db.session.commit()
        assert run.status == "done" and run.stage is None
        assert run.filed_on == date(2026, 10, 20) and run.filing_reference == "备案审查〔2026〕12号"


def test_decision_needs_the_legal_opinion_and_publication_the_decision_and_signature(app, office, drafted):
    from registry.procedures import services as s
    from registry.procedures.models import ProcedureRun

    code = drafted("规章")
    with app.app_context():
        rule, version = _load(code)
        drafter, chief = _user(office.drafter), _user(office.approver)
        run = s.start_run(drafter, version)
        db.session.commit()
        decision = run.procedure.stage_of_kind("decision")
        with pytest.raises(s.ProcedureError, match="without the legal review opinion"):
            s._enter_gate(run, decision)
        run.position = run.procedure.stage_of_kind("publication").position
        db.session.commit()
        message = _refused(lambda: s.complete_stage(chief, db.session.get(ProcedureRun, run.id)), "the decision",
                           "the signature")
        assert "Publication" in message  # the stage, in the English of the test's request


def test_regulation_takes_effect_thirty_days_after_publication_unless_a_reason_is_recorded(app, office, drafted):
    from registry.procedures import services as s

    with app.app_context():
        _, version = _load(drafted("规章"))
        drafter, chief = _user(office.drafter), _user(office.approver)
        run = s.start_run(drafter, version)
        procedure = run.procedure
        for kind in ("drafting", "consultation", "legal_review", "countersign", "decision", "signing"):
            stage = procedure.stage_of_kind(kind)
            db.session.add(s.StageAction(run=run, position=stage.position, stage_kind=kind, action="complete"))
        run.position = procedure.stage_of_kind("publication").position
        db.session.commit()
        _refused(lambda: s.complete_stage(chief, run, published_on=date(2026, 12, 1), effective_on=date(2026, 12, 15)),
                 "less than 30 days")
        s.complete_stage(chief, run, published_on=date(2026, 12, 1), interpretation="解读：……")
        assert run.effective_on == date(2026, 12, 31) and run.document_number == "令〔2026〕1号"


def test_returning_a_draft_goes_to_the_named_stage_and_keeps_the_records(app, office, drafted):
    from registry.procedures import services as s

    with app.app_context():
        _, version = _load(drafted("行政规范性文件"))
        drafter, legal = _user(office.drafter), _user(office.legal)
        run = s.start_run(drafter, version)
        s.complete_stage(drafter, run, opinion="起草说明")
        db.session.commit()
        _refused(lambda: s.return_draft(drafter, run, "x"), "cannot send the draft back")
        run.position = run.procedure.stage_of_kind("legal_review").position
        run.consultation_ends_on = date(2026, 12, 20)
        db.session.commit()
        _refused(lambda: s.return_draft(legal, run, " "), "Say why")
        s.return_draft(legal, run, "第二条缺少上位法依据。")
        db.session.commit()
        assert run.stage.kind == "drafting" and run.consultation_ends_on is None
        kinds = [(a.stage_kind, a.action) for a in run.actions]
        assert ("drafting", "complete") in kinds and ("legal_review", "return") in kinds
        assert s.completion(run, "drafting") is None  # the return voids the earlier completion
        assert run.explanation == "起草说明"  # but the explanation is kept for the next round


def test_kinds_without_procedure_keep_one_step_approval(app, office, drafted):
    from registry.procedures import services as s
    from registry.rules.services import approve_version

    with app.app_context():
        _, version = _load(drafted(""))
        with pytest.raises(s.ProcedureError, match="one step"):
            s.start_run(_user(office.drafter), version)
        approve_version(_user(office.approver), version, date(2026, 12, 1))
        assert version.status == "approved"


def test_a_stage_requiring_a_file_refuses_without_one_and_the_pack_carries_it(app, office, drafted):
    import io
    import zipfile

    from registry.procedures import services as s
    from registry.procedures.paperwork import evidence_pack

    with app.app_context():
        _, version = _load(drafted("内部管理制度"))
        drafter = _user(office.drafter)
        run = s.start_run(drafter, version)
        run.procedure.stage_at(1).requires = "opinion,file"
        db.session.commit()
        _refused(lambda: s.complete_stage(drafter, run, opinion="起草说明"), "a file")
        s.complete_stage(drafter, run, opinion="起草说明", filename="调研报告.txt", content="调研".encode())
        db.session.commit()
        with zipfile.ZipFile(io.BytesIO(evidence_pack(run))) as archive:
            (name,) = [n for n in archive.namelist() if n.startswith("files/")]
            assert name.endswith("调研报告.txt") and archive.read(name) == "调研".encode()


def test_discarding_a_draft_in_its_procedure_deletes_the_run_and_a_new_draft_starts_afresh(app, office, drafted):
    from sqlalchemy import func, select

    from registry.procedures import services as s
    from registry.procedures.models import ProcedureRun, StageAction
    from registry.rules import services as rules

    with app.app_context():
        rule, version = _load(drafted("内部管理制度"))
        drafter = _user(office.drafter)
        run = s.start_run(drafter, version)
        s.complete_stage(drafter, run, opinion="起草说明")
        db.session.commit()
        rules.discard_draft(drafter, version)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(ProcedureRun)) == 0
        assert db.session.scalar(select(func.count()).select_from(StageAction)) == 0
        fresh = rules.add_draft_version(drafter, rule, "第一条 重新起草。\n")
        db.session.commit()
        assert s.run_of(fresh) is None


def test_a_one_stage_procedure_keeps_approval_in_one_step(app, office, drafted):
    from registry.procedures import services as s
    from registry.procedures.models import Procedure, ProcedureKind, ProcedureStage
    from registry.rules.services import approve_version

    with app.app_context():
        procedure = Procedure(name="简易程序", stages=[ProcedureStage(position=1, kind="decision", name="批准")])
        db.session.add(procedure)
        db.session.flush()
        db.session.add(ProcedureKind(kind="简易制度", procedure_id=procedure.id))
        db.session.commit()
    with app.app_context():
        _, version = _load(drafted("简易制度"))
        assert s.procedure_for(version.rule) is None
        approve_version(_user(office.approver), version, date(2026, 12, 1))
        assert version.status == "approved"
