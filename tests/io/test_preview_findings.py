"""The preview tells the truth per file: what was found and where from, and what a person should check."""

from __future__ import annotations

import html

from tests.io.samples import zip_bytes
from tests.io.webimport import upload

DATED = ("# 差旅费管理办法\n\n办发〔2023〕12号\n\n2023年3月1日印发\n\n第一条 标准。\n\n"
         "第二条 本办法自2023年4月1日起施行。\n")
GAP = "# 考勤规定\n\n第一条 按时上班。\n\n第二条 请假。\n\n第四条 本规定自2024年1月1日起施行。\n"
COMPILATION = ("# 制度汇编\n\n# 会议制度\n\n第一条 会议。\n\n第二条 本制度自2020年1月1日起施行。\n\n"
               "# 值班制度\n\n第一条 值班。\n\n第二条 本制度自2020年1月1日起施行。\n")
ANNEX = "# 采购办法\n\n第一条 采购。\n\n第二条 本办法自2022年1月1日起施行。\n\n附件1\n\n采购申请表\n"
UNDATED = "第一条 无标题也无日期。\n"


def _preview(client, login, make_user, locale):
    login(make_user("approver", locale=locale))  # an editor without a department may not create rules
    texts = {"差旅费管理办法.md": DATED, "考勤规定.md": GAP, "汇编.md": COMPILATION, "采购办法.md": ANNEX,
             "无题.md": UNDATED}
    archive = zip_bytes({**{name: text.encode() for name, text in texts.items()}, "照片.png": b"\x89PNG...."})
    response = upload(client, archive, "rules.zip")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return html.unescape(response.get_data(as_text=True))


def test_the_preview_names_what_was_found_and_warns(app, client, login, make_user):
    page = _preview(client, login, make_user, "en")
    for expected in (
        "办发〔2023〕12号", "文号 stated: 办发〔2023〕12号", "2023-04-01", "本办法自2023年4月1日起施行",
        "Issued 2023-03-01", "2023年3月1日印发",
        "numbering gap: 第三条 missing",
        "2 rules in one file (the numbering starts again at 1): a compilation",
        "1 annexes will be attached",
        "no title found in the text; the file name is used",
        "no date is stated in the text, its file name or the sheet: imported as a draft",
        "no department or owner: no review reminders will reach anyone",
        "照片.png", "its folder holds 5 rules: name the image after the one it belongs to",
    ):
        assert expected in page, expected


def test_the_preview_speaks_the_users_language(app, client, login, make_user):
    page = _preview(client, login, make_user, "zh_CN")
    for expected in ("条文编号不连续：缺少第三条", "这是汇编", "未指定部门或负责人", "正文中未找到标题，使用文件名",
                     "该文件夹中有 5 项制度", "来源：本办法自2023年4月1日起施行", "将附上 1 个附件"):
        assert expected in page, expected
