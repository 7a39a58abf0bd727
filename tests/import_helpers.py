"""What the import tests (tests/test_import_*.py) share: where the sample reports are, how two
sets of values are compared, and the two texts in the broken shape of published PDFs and web
pages with what each of them says."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import import_fixtures as F

REPO = Path(__file__).resolve().parents[1]
DONGAN = REPO / "tests" / "fixtures" / "published" / "2020_dongan_district.govreport"   # 2019, complete
TEXTS = ("preface", "s1", "s5", "s6")
ALL_SECTIONS = ["s1", "s2", "s3", "s4", "s5", "s6"]
FAST = 3.0                     # seconds a refused file may take, PDF child process included


def diff(expected: dict, got: dict) -> dict:
    """Cells whose values differ: {cell: (expected, got)}; empty when equal."""
    return {k: (expected.get(k), got.get(k)) for k in sorted(set(expected) | set(got))
            if expected.get(k) != got.get(k) or type(expected.get(k)) is not type(got.get(k))}


def squeeze(text: str | None) -> str:
    """A narrative as extracted text keeps it: no line breaks, no spaces."""
    return re.sub(r"\s+", "", text or "")


def squeezed_lines(text: str | None) -> list[str]:
    return [squeeze(line) for line in F.text_lines(text)]


# ============================================================================================
# text in the broken shape of published PDFs and web pages, and what each says (its "truth")

# 2019 edition, copied from a web page: tab-separated cells; a label broken over two lines with
# its numbers on a line of their own; header split (商业企 业); the vertical label broken up;
# a row after a page break starting at column 0; 3.危及… lost a cell (6 numbers under 7
# columns); 1.本机关不掌握… lost its cell boundaries (801000081 for 80|1|0|0|0|0|81);
# section 四 as one line of 15 numbers; 1,010 and — in section 二; 万元 in the amount cell.
TEXT_A = """青石镇人民政府2020年政府信息公开工作年度报告

本报告根据《中华人民共和国政府信息公开条例》要求，由青石镇人民政府办公室编制。本报告中所列数据的统计期限为2020年1月1日至12月31日。

一、总体情况

2020年，青石镇人民政府坚持以公开为常态、不公开为例外，认真落实政府信息公开各项工作任务。

(一) 主动公开。通过镇政府网站、政务公开栏等渠道及时公开政策文件和工作动态。

(二) 依申请公开。严格按照法定时限办理政府信息公开申请。

二、主动公开政府信息情况

第二十条第(一)项\t\t\t
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t0\t0\t0
规范性文件\t2\t2\t17

第二十条第(五)项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t134\t-5\t5190
其他对外管理服务事项\t25\t0\t8

第二十条第(六)项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t705\t-48\t1,010
行政强制\t36\t-2\t—

第二十条第(八)项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t
行政事业性收费\t3\t0\t

第二十条第(九)项\t\t\t
信息内容\t采购项目数量\t采购总金额\t
政府集中采购\t83\t2167.0875 万元\t

三、收到和处理政府信息公开申请情况

