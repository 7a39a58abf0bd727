"""Contact details: read from last year's text when starting a new report, checked when typed.

The texts below are transcribed in the phrasings published prefaces use.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport_gui.core import carry, native
from govreport_gui.core.contacts import extract_contacts, meta_problem, published_example
from govreport_gui.core.report import new_report

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "published"

HONGZE = ("本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告电子版可在区人民政府门户网站"
          "（www.hongze.gov.cn）查阅或下载。如对本报告有任何疑问，请联系：洪泽区人民政府办公室，"
          "地址：淮安市洪泽区东七街1号，邮编：223100，电话：0517-87221234，电子邮箱：hzzwgk@163.com。")


# --------------------------------------------------------------------------
# extract_contacts


def test_every_detail_of_a_typical_preface():
    assert extract_contacts(HONGZE) == {
        "website": "www.hongze.gov.cn", "address": "淮安市洪泽区东七街1号", "postcode": "223100",
        "phone": "0517-87221234", "email": "hzzwgk@163.com"}


@pytest.mark.parametrize("text, expected", [
    # the details in brackets after 联系: the closing bracket ends the last one
    ("如对本报告有疑问，请与云泽市人民政府办公室联系（地址：云泽市政通路88号，邮编：368100，"
     "电话：0736-7208116，电子邮箱：yzszwgk@yunze.gov.cn）。",
     {"address": "云泽市政通路88号", "postcode": "368100", "phone": "0736-7208116", "email": "yzszwgk@yunze.gov.cn"}),
    # longer labels, semicolons, an address with its own brackets, an extension with 转
    ("联系电话：0517-87221234转8012；通讯地址：淮安市洪泽区东七街1号（区政务服务中心3楼）；邮政编码：223100。",
     {"phone": "0517-87221234转8012", "address": "淮安市洪泽区东七街1号（区政务服务中心3楼）", "postcode": "223100"}),
    # two phones with 、, an e-mail on a subdomain, a URL with http:// and a path
    ("咨询电话：0517-87221234、0517-87221235，E-mail：zwgk@mail.hongze.gov.cn，"
     "网址：http://www.hongze.gov.cn/col/zwgk/index.html。",
     {"phone": "0517-87221234、0517-87221235", "email": "zwgk@mail.hongze.gov.cn",
      "website": "http://www.hongze.gov.cn/col/zwgk/index.html"}),
    # the published 东安区 preface: a URL with a query in the brackets after 门户网站
    ("本报告根据《中华人民共和国政府信息公开条例》要求，由东安区人民政府办公室编制，通过东安区人民政府门户网站"
     "（http://www.donganqu.gov.cn/zwgk-list.asp?class=608）向社会公开。",
     {"website": "http://www.donganqu.gov.cn/zwgk-list.asp?class=608"}),
    # a second phone after a comma is still a phone
    ("联系电话：0517-87221234，87221235，邮编：223100。", {"phone": "0517-87221234，87221235", "postcode": "223100"}),
    # a contact person, and 联系方式 giving a mobile number
    ("联系人：王科长，联系方式：13912345678。", {"contact": "王科长", "phone": "13912345678"}),
    # no punctuation between the details: each ends where the next label starts
    ("地址：淮安市洪泽区东七街1号 邮编：223100 电话：0517-87221234", {
        "address": "淮安市洪泽区东七街1号", "postcode": "223100", "phone": "0517-87221234"}),
    # half-width colons and a full stop after the e-mail and the website
    ("Email: abc@x.gov.cn. 网站：www.x.gov.cn.", {"email": "abc@x.gov.cn", "website": "www.x.gov.cn"}),
    # full-width digits and brackets, no colon before a number
    ("邮编２２３１００，电话（０５１７）８７２２１２３４。", {"postcode": "223100", "phone": "（0517）87221234"}),
    # a label word inside a street name is not a label
    ("地址：淮安市洪泽区电话局路1号，电话：0517-87221234。", {"address": "淮安市洪泽区电话局路1号", "phone": "0517-87221234"}),
])
def test_phrasings(text, expected):
    assert extract_contacts(text) == expected


@pytest.mark.parametrize("text", [
    "",
    # the published 海南乡 preface: a website named, no address given
    "现向全社会公布海南乡政府2020年政府信息公开工作年度报告，通过西安区人民政府门户网站向社会公开。",
    "通过电话、信函、电子邮件等方式受理政府信息公开申请，进一步加强政府网站建设。",
    # 联系方式 followed by an e-mail: it is not a phone number, and the label does not say e-mail
    "联系方式：hzzwgk@163.com。",
    # an address whose bracket never closes cannot be delimited
    "地址：淮安市洪泽区东七街1号（区政务服务中心3楼",
    # a contact run together with a number, a postcode of five digits, an e-mail without a domain
    "联系人：王科长0517-87221234。邮编：22310。电子邮箱：hzzwgk@hongze。",
    # a phone with letters in it, a hotline too short to be an office number
    "电话：0517-8722ABCD。咨询电话：12345。",
])
def test_nothing_uncertain_is_taken(text):
    assert extract_contacts(text) == {}


def test_a_detail_printed_twice_with_different_values_is_left_out():
    text = "办公室电话：0517-87221234；值班电话：0517-87229999。邮编：223100。"
    assert extract_contacts(text) == {"postcode": "223100"}
    same_twice = "电话：0517-87221234。如有疑问，请拨打电话：0517－87221234。"
    assert extract_contacts(same_twice) == {"phone": "0517-87221234"}


# --------------------------------------------------------------------------
# carry.start_from: details missing as fields are read from last year's text


def last_year(preface: str, **texts: str):
    r = new_report(2024, "淮安市洪泽区人民政府", "2021")
    r.text = {t: "" for t in r.text}
    r.text["preface"] = preface
    r.text.update(texts)
    return r


def test_a_report_read_from_a_pdf_gives_its_contact_details_to_next_year():
    last = last_year(HONGZE)
    assert last.meta == {}
    new = carry.start_from(last)
    assert new.year == 2025
    assert new.meta == {"address": "淮安市洪泽区东七街1号", "postcode": "223100", "phone": "0517-87221234",
                        "email": "hzzwgk@163.com", "website": "www.hongze.gov.cn"}


def test_fields_last_year_already_had_win_over_the_text():
    last = last_year(HONGZE)
    last.meta = {"phone": "0517-87290606", "published": "2025-01-20"}
    new = carry.start_from(last)
    assert new.meta["phone"] == "0517-87290606"             # the field, not the older text
    assert new.meta["address"] == "淮安市洪泽区东七街1号"     # the rest from the text
    assert "published" not in new.meta                      # last year's date is not this year's


def test_other_texts_are_read_when_the_preface_lacks_a_detail():
    last = last_year("本报告中所列数据的统计期限为2024年1月1日至12月31日。",
                     s6="欢迎社会各界监督。联系人：李明，联系电话：0517-87221234。")
    new = carry.start_from(last)
    assert new.meta == {"phone": "0517-87221234", "contact": "李明"}
    empty = carry.start_from(last_year("本报告中所列数据的统计期限为2024年1月1日至12月31日。"))
    assert empty.meta == {}


def test_the_published_hongze_report_gives_the_details_it_prints():
    """Its fields were transcribed from its preface: read back from the text alone, they are the same."""
    last = native.load(FIXTURES / "2024_hongze_district.govreport")
    printed = dict(last.meta)
    assert printed == {"address": "淮安市洪泽区洪泽湖大道90号", "postcode": "223100", "phone": "0517-87290606"}
    last.meta = {}
    assert carry.start_from(last).meta == printed


# --------------------------------------------------------------------------
# meta_problem: a typed value that cannot be right


@pytest.mark.parametrize("field, value", [
    ("published", "2026-01-20"), ("published", "2024-02-29"),
    ("email", "hzzwgk@163.com"), ("email", "zwgk@mail.hongze.gov.cn"), ("email", "zw.gk-2@hongze.gov.cn"),
    ("postcode", "223100"), ("postcode", "２２３１００"),
    ("phone", "0517-87221234"), ("phone", "(0517)87221234"), ("phone", "（0517）87221234"),
    ("phone", "0517-87221234转8012"), ("phone", "0517 8722 1234"), ("phone", "0517-87221234、0517-87221235"),
    ("phone", "0517-87221234，87221235"), ("phone", "0517-87221234；13912345678"), ("phone", "87221234/87221235"),
    ("website", "www.hongze.gov.cn"), ("website", "hongze.gov.cn"), ("website", "http://www.hongze.gov.cn"),
    ("website", "https://www.hongze.gov.cn/col/zwgk/index.html"),
    ("website", "http://www.donganqu.gov.cn/zwgk-list.asp?class=608"),
    ("address", "淮安市洪泽区东七街1号"), ("contact", "王科长"),
])
def test_plausible_values_pass(field, value):
    assert meta_problem(field, value) is None


@pytest.mark.parametrize("field", ["published", "email", "postcode", "phone", "website", "address", "contact"])
def test_an_empty_field_is_fine(field):
    assert meta_problem(field, "") is None
    assert meta_problem(field, "  ") is None


@pytest.mark.parametrize("field, value, words", [
    ("published", "2025-02-30", "2025-02-30 不是有效的日期"),
    ("published", "2025-13-01", "不是有效的日期"),
    ("published", "2026/01/20", "应写成"),
    ("published", "2026-1-20", "应写成"),
    ("published", "2026年1月20日", "应写成"),
    ("email", "zwgk@hongze", "完整的域名"),
    ("email", "zwgk @hongze.gov.cn", "空格"),
    ("email", "zwgk@@hongze.gov.cn", "一个 @"),
    ("email", "zwgk@a@hongze.gov.cn", "一个 @"),
    ("email", "hongze.gov.cn", "一个 @"),
    ("email", "@hongze.gov.cn", "名称"),
    ("postcode", "22310", "6位数字"),
    ("postcode", "2231000", "6位数字"),
    ("postcode", "22310a", "6位数字"),
    ("postcode", "223 100", "6位数字"),
    ("phone", "电话0517-87221234", "只能包含"),
    ("phone", "0517-8722123x", "只能包含"),
    ("phone", "0517-87221234、", "只能包含"),
    ("phone", "110", "位数不足"),
    ("website", "hongze", "域名"),
    ("website", "www hongze.gov.cn", "空格"),
    ("website", "http://", "域名"),
    ("website", "ftp://www.hongze.gov.cn", "域名"),
    ("website", "www..hongze.cn", "域名"),
])
def test_implausible_values_are_refused_with_a_reason(field, value, words):
    problem = meta_problem(field, value)
    assert problem is not None and words in problem


def test_the_publication_date_comes_after_the_report_year():
    assert meta_problem("published", "2026-01-20", 2025) is None
    problem = meta_problem("published", "2025-12-31", 2025)
    assert problem is not None and "2025年之后" in problem and "2026-01-20" in problem
    assert "2026-01-20" in meta_problem("published", "20260120", 2025)      # the example is the year's


@pytest.mark.parametrize("year, example", [(2025, "2026-01-20"), (2020, "2021-01-20"), (2024, "2025-01-20")])
def test_the_example_date_is_in_january_after_the_report_year(year, example):
    assert published_example(year) == example
    assert meta_problem("published", example, year) is None


def test_files_with_implausible_details_still_open():
    """The checks are for typing: a report saved with odd details (an old file) is read as it is."""
    r = new_report(2024, "某某区人民政府")
    r.meta = {"published": "2025-02-30", "email": "zwgk@hongze", "postcode": "2231", "phone": "请拨打值班电话",
              "website": "洪泽区政府网站"}
    assert all(meta_problem(k, v, r.year) for k, v in r.meta.items())
    back = native.loads(native.dumps(r))
    assert back.meta == r.meta
