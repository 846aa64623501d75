from datetime import date

from tests.search.conftest import codes

LONG = ("第一条 为了规范机关公务接待管理，厉行勤俭节约，反对铺张浪费，根据有关规定，结合本单位实际，制定本办法。\n"
        "第二条 本办法所称差旅费是指工作人员临时到常驻地以外地区公务出差所发生的城市间交通费、住宿费。\n"
        "第三条 文书档案的保管期限分为永久和定期两种。\n")


def test_smoke(make_rule, reader, api_search):
    make_rule(code="GL-003", title="公务接待管理办法", versions=[(LONG, date(2020, 1, 1))])
    make_rule(code="HR-001", title="Leave policy", versions=[("Article 1. Staff take annual leave in agreement with managers.\n", date(2020, 1, 1))])
    r = api_search("公务接待")
    assert codes(r) == ["GL-003"], r
    assert r["hits"][0]["article"] == "第一条"
    r = api_search("差旅费")
    assert r["hits"][0]["article"] == "第二条", r
    r = api_search("annual leaves")
    assert codes(r) == ["HR-001"], r
    r = api_search("GL-003")
    assert codes(r) == ["GL-003"], r