(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\t\t\t\t\t\t\t
\t\t自然人\t法人或其他组织\t\t\t\t\t总计\t
\t\t\t商业企 业\t科研机构\t社会组织\t法律服务 机构\t其他\t\t
一、本年新收政府信息公开申请数量\t\t104\t3\t0\t1\t0\t2\t110\t
二、上年结转政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2\t
三、 本年 度办 理结 果\t(一) 予以公开\t12\t2\t0\t1\t0\t1\t16\t
\t(二) 部分公开 (区分处理的, 只计这一情形,
2\t0\t0\t0\t0\t0\t2
\t不计其他情形)
\t(三) 不予公开\t1. 属于国家秘密\t0\t0\t0\t0\t0\t0\t0
\t\t2. 其他法律行政法规禁止公开\t1\t0\t0\t0\t0\t0\t1
\t\t3. 危及“三安全一稳定”\t2\t0\t0\t0\t0\t2
4. 保护第三方合法权益\t\t1\t0\t0\t0\t0\t0\t1\t

\t\t5. 属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0
\t\t6. 属于四类过程性信息\t1\t0\t0\t0\t0\t0\t1
\t\t7. 属于行政执法案卷\t0\t0\t0\t0\t0\t0\t0
\t\t8. 属于行政查询事项\t0\t0\t0\t0\t0\t0\t0
\t(四) 无法提供\t1. 本机关不掌握相关政府信息\t801000081
\t\t2. 没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0
\t\t3. 补正后申请内容仍不明确\t1\t0\t0\t0\t0\t0\t1
\t(五) 不予处理\t1. 信访举报投诉类申请\t2\t0\t0\t0\t0\t0\t2
\t\t2. 重复申请\t0\t0\t0\t0\t0\t0\t0
\t\t3. 要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0
\t\t4. 无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0
\t\t5. 要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0

\t(六) 其他处理\t0\t0\t0\t0\t0\t0\t0
\t(七) 总计\t102\t3\t0\t1\t0\t1\t107
四、结转下年度继续办理\t\t4\t0\t0\t0\t0\t1\t5

四、政府信息公开行政复议、行政诉讼情况

行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t
结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t
\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计
1\t0\t0\t0\t1\t0\t0\t0\t1\t1\t0\t0\t0\t0\t0

五、存在的主要问题及改进情况

一是政府信息公开工作人员业务水平有待提高；二是公开内容不够全面。

下一步，我镇将加强业务培训，进一步规范公开内容。

六、其他需要报告的事项

无。

青石镇人民政府
2021年1月25日
"""

# 2021 edition, extracted from a PDF: no tabs; the title on two lines; paragraphs wrapped;
# header split into one-word lines; the vertical label 三、本年度办理结果 interleaved one
# character a line, so the numbers of 1.属于国家秘密 and 3.危及… stand on the line BEFORE their
# label (under another label); 3.补正后… lost a cell; page numbers (- 1 -); section 四 as one
# line of 15 numbers under a header broken into single words.
TEXT_B = """云溪县人民政府
2023 年政府信息公开工作年度报告
本报告根据《中华人民共和国政府信息公开
条例》要求，由云溪县人民政府办公室编制。
本报告中所列数据的统计期限为 2023 年 1 月
1 日至 12 月 31 日。
一、总体情况
2023 年，云溪县人民政府认真贯彻落实政务公
开工作部署，持续推进决策、执行、管理、服
务、结果公开，政务公开工作取得新的进展。
（一）主动公开
通过政府门户网站及时发布政策文件、工作动
态和通知公告，重点领域信息应公开尽公开。
- 1 -
（二）依申请公开
严格按照法定时限和程序办理政府信息公开申
请，规范答复文书。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 2
行政规范性文件 5 1 23
第二十条第（五）项
信息内容 本年处理决定数量
行政许可 1,523
- 2 -
第二十条第（六）项
信息内容 本年处理决定数量
行政处罚 310
行政强制 12
第二十条第（八）项
信息内容 本年收费金额（单位：万元）
行政事业性收费 45.6
三、收到和处理政府信息公开申请情况
申请人情况
法人或其他组织
（本列数据的勾稽关系为：第一项加第二项之和，等
于第三项加第四项之和）
自然人 社会 法律 总计
商业 科研
公益 服务 其他
企业 机构
组织 机构
一、本年新收政府信息公开申请数量 77 3 0 1 1 0 82
二、上年结转政府信息公开申请数量 3 0 0 0 0 0 3
（一）予以公开 40 2 0 1 0 0 43
（二）部分公开（区分处理的，只计这一情 形，不
5 0 0 0 0 0 5
计其他情形）
1 0 0 0 0 0 1
1.属于国家秘密
三
、 2.其他法律行政法规禁止公开 0 0 0 0 0 0 0
本
2 0 0 0 0 0 2
年 3.危及“三安全一稳定”
度
办 4.保护第三方合法权益 3 1 0 0 0 0 4
理 （三）不予公开
结 5.属于三类内部事务信息 0 0 0 0 0 0 0
果
6.属于四类过程性信息 1 0 0 0 0 0 1
7.属于行政执法案卷 0 0 0 0 0 0 0
8.属于行政查询事项 0 0 0 0 0 0 0
（四）无法提供 1.本机关不掌握相关政府信息 12 0 0 0 1 0 13
2.没有现成信息需要另行制作 1 0 0 0 0 0 1
3.补正后申请内容仍不明确 2 0 0 0 0 2
- 3 -
1.信访举报投诉类申请 3 0 0 0 0 0 3
2.重复申请 1 0 0 0 0 0 1
（五）不予处理 3.要求提供公开出版物 0 0 0 0 0 0 0
4.无正当理由大量反复申请 0 0 0 0 0 0 0
5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0
1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 1 0 0 0 0 0 1
（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
3.其他 2 0 0 0 0 0 2
（七）总计 74 3 0 1 1 0 79
四、结转下年度继续办理 6 0 0 0 0 0 6
四、政府信息公开行政复议、行政诉讼情况
行政复议 行政诉讼
未经复议直接起诉 复议后起诉
结果 结果 其他 尚未
总 计
维持 纠正 结果 审结 结果 结果 其他 尚未 结果 结果 其他 尚未
总 计 总计
维持 纠正 结果 审结 维持 纠正 结果 审结
2 1 0 0 3 1 0 0 1 2 0 0 1 0 1
五、存在的主要问题及改进情况
一是政策解读形式较为单一；二是基层政务公开
标准目录更新不够及时。下一步将丰富解读形式。
六、其他需要报告的事项
本年度未收取信息处理费。
云溪县人民政府
2024 年 1 月 19 日
"""

COLS7 = F.APPLICANTS + ("total",)


def _s3(rows: dict[str, tuple]) -> dict[str, int]:
    return {f"s3.{rid}.{c}": v for rid, vals in rows.items() for c, v in zip(COLS7, vals)}


def _s4(nums: tuple) -> dict[str, int]:
    cells = [f"s4.{g}.{c}" for g in F.S4_GROUPS for c in F.S4_COLS + ("total",)]
    return dict(zip(cells, nums))


# what each text says (its "truth"), and the rows that cannot be placed with certainty
TRUTH_A = {
    "s2.regulations.made": 0, "s2.regulations.published": 0, "s2.regulations.total_public": 0,
    "s2.normative.made": 2, "s2.normative.published": 2, "s2.normative.total_public": 17,
    "s2.licensing.prev_items": 134, "s2.licensing.change": -5, "s2.licensing.decisions": 5190,
    "s2.other_services.prev_items": 25, "s2.other_services.change": 0, "s2.other_services.decisions": 8,
    "s2.penalty.prev_items": 705, "s2.penalty.change": -48, "s2.penalty.decisions": 1010,
    "s2.coercion.prev_items": 36, "s2.coercion.change": -2,     # its 处理决定数量 is printed “—”: blank, not 0
    "s2.fees.prev_items": 3, "s2.fees.change": 0,
    "s2.procurement.projects": 83, "s2.procurement.amount": Decimal("2167.0875"),
    **_s3({
        "new": (104, 3, 0, 1, 0, 2, 110), "carried_in": (2, 0, 0, 0, 0, 0, 2),
        "granted": (12, 2, 0, 1, 0, 1, 16), "partial": (2, 0, 0, 0, 0, 0, 2),
        "denied.secret": (0,) * 7, "denied.law": (1, 0, 0, 0, 0, 0, 1),
        "denied.safety": (2, 0, 0, 0, 0, 0, 2), "denied.third_party": (1, 0, 0, 0, 0, 0, 1),
        "denied.internal": (0,) * 7, "denied.process": (1, 0, 0, 0, 0, 0, 1),
        "denied.enforcement": (0,) * 7, "denied.query": (0,) * 7,
        "unavailable.not_held": (80, 1, 0, 0, 0, 0, 81), "unavailable.needs_creation": (0,) * 7,
        "unavailable.unclear": (1, 0, 0, 0, 0, 0, 1),
        "rejected.petition": (2, 0, 0, 0, 0, 0, 2), "rejected.repeated": (0,) * 7,
        "rejected.publication": (0,) * 7, "rejected.excessive": (0,) * 7, "rejected.confirmation": (0,) * 7,
        "other": (0,) * 7, "total": (102, 3, 0, 1, 0, 1, 107), "carried_out": (4, 0, 0, 0, 0, 1, 5),
    }),
    **_s4((1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)),
}
UNPLACEABLE_A = {"denied.safety": "危及“三安全一稳定”", "unavailable.not_held": "本机关不掌握相关政府信息"}

TRUTH_B = {
    "s2.regulations.issued": 0, "s2.regulations.repealed": 0, "s2.regulations.in_force": 2,
    "s2.normative.issued": 5, "s2.normative.repealed": 1, "s2.normative.in_force": 23,
    "s2.licensing.decisions": 1523, "s2.penalty.decisions": 310, "s2.coercion.decisions": 12,
    "s2.fees.amount": Decimal("45.6"),
    **_s3({
        "new": (77, 3, 0, 1, 1, 0, 82), "carried_in": (3, 0, 0, 0, 0, 0, 3),
        "granted": (40, 2, 0, 1, 0, 0, 43), "partial": (5, 0, 0, 0, 0, 0, 5),
        "denied.secret": (1, 0, 0, 0, 0, 0, 1), "denied.law": (0,) * 7,
        "denied.safety": (2, 0, 0, 0, 0, 0, 2), "denied.third_party": (3, 1, 0, 0, 0, 0, 4),
        "denied.internal": (0,) * 7, "denied.process": (1, 0, 0, 0, 0, 0, 1),
        "denied.enforcement": (0,) * 7, "denied.query": (0,) * 7,
        "unavailable.not_held": (12, 0, 0, 0, 1, 0, 13), "unavailable.needs_creation": (1, 0, 0, 0, 0, 0, 1),
        "unavailable.unclear": (2, 0, 0, 0, 0, 0, 2),
        "rejected.petition": (3, 0, 0, 0, 0, 0, 3), "rejected.repeated": (1, 0, 0, 0, 0, 0, 1),
        "rejected.publication": (0,) * 7, "rejected.excessive": (0,) * 7, "rejected.confirmation": (0,) * 7,
        "other.no_correction": (1, 0, 0, 0, 0, 0, 1), "other.unpaid_fee": (0,) * 7,
        "other.other": (2, 0, 0, 0, 0, 0, 2),
        "total": (74, 3, 0, 1, 1, 0, 79), "carried_out": (6, 0, 0, 0, 0, 0, 6),
    }),
    **_s4((2, 1, 0, 0, 3, 1, 0, 0, 1, 2, 0, 0, 1, 0, 1)),
}
UNPLACEABLE_B = {"denied.secret": "属于国家秘密", "denied.safety": "危及“三安全一稳定”",
                 "unavailable.unclear": "补正后申请内容仍不明确"}

TEXT_CASES = {
    "A": (TEXT_A, "2019", 2020, "青石镇人民政府", "2021-01-25", TRUTH_A, UNPLACEABLE_A),
    "B": (TEXT_B, "2021", 2023, "云溪县人民政府", "2024-01-19", TRUTH_B, UNPLACEABLE_B),
}


def placeable(truth: dict, unplaceable: dict) -> dict:
    return {k: v for k, v in truth.items() if not any(k.startswith(f"s3.{r}.") for r in unplaceable)}
