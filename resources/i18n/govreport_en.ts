<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AggregateDialog</name>
    <message>
        <location filename="../../govreport_gui/ui/aggregate_dialog.py" line="+21"/>
        <source>来源文件</source>
        <translation>Source file</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>发布机关</source>
        <translation>Issuing body</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>格式</source>
        <translation>Edition</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>可读取</source>
        <translation>Readable</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>错误</source>
        <translation>Errors</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>警告</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>汇总各单位的报告</source>
        <translation>Sum the units&apos; reports</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>选择下属单位的报告（年报文件、Word、Excel、PDF 等，或整个文件夹）。第二、三、四部分的数字相加；正文不汇总，由撰写人编写。</source>
        <translation>Choose the reports of the units (report files, Word, Excel, PDF…, or a whole folder). The figures of sections 二, 三 and 四 are added up; the narrative is not summed, it is left for the writer.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>添加文件…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>添加文件夹…</source>
        <translation>Add a folder…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>移除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>汇总报告的发布机关：</source>
        <translation>Issuing body of the summed report:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>如：某某县人民政府</source>
        <translation>e.g. 某某县人民政府</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>有错误的报告也计入</source>
        <translation>Include reports with errors</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>汇总</source>
        <translation>Sum</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+40"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>选择各单位的报告</source>
        <translation>Choose the units&apos; reports</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>选择存放各单位报告的文件夹</source>
        <translation>Choose the folder holding the units&apos; reports</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>正在读取（{i}/{n}）：{name}</source>
        <translation>Reading ({i}/{n}): {name}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>已取消读取，本次选择的文件都未加入</source>
        <translation>Reading cancelled; none of the chosen files were added</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>错误：</source>
        <translation>Errors: </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>有错误的报告也计入（{n} 份）</source>
        <translation>Include reports with errors ({n})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>共 {n} 份，可读取 {ok} 份，其中有错误 {bad} 份。</source>
        <translation>{n} reports, {ok} readable, {bad} of them with errors.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&lt;span style=&apos;color:#b01818&apos;&gt;请填写汇总报告的发布机关&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b01818&apos;&gt;Please enter the issuing body of the summed report&lt;/span&gt;</translation>
    </message>
</context>
<context>
    <name>Background</name>
    <message>
        <location filename="../../govreport_gui/ui/background.py" line="+59"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>BalanceStrip</name>
    <message>
        <location filename="../../govreport_gui/ui/main_window.py" line="+65"/>
        <source>勾稽关系（一+二 = 三（七）+四）：</source>
        <translation>Consistency check (rows 一 + 二 = 三（七） + 四): </translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../govreport_gui/ui/safety.py" line="+68"/>
        <source>程序遇到了意外错误，您的报告仍然打开着，并已自动保存了一份恢复副本。
可以继续工作；如问题反复出现，请把详细信息发给技术支持。

{error}</source>
        <translation>The program ran into an unexpected error. Your report is still open, and a recovery copy has been saved.
You can go on working; if it happens again, please send the details to support.

{error}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>复制详细信息</source>
        <translation>Copy details</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <location filename="../../govreport_gui/ui/exporting.py" line="+40"/>
        <source>
……共 {n} 个错误</source>
        <translation>
… {n} errors in all</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>报告中还有 {n} 个错误，导出的文件会带着这些错误：
{lines}{more}

仍然导出吗？</source>
        <translation>The report still has {n} errors, and the exported file will carry them:
{lines}{more}

Export anyway?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>仍然导出</source>
        <translation>Export anyway</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+11"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>报告中有 {n} 个空白单元格。导出时这些单元格：</source>
        <translation>The report has {n} blank cells. In the exported file they should be:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>留空</source>
        <translation>Left empty</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>印为0</source>
        <translation>Printed as 0</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>选择 Word 模板</source>
        <translation>Choose a Word template</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+6"/>
        <source>Word 文档 (*.docx)</source>
        <translation>Word documents (*.docx)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>导出失败：
{msg}</source>
        <translation>Export failed:
{msg}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已导出 {name}。</source>
        <translation>Exported {name}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打开所在文件夹</source>
        <translation>Open the folder</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <location filename="../../govreport_gui/ui/findings.py" line="+32"/>
        <source>问题列表</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>接受警告并说明…</source>
        <translation>Accept warning with explanation…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>撤回说明</source>
        <translation>Withdraw explanation</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>错误</source>
        <translation>Error</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>已说明</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>说明：</source>
        <translation>Explanation: </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>错误 {e} 个，警告 {w} 个，已说明 {a} 个，空白单元格 {b} 个</source>
        <translation>Errors: {e}, warnings: {w}, accepted (explained): {a}, blank cells: {b}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>接受警告</source>
        <translation>Accept warning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请写明为什么这一项没有问题（会保存在报告文件中）：
