"""The procedure's documents in the official layout (GB/T 9704, through the one Word writer) and the evidence pack.

征求意见稿 (the draft for comments), 意见采纳情况表 (the ledger grouped by article), 起草说明 (the
drafting explanation citing how comments were handled); the evidence pack adds the record of every stage.
"""

from __future__ import annotations

import io
import json
import zipfile

from registry.io.documents import Block, PrintDocument, blocks_from_markdown, docx_bytes
from registry.procedures.consultation import ledger, tally
from registry.procedures.models import ADOPTED, PARTLY, REJECTED, ProcedureRun

DISPOSITION_ZH = {ADOPTED: "采纳", PARTLY: "部分采纳", REJECTED: "不采纳", "": "未处理"}
ACTION_ZH = {"complete": "完成", "return": "退回", "sign": "会签同意", "object": "会签异议", "skip": "不适用",
             "open": "公开征求意见"}


def _who(user) -> str:
    return user.name if user is not None else "系统"


def consultation_draft(run: ProcedureRun) -> PrintDocument:
    """The 征求意见稿: the draft's text under its title, with the consultation's end date."""
    rule = run.version.rule
    meta = [("征求意见截止日期", run.consultation_ends_on.isoformat())] if run.consultation_ends_on else []
    return PrintDocument(title=f"{rule.title}（征求意见稿）", meta=meta, blocks=blocks_from_markdown(run.version.body))


def adoption_table(run: ProcedureRun) -> PrintDocument:
    """The 意见采纳情况表: who commented on which article, what, the disposition and its reason."""
    rows = [["序号", "条款", "意见人", "意见内容", "处理情况", "理由"]]
    number = 0
    for article, comments in ledger(run):
        for comment in comments:
            number += 1
            rows.append([str(number), article or "全文", _who(comment.author), comment.text,
                         DISPOSITION_ZH[comment.disposition], comment.reason])
    counts = tally(run)
    summary = (f"共收到意见{len(run.comments)}条，采纳{counts[ADOPTED]}条，部分采纳{counts[PARTLY]}条，"
               f"不采纳{counts[REJECTED]}条。")
    return PrintDocument(title=f"《{run.version.rule.title}》征求意见采纳情况表",
                         blocks=[Block.paragraph(summary), Block.table(rows)])


def explanation(run: ProcedureRun) -> PrintDocument:
    """The 起草说明 skeleton: necessity and main points as drafted, then how the comments were handled."""
    counts = tally(run)
    handled = (f"征求意见期间共收到意见{len(run.comments)}条，其中采纳{counts[ADOPTED]}条，部分采纳{counts[PARTLY]}条，"
               f"不采纳{counts[REJECTED]}条。")
    blocks = [Block.heading("一、起草的必要性和主要内容", 3), Block.paragraph(run.explanation or "（待填写）"),
              Block.heading("二、征求意见及采纳情况", 3), Block.paragraph(handled)]
    for article, comments in ledger(run):
        for comment in comments:
            if comment.disposition != ADOPTED:
                said = f"{DISPOSITION_ZH[comment.disposition]}，{comment.reason or '—'}"
                blocks.append(Block.paragraph(f"{article or '全文'}：{comment.text}（{said}）"))
    blocks += [Block.heading("三、需要说明的其他问题", 3), Block.paragraph("（待填写）")]
    return PrintDocument(title=f"关于《{run.version.rule.title}》的起草说明", blocks=blocks)


DOCUMENTS = {"draft": ("征求意见稿", consultation_draft), "ledger": ("意见采纳情况表", adoption_table),
             "explanation": ("起草说明", explanation)}


def document_docx(run: ProcedureRun, name: str) -> tuple[str, bytes]:
    """Return (file name, .docx bytes) of one of the procedure's documents."""
    title, build = DOCUMENTS[name]
    return f"{run.version.rule.code}-v{run.version.number}-{title}.docx", docx_bytes(build(run))


def record_of(run: ProcedureRun) -> dict:
    """Return how the version was made: every stage's actor, time, opinion, decision, files; publication; filing."""
    version = run.version
    return {
        "rule": {"code": version.rule.code, "title": version.rule.title, "kind": version.rule.kind},
        "version": version.number, "procedure": run.procedure.name, "status": run.status,
        "document_number": run.document_number, "purpose": run.purpose, "repeal_reason": run.repeal_reason or None,
        "successor": run.successor.code if run.successor else None,
        "published_on": run.published_on.isoformat() if run.published_on else None,
        "effective_on": run.effective_on.isoformat() if run.effective_on else None,
        "effective_reason": run.effective_reason, "interpretation": run.interpretation,
        "filed_on": run.filed_on.isoformat() if run.filed_on else None, "filing_reference": run.filing_reference,
        "actions": [{"stage": a.stage_kind, "action": a.action, "actor": _who(a.actor) if a.actor_id else None,
                     "department": a.department.code if a.department else None, "at": a.at.isoformat(),
                     "opinion": a.opinion, "meeting": a.meeting,
                     "meeting_on": a.meeting_on.isoformat() if a.meeting_on else None, "decision": a.decision,
                     "file": a.filename or None} for a in run.actions],
    }


def record_document(run: ProcedureRun) -> PrintDocument:
    """The 制定过程记录: one row per action of every stage."""
    stages = {s.position: s.name for s in run.procedure.stages}
    rows = [["环节", "事项", "经办人", "时间", "意见/决定"]]
    for a in run.actions:
        said = "；".join(x for x in (a.opinion, a.meeting, a.meeting_on.isoformat() if a.meeting_on else "",
                                    a.decision) if x)
        who = _who(a.actor) if a.actor_id else "系统"
        if a.department is not None:
            who = f"{who}（{a.department.name}）"
        rows.append([stages.get(a.position, a.stage_kind), ACTION_ZH.get(a.action, a.action), who,
                     a.at.strftime("%Y-%m-%d %H:%M"), said])
    meta = [("文号", run.document_number)] if run.document_number else []
    return PrintDocument(title=f"《{run.version.rule.title}》制定过程记录", meta=meta, blocks=[Block.table(rows)])


def evidence_pack(run: ProcedureRun) -> bytes:
    """Zip the text, its 起草说明, the ledger, the record of every stage (Word and JSON) and the stage files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("text.md", run.version.body)
        archive.writestr("正文.docx", docx_bytes(PrintDocument(title=run.version.rule.title,
                                                              blocks=blocks_from_markdown(run.version.body))))
        archive.writestr("起草说明.docx", docx_bytes(explanation(run)))
        archive.writestr("意见采纳情况表.docx", docx_bytes(adoption_table(run)))
        archive.writestr("制定过程记录.docx", docx_bytes(record_document(run)))
        archive.writestr("record.json", json.dumps(record_of(run), ensure_ascii=False, indent=2))
        for action in run.actions:
            if action.content:
                archive.writestr(f"files/{action.id}-{action.filename}", action.content)
    return buffer.getvalue()