</source>
        <translation>Explain why this item is correct (the explanation is saved in the report file):
</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>接受警告 {rule}</source>
        <translation>Accept warning {rule}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>撤回说明 {rule}</source>
        <translation>Withdraw explanation for {rule}</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../govreport_gui/ui/import_dialog.py" line="+109"/>
        <source>正在读取 {name}…</source>
        <translation>Reading {name}…</translation>
    </message>
</context>
<context>
    <name>ImportReviewDialog</name>
    <message>
        <location line="-69"/>
        <source>核对导入的内容 — {name}</source>
        <translation>Review the import — {name}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>从{kind}“{name}”读到：&lt;b&gt;{title}&lt;/b&gt;（{edition}），{n} 个数值，{m} 处未能放置。请核对后再确认。</source>
        <translation>Read from {kind} “{name}”: &lt;b&gt;{title}&lt;/b&gt; ({edition}), {n} values, {m} items that could not be placed. Please review before confirming.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>正文</source>
        <translation>Text</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>未能放置：</source>
        <translation>Not placed: </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>注意：</source>
        <translation>Note: </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>原文错误</source>
        <translation>Error in the source</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>原文提示</source>
        <translation>Warning in the source</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>有 {n} 个单元格没有读到数（表中以黄色显示），导入后保持空白</source>
        <translation>{n} cells were not found (shown in yellow); they stay blank after the import</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>将结转到本年报告的数值：</source>
        <translation>Values carried into this year&apos;s report: </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>无（上年的结转数为空白）</source>
        <translation>none (last year&apos;s carried-over figures are blank)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>确认导入</source>
        <translation>Confirm import</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>InfoTab</name>
    <message>
        <location filename="../../govreport_gui/ui/info_tab.py" line="+19"/>
        <location line="+14"/>
        <location line="+3"/>
        <source>发布机关</source>
        <translation>Issuing body</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>如：某某市人民政府</source>
        <translation>e.g. People&apos;s Government of X City</translation>
    </message>
    <message>
        <location line="-14"/>
        <location line="+21"/>
        <location line="+2"/>
        <source>报告年度</source>
        <translation>Report year</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>通讯地址</source>
        <translation>Postal address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>邮政编码</source>
        <translation>Post code</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>电子邮箱</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>网站</source>
        <translation>Website</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>联系人</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>格式版本</source>
        <translation>Format edition</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>报告标题</source>
        <translation>Report title</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>发布日期应写成 2025-01-20 的形式，未保存此项</source>
        <translation>Publication date must be written as 2025-01-20; this field was not saved</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>修改{name}</source>
        <translation>Change {name}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{year}年的报告通常使用{want}，本报告为{have}。如需更换格式，请新建报告并从本报告结转。</source>
        <translation>A report for {year} normally uses {want}; this report uses {have}. To change the format, create a new report and carry over from this one.</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>发布日期</source>
        <translation>Publication date</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../govreport_gui/ui/main_window.py" line="+20"/>
        <source>问题列表</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新建(&amp;N)…</source>
        <translation>&amp;New…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打开(&amp;O)…</source>
        <translation>&amp;Open…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导入报告(&amp;I)…</source>
        <translation>&amp;Import a report…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>从粘贴的文字导入…</source>
        <translation>Import from pasted text…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>从上年报告结转到本报告…</source>
        <translation>Carry over from last year&apos;s report…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>汇总各单位的报告(&amp;G)…</source>
        <translation>Sum the units&apos; reports (a&amp;ggregate)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最近打开</source>
        <translation>Open Recent</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>保存(&amp;S)</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>另存为(&amp;A)…</source>
        <translation>Save &amp;As…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>导出Word(&amp;W)…</source>
        <translation>Export &amp;Word…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>用自定义模板导出Word…</source>
        <translation>Export Word with a custom template…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>导出Excel(&amp;X)…</source>
        <translation>Export E&amp;xcel…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>撤销(&amp;U)</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>重做(&amp;R)</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>将空白单元格填为0</source>
        <translation>Fill blank cells with 0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>重新校验</source>
        <translation>Check again</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>显示上年数</source>
        <translation>Show last year&apos;s figures</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>下一个问题</source>
        <translation>Next finding</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+374"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location line="-359"/>
        <source>基本信息</source>
        <translation>Basic information</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>年报文件 (*.govreport);;所有文件 (*)</source>
        <translation>Annual reports (*.govreport);;All files (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>未保存的报告</source>
        <translation>Unsaved report</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>错误 {e}&#x3000;警告 {w}&#x3000;已说明 {a}&#x3000;空白 {b}</source>
        <translation>Errors {e}   Warnings {w}   Accepted {a}   Blank {b}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>此部分有错误</source>
        <translation>This section has errors</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>此部分有警告</source>
        <translation>This section has warnings</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>已将 {n} 个空白单元格填为0（可撤销）</source>
        <translation>Filled {n} blank cells with 0 (can be undone)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>没有空白单元格</source>
        <translation>No blank cells</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>
……共 {n} 处</source>
        <translation>
… {n} in total</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>文件中有合计与各项之和不一致，已按各项重新计算合计：
</source>
        <translation>Some totals in the file did not match the sum of their items; the totals were recalculated from the items:
</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>无法打开 {name}：
{msg}</source>
        <translation>Cannot open {name}:
{msg}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>已打开 {name}</source>
        <translation>Opened {name}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>打开报告</source>
        <translation>Open Report</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>另存为</source>
        <translation>Save As</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>保存失败：
{msg}</source>
        <translation>Saving failed:
{msg}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>已保存 {name}</source>
        <translation>Saved {name}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>“{title}”有未保存的修改，是否保存？</source>
        <translation>“{title}” has unsaved changes. Save them?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不保存</source>
        <translation>Don&apos;t Save</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>已导出 {name}</source>
        <translation>Exported {name}</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>已导入 {name}，请核对后另存为年报文件</source>
        <translation>Imported {name}; review it, then save it as an annual report file</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>导入报告</source>
        <translation>Import a report</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+1"/>
        <source>粘贴的文字</source>
        <translation>pasted text</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>已从上年报告结转 {n} 个数（可撤销）</source>
        <translation>Carried over {n} values from last year&apos;s report (undoable)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>选择上年报告</source>
        <translation>Choose last year&apos;s report</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>汇总报告</source>
        <translation>summed report</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>界面语言将在下次启动时生效。
The language takes effect at the next start.</source>
        <translation>The interface language takes effect at the next start.
界面语言将在下次启动时生效。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>政府信息公开工作年度报告的填报、校验、导出与汇总。</source>
        <translation>Fill in, check, export and aggregate annual reports on government information disclosure.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>上次程序意外退出，找到了自动保存的报告：
{title}
保存于 {time}{orig}

是否恢复？</source>
        <translation>The program did not exit normally last time. An automatically saved report was found:
{title}
Saved at {time}{orig}

Recover it?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>
原文件：{p}</source>
        <translation>
Original file: {p}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>恢复</source>
        <translation>Recover</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>丢弃</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location filename="../../govreport_gui/app.py" line="+76"/>
        <source>这是示例报告（虚构的云泽市）。新建自己的报告：文件 → 新建</source>
        <translation>This is a sample report (the fictional city of Yunze). To create your own report: File → New</translation>
    </message>
    <message>
        <location filename="../../govreport_gui/ui/safety.py" line="+15"/>
        <source>没有找到可以显示中文的字体，界面中的中文可能显示为方框。
请安装中文字体（如 Noto Sans CJK、文泉驿微米黑或微软雅黑）。
导出的 Word 文档仍会写明仿宋_GB2312 等字体及其替代字体。</source>
        <translation>No font that can show Chinese was found; Chinese text may show as boxes.
Please install a Chinese font (e.g. Noto Sans CJK, WenQuanYi Micro Hei or Microsoft YaHei).
Exported Word documents still name 仿宋_GB2312 and the other fonts with their substitutes.</translation>
    </message>
</context>
<context>
    <name>NarrativeTab</name>
    <message>
        <location filename="../../govreport_gui/ui/text_tab.py" line="+23"/>
        <source>在此撰写“{name}”。</source>
        <translation>Write “{name}” here.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>插入提纲</source>
        <translation>Insert outline</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>插入官方要求的各部分小标题：</source>
        <translation>Insert the subheadings required by the official format: </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>填写要求</source>
        <translation>What to write</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>上年报告（{year}）</source>
        <translation>Last year&apos;s report ({year})</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>将光标所在段落复制到本年</source>
        <translation>Copy paragraph at cursor to this year</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>复制后请按本年情况改写：与上年雷同的正文会被提示（H3）</source>
        <translation>After copying, rewrite it for this year: text identical to last year&apos;s is flagged (H3)</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>{n} 字</source>
        <translation>{n} characters</translation>
    </message>
</context>
<context>
    <name>NewReportDialog</name>
    <message>
        <location filename="../../govreport_gui/ui/new_dialog.py" line="+20"/>
        <source>新建报告</source>
        <translation>New Report</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>报告年度</source>
        <translation>Report year</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>如：某某市人民政府</source>
        <translation>e.g. People&apos;s Government of X City</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发布机关</source>
        <translation>Issuing body</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>格式版本</source>
        <translation>Format edition</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+50"/>
        <source>（不使用）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>选择上年报告…</source>
        <translation>Choose last year&apos;s report…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>上年报告</source>
        <translation>Last year&apos;s report</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>创建</source>
        <translation>Create</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>从上年报告开始时，“上年结转”等数字会自动填好，上年的数字和正文保留作对照。</source>
        <translation>When you start from last year&apos;s report, figures such as “carried over from last year” are filled in automatically, and last year&apos;s figures and text are kept for comparison.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>选择上年报告（年报文件、Word、Excel、PDF、网页或文本）</source>
        <translation>Choose last year&apos;s report (report file, Word, Excel, PDF, web page or text)</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>请填写发布机关</source>
        <translation>Please enter the issuing body</translation>
    </message>
</context>
<context>
    <name>PasteDialog</name>
    <message>
        <location filename="../../govreport_gui/ui/import_dialog.py" line="+38"/>
        <source>从粘贴的文字导入</source>
        <translation>Import from pasted text</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>把从网页或 PDF 复制的整份报告（或其中的表格）粘贴到下面：</source>
        <translation>Paste the whole report (or its tables) copied from a web page or PDF below:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>读取</source>
        <translation>Read</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>正在读取粘贴的文字…</source>
        <translation>Reading the pasted text…</translation>
    </message>
</context>
<context>
    <name>ReportDocument</name>
    <message>
        <location filename="../../govreport_gui/ui/document.py" line="+102"/>
        <source>从上年报告结转</source>
        <translation>Carry over from last year&apos;s report</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>将空白单元格填为0</source>
        <translation>Fill blank cells with 0</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>编辑{name}</source>
        <translation>Edit {name}</translation>
    </message>
</context>
<context>
    <name>ReportTableView</name>
    <message>
        <location filename="../../govreport_gui/ui/table_view.py" line="+53"/>
        <source>上年{value}</source>
        <translation>LY {value}</translation>
    </message>
    <message>
        <location line="+156"/>
        <source>已复制 {rows} 行 × {cols} 列</source>
        <translation>Copied {rows} rows × {cols} columns</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>剪贴板中没有可粘贴的内容</source>
        <translation>The clipboard holds nothing to paste</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>粘贴 {n} 个单元格</source>
        <translation>Paste {n} cells</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>，{n} 个合计单元格由程序计算，未采用粘贴的数</source>
        <translation>; {n} total cells are computed by the program, their pasted values were not used</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已粘贴 {n} 个单元格</source>
        <translation>Pasted {n} cells</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>粘贴的内容与现有数值相同</source>
        <translation>The pasted values are the same as the current ones</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>清除 {n} 个单元格</source>
        <translation>Clear {n} cells</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已清除 {n} 个单元格（空白）</source>
        <translation>Cleared {n} cells (now blank)</translation>
    </message>
</context>
<context>
    <name>SectionNames</name>
    <message>
        <location filename="../../govreport_gui/ui/names.py" line="+10"/>
        <source>总体情况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>主动公开</source>
        <translation>Proactive disclosure</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>依申请公开</source>
        <translation>Disclosure on request</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复议诉讼</source>
        <translation>Review and litigation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>问题改进</source>
        <translation>Problems and improvements</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>其他事项</source>
        <translation>Other matters</translation>
    </message>
</context>
<context>
    <name>SectionTableModel</name>
    <message>
        <location filename="../../govreport_gui/ui/table_model.py" line="+167"/>
        <source>来源：{where}</source>
        <translation>Source: {where}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>原文中没有找到这个数</source>
        <translation>This number was not found in the source</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>空白（未填写；空白不等于0）</source>
        <translation>Blank (not filled in; blank is not 0)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>合计：由程序按各项自动计算</source>
        <translation>Total: computed by the program from its items</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>上年：{value}</source>
        <translation>Last year: {value}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>（未计入）</source>
        <translation> (not included)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>……共 {n} 个单位</source>
        <translation>… {n} units in all</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>各单位：</source>
        <translation>Units: </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>错误</source>
        <translation>Error</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>已说明</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&#x3000;说明：{note}</source>
        <translation>  Note: {note}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>填写 {row}·{col}</source>
        <translation>Enter {row} · {col}</translation>
    </message>
</context>
</TS>
