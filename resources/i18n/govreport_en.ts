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
        <location line="+3"/>
        <source>警告</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>汇总各单位的报告</source>
        <translation>Sum the units&apos; reports</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>选择下属单位的报告（年报文件、Word、Excel、PDF 等，或整个文件夹）。第二、三、四部分的数字相加；正文不汇总，由撰写人编写。</source>
        <translation>Choose the reports of the units (report files, Word, Excel, PDF…, or a whole folder). The figures of sections 二, 三 and 四 are added up; the narrative is not summed, it is left for the writer.</translation>
    </message>
    <message>
        <location line="+2"/>
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
        <location line="+20"/>
        <source>各单位</source>
        <translation>Units</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>指标</source>
        <translation>Indicators</translation>
    </message>
    <message>
        <location line="+8"/>
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
        <location line="+0"/>
        <source>已跳过（汇总报告）</source>
        <translation>Skipped (a summed report)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>错误：</source>
        <translation>Errors: </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>有错误的报告也计入（{n} 份）</source>
        <translation>Include reports with errors ({n})</translation>
    </message>
    <message>
        <location line="+3"/>
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
        <location filename="../../govreport_gui/ui/background.py" line="+89"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>BalanceStrip</name>
    <message>
        <location filename="../../govreport_gui/ui/main_window.py" line="+66"/>
        <source>勾稽关系（一+二 = 三（七）+四）：</source>
        <translation>Consistency check (rows 一 + 二 = 三（七） + 四): </translation>
    </message>
</context>
<context>
    <name>CountedModel</name>
    <message>
        <location filename="../../govreport_gui/ui/ledger_dialog.py" line="+70"/>
        <location line="+7"/>
        <source>空白</source>
        <translation>blank</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>台账统计：{n}</source>
        <translation>Counted from the register: {n}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>报告现有：{n}</source>
        <translation>In the report now: {n}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>台账中的 {n} 行，双击或按回车查看</source>
        <translation>{n} register rows: double-click or press Enter to see them</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../govreport_gui/ui/safety.py" line="+72"/>
        <source>您的报告没有未保存的修改。</source>
        <translation>Your report has no unsaved changes.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>您的报告仍然打开着，并已自动保存了一份恢复副本。</source>
        <translation>Your report is still open, and a recovery copy was saved.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>您的报告仍然打开着，但未能自动保存恢复副本：请尽快保存（Ctrl+S）。</source>
        <translation>Your report is still open, but no recovery copy could be saved: save it soon (Ctrl+S).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>程序遇到了意外错误。{kept}
可以继续工作；如问题反复出现，请把详细信息发给技术支持。

{error}</source>
        <translation>The program met an unexpected error. {kept}
You can go on working; if it happens again, send the details to support.

{error}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>复制详细信息</source>
        <translation>Copy details</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <location filename="../../govreport_gui/ui/exporting.py" line="+66"/>
        <source>
……共 {n} 个错误</source>
        <translation>
… {n} errors in all</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>报告中还有 {n} 个错误，导出的文件会带着这些错误：
{lines}{more}

仍然导出吗？</source>
        <translation>The report still has {n} errors, and the exported file will carry them:
{lines}{more}

Export anyway?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>仍然导出</source>
        <translation>Export anyway</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>报告中有 {n} 个空白单元格。导出时这些单元格：</source>
        <translation>The report has {n} blank cells. In the exported file they should be:</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>返回修改</source>
        <translation>Go back and fix</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>留空</source>
        <translation>Left empty</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>印为0</source>
        <translation>Printed as 0</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>选择 Word 模板</source>
        <translation>Choose a Word template</translation>
    </message>
    <message>
        <location line="-85"/>
        <location line="+86"/>
        <source>Word 文档 (*.docx)</source>
        <translation>Word documents (*.docx)</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>正在导出 {name}…</source>
        <translation>Exporting {name}…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>导出失败：
{msg}</source>
        <translation>Export failed:
{msg}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>

注意：
{notes}</source>
        <translation>

Note:
{notes}</translation>
    </message>
    <message>
        <location line="+1"/>
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
    <message>
        <location line="+18"/>
        <source>报告中还有 {n} 个错误，复制的网页会带着这些错误：
{lines}{more}

仍然复制吗？</source>
        <translation>The report still has {n} errors; the copied web page will carry them:
{lines}{more}

Copy anyway?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>仍然复制</source>
        <translation>Copy anyway</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>报告中有 {n} 个空白单元格。复制为网页时这些单元格：</source>
        <translation>The report has {n} blank cells. When copied as a web page, these cells are:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>复制失败：
{msg}</source>
        <translation>Copy failed:
{msg}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>报告中还有 {n} 个错误，打印出来的报告会带着这些错误：
{lines}{more}

仍然打印吗？</source>
        <translation>The report still has {n} errors, and the printed report will carry them:
{lines}{more}

Print anyway?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>仍然打印</source>
        <translation>Print anyway</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>报告中有 {n} 个空白单元格。打印时这些单元格：</source>
        <translation>The report has {n} blank cells. When printing, these cells are:</translation>
    </message>
    <message>
        <location line="-166"/>
        <source>网页 (*.html)</source>
        <translation>Web pages (*.html)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF 文档 (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <location filename="../../govreport_gui/ui/findings.py" line="+31"/>
        <source>问题列表</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>接受警告并说明…</source>
        <translation>Accept warning with explanation…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>撤回说明</source>
        <translation>Withdraw explanation</translation>
    </message>
    <message>
        <location line="+98"/>
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
        <location line="-44"/>
        <source>错误 {e} 个，警告 {w} 个，已说明 {a} 个，空白单元格 {b} 个</source>
        <translation>Errors: {e}, warnings: {w}, accepted (explained): {a}, blank cells: {b}</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>接受警告</source>
        <translation>Accept warning</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>请写明为什么这一项没有问题（会保存在报告文件中）：
</source>
        <translation>Explain why this item is correct (the explanation is saved in the report file):
</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>接受警告 {rule}</source>
        <translation>Accept warning {rule}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>接受并保存说明</source>
        <translation>Accept and save the explanation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>说明不能为空。</source>
        <translation>The explanation cannot be empty.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>撤回说明 {rule}</source>
        <translation>Withdraw explanation for {rule}</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../govreport_gui/ui/help_dialog.py" line="+64"/>
        <source>填报指南</source>
        <translation>Filling guide</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>五步完成年报</source>
        <translation>The report in five steps</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>各项校验的含义</source>
        <translation>What the checks mean</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>常见问题</source>
        <translation>Common questions</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>目录：</source>
        <translation>Contents: </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>从上年报告开始</source>
        <translation>Start from last year&apos;s report</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>逐部分填写</source>
        <translation>Fill in each section</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>在开始页点“从上年报告开始”（或 文件 → 从上年报告开始新报告，Ctrl+Shift+N），选择上年的报告。上年报告是什么形式都可以：本程序的年报文件（.govreport），本程序导出的 Word 或 Excel，手工填写的官方 Word 模板，公开发布的 PDF，或网页上复制的文字。</source>
        <translation>On the start page click &quot;Start from last year&apos;s report&quot; (or File → Start from last year&apos;s report, Ctrl+Shift+N) and choose last year&apos;s report. It may be in any form: this program&apos;s report file (.govreport), the Word or Excel this program exported, the official Word template filled in by hand, the published PDF, or text copied from the web page.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“二、上年结转”会自动填入上年的“四、结转下年度继续办理”，联系方式也一并带过来。上年的数字和正文保留作对照（视图 → 显示上年数）。</source>
        <translation>&quot;二、上年结转&quot; is filled in from last year&apos;s &quot;四、结转下年度继续办理&quot;, and the contact details come along. Last year&apos;s figures and text are kept for comparison (View → Show last year&apos;s figures).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>每一部分是一个标签页，表格与印发的样式一致。合计由程序自动计算，不用填。有申请登记台账的，第三、四部分可以从台账统计（文件 → 从台账统计…），不必手工计数。</source>
        <translation>Each section is a tab, and the tables look like the official form. Totals are computed by the program; you do not type them. If your office keeps a register of applications, sections III and IV can be counted from it (File → Count from Registers…) instead of by hand.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tab 向右，到行尾转到下一行；Enter 向下，到列尾转到下一列。填错的内容（字母、负数）不会填入，格子旁会说明原因，改正后回车，或按 Esc 放弃。格子变红，表示违反了某条规则，鼠标停在格子上可以看到原因。</source>
        <translation>Tab moves right and on to the next row at the end of a row; Enter moves down and on to the next column at the end of a column. A wrong entry (a letter, a negative number) is not taken: the reason shows beside the cell; correct it and press Enter, or press Esc to drop it. A red cell breaks a rule; hover over it to see why.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>处理问题列表</source>
        <translation>Work through the findings</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>右侧的问题列表列出全部问题，按 F8 跳到下一个问题。</source>
        <translation>The findings list on the right shows every problem. F8 goes to the next one.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>错误必须改正。警告请核实：情况属实的，可以接受警告并写明说明，说明会保存在报告文件中。</source>
        <translation>Errors must be fixed. Check each warning: if the figures are right, accept the warning with a written explanation, which is saved in the report file.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>按 Ctrl+S 保存为年报文件。</source>
        <translation>Ctrl+S saves the report file.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>程序会定时自动保存；如果程序意外退出，下次打开时会提示恢复。</source>
        <translation>The program also saves automatically. If it closes unexpectedly, it offers to recover your work at the next start.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出 Word 用于报送，版式与正式发布的报告一致；也可以导出 Excel，其中的合计是公式。</source>
        <translation>Export to Word for submission, laid out like a published report. You can also export to Excel, where the totals are formulas.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>也可以导出 PDF 和网页用于发布，或在“编辑”菜单中“复制为网页”，粘贴到网站的编辑器中。“文件”菜单中的“打印预览”和“打印”（Ctrl+P）按 PDF 的版式直接打印，不需要办公软件。</source>
        <translation>You can also export a PDF and a web page for publishing, or use Edit → Copy as Web Page and paste into a website&apos;s editor. File → Print Preview and Print (Ctrl+P) print the report laid out as the PDF, with no office suite needed.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>错误</source>
        <translation>Error</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>程序随时按下列规则检查报告，发现的问题列在问题列表中，对应的格子标红。</source>
        <translation>The program checks the report against these rules as you type. Problems appear in the findings list, and the cells concerned turn red.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“错误”表示报告有错，必须改正。“警告”请你看一看：情况属实的，可以接受警告并写明说明。</source>
        <translation>An error means the report is wrong and must be fixed. A warning asks you to take a look: if the figures are right, accept it with a written explanation.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>空白不等于0：没有发生的事项请填0，空白表示还没有填。</source>
        <translation>Blank is not 0: enter 0 for what did not happen; a blank cell means not filled in yet.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>含义</source>
        <translation>Meaning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本报告使用{edition}。</source>
        <translation>This report uses the edition {edition}.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>向右／向左移到下一个格子，到行尾转到下一行</source>
        <translation>Move right / left to the next cell, wrapping to the next row</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>确认输入，向下／向上移动，到列尾转到下一列</source>
        <translation>Confirm and move down / up, on to the next column at the end</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>修改格子里已有的数</source>
        <translation>Edit the number already in the cell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>清除为空白（不是填0）</source>
        <translation>Clear to blank (not 0)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消正在输入的内容</source>
        <translation>Cancel what you are typing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>回到第一个要填的格子</source>
        <translation>Go to the first cell to fill</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>复制、粘贴，可以与 Excel、WPS 表格互相复制</source>
        <translation>Copy and paste, also to and from Excel or WPS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下一部分</source>
        <translation>Next section</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>菜单命令</source>
        <translation>Menu commands</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>在表格中</source>
        <translation>In a table</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>命令</source>
        <translation>Command</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+2"/>
        <source>按键</source>
        <translation>Keys</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>作用</source>
        <translation>What it does</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>空白和0有什么区别？</source>
        <translation>What is the difference between blank and 0?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>0表示“没有发生”，空白表示“还没有填”。报送前每个格子都应当有数，确实没有的请填0。编辑菜单里的“将空白单元格填为0”可以一次填好剩下的空白（可以撤销）。</source>
        <translation>0 means &quot;none happened&quot;; blank means &quot;not filled in yet&quot;. Before submission every cell should have a number: enter 0 where there were none. &quot;Fill blank cells with 0&quot; in the Edit menu fills all remaining blanks at once (and can be undone).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>合计为什么不能填？</source>
        <translation>Why can I not type a total?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>合计、总计由各项相加自动算出，所以总是与各项一致。要改合计，请改它的各项。</source>
        <translation>Totals are computed by adding up their items, so they always agree with them. To change a total, change its items.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>为什么提示某个数与上年相比变化异常？</source>
        <translation>Why am I warned that a figure changed unusually from last year?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>某个数比上年增加或减少超过{factor}倍、且相差至少{min_diff}时会提示。常见原因是多打或少打了一个0，或者填错了格子。核实无误的，接受警告并写明原因即可。</source>
        <translation>You are warned when a figure is more than {factor} times up or down from last year&apos;s and differs by at least {min_diff}. Often a 0 was typed too many or too few, or a number went into the wrong cell. If it is right, accept the warning and write down why.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>正文里的数字也会检查吗？</source>
        <translation>Are the numbers in the text checked too?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>会。正文中提到的申请件数、上年结转、结转下年度、行政复议和行政诉讼的件数，要与表格一致，不一致时会有警告。</source>
        <translation>Yes. The numbers of requests, carried-over and carried-forward requests, administrative reviews and lawsuits quoted in the text must agree with the tables; if they do not, you get a warning.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../govreport_gui/ui/import_dialog.py" line="+114"/>
        <source>正在读取 {name}…</source>
        <translation>Reading {name}…</translation>
    </message>
</context>
<context>
    <name>ImportReviewDialog</name>
    <message>
        <location line="-70"/>
        <source>核对导入的内容 — {name}</source>
        <translation>Review the import — {name}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>从{kind}“{name}”读到：&lt;b&gt;{title}&lt;/b&gt;（{edition}），{n} 个数值，{m} 处未能放置。请核对后再确认。</source>
        <translation>Read from {kind} “{name}”: &lt;b&gt;{title}&lt;/b&gt; ({edition}), {n} values, {m} items that could not be placed. Please review before confirming.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>正文</source>
        <translation>Text</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>未能放置：</source>
        <translation>Not placed: </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>注意：</source>
        <translation>Note: </translation>
    </message>
    <message>
        <location line="+1"/>
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
        <location line="+8"/>
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
    <name>IndicatorChart</name>
    <message>
        <location filename="../../govreport_gui/ui/indicators_panel.py" line="+90"/>
        <source>没有可评价的单位</source>
        <translation>No unit can be rated</translation>
    </message>
</context>
<context>
    <name>IndicatorsPanel</name>
    <message>
        <location line="+123"/>
        <source>指标范围…</source>
        <translation>Indicator Ranges…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>图表：</source>
        <translation>Chart:</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>错误</source>
        <translation>Errors</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>警告</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>正文字数</source>
        <translation>Text length</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>{value}（不评价）</source>
        <translation>{value} (not rated)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} 个单位；{flagged} 项指标超出范围（浅橙色）。点击列标题排序，鼠标停在数字上可以看到公式。</source>
        <translation>{n} units; {flagged} indicators out of range (light orange). Click a column header to sort; hover over a number to see its formula.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{name}（只列可评价的单位）</source>
        <translation>{name} (rated units only)</translation>
    </message>
</context>
<context>
    <name>InfoTab</name>
    <message>
        <location filename="../../govreport_gui/ui/info_tab.py" line="+17"/>
        <location line="+19"/>
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
        <location line="-16"/>
        <location line="+23"/>
        <location line="+2"/>
        <source>报告年度</source>
        <translation>Report year</translation>
    </message>
    <message>
        <location line="-32"/>
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
        <location line="+32"/>
        <source>格式版本</source>
        <translation>Format edition</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>报告标题</source>
        <translation>Report title</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>台账来源</source>
        <translation>Registers</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{name}：{problem}，未保存此项</source>
        <translation>{name}: {problem}; this field was not saved</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>修改{name}</source>
        <translation>Change {name}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{year}年的报告通常使用{want}，本报告为{have}。如需更换格式，请新建报告并从本报告结转。</source>
        <translation>A report for {year} normally uses {want}; this report uses {have}. To change the format, create a new report and carry over from this one.</translation>
    </message>
    <message>
        <location line="-110"/>
        <source>发布日期</source>
        <translation>Publication date</translation>
    </message>
</context>
<context>
    <name>LedgerDialog</name>
    <message>
        <location filename="../../govreport_gui/ui/ledger_dialog.py" line="-39"/>
        <source>台账 (*.xlsx *.xlsm *.xls *.et *.csv *.txt);;所有文件 (*)</source>
        <translation>Registers (*.xlsx *.xlsm *.xls *.et *.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>现有{value}</source>
        <translation>now {value}</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>从台账统计 — {year} 年</source>
        <translation>Count from Registers — {year}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>选择本机关的政府信息公开申请登记台账（第三部分），有行政复议、行政诉讼案件台账的也可一并选择（第四部分）。统计结果核对无误后，点“填入报告”。</source>
        <translation>Choose your office&apos;s register of information disclosure applications (section III) and, if you keep one, the register of administrative review and litigation cases (section IV). Check the counts, then click “Fill in the Report”.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>申请登记台账：</source>
        <translation>Applications register:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>案件台账（可选）：</source>
        <translation>Cases register (optional):</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>不用</source>
        <translation>Don&apos;t use</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+149"/>
        <source>尚未选择台账。</source>
        <translation>No register chosen yet.</translation>
    </message>
    <message>
        <location line="-129"/>
        <source>台账中无法对应表格栏目的写法（请指定）：</source>
        <translation>Words in the register that match no row or column of the table (say what they mean):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>台账中的写法</source>
        <translation>As written</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>行数</source>
        <translation>Rows</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>对应到</source>
        <translation>Means</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>按对应关系重新统计</source>
        <translation>Count Again with These Meanings</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>填入报告</source>
        <translation>Fill in the Report</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>选择申请登记台账</source>
        <translation>Choose the Applications Register</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>选择案件台账</source>
        <translation>Choose the Cases Register</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>正在统计 {name}…</source>
        <translation>Counting {name}…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>无法统计台账：
{msg}</source>
        <translation>Cannot count the register:
{msg}</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>{where}：计入 {n} 条</source>
        <translation>{where}: {n} counted</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{parts}；未计入 {left} 行；与报告现有数不同的单元格 {differ} 个（浅蓝色，角上是现有数）。双击一个数（或选中后按回车），查看台账中计入它的行。</source>
        <translation>{parts}; {left} rows left out; {differ} cells differ from the report (light blue, the report&apos;s figure in the corner). Double-click a number (or select it and press Enter) to see the register rows behind it.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>注意：</source>
        <translation>Note: </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>未计入：</source>
        <translation>Left out: </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>与上年报告不符：</source>
        <translation>Differs from last year&apos;s report: </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>保存的对应关系无法使用：</source>
        <translation>The saved meanings cannot be used: </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>（不计入）</source>
        <translation>(leave out)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{place}：{n}</source>
        <translation>{place}: {n}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{title}
台账中没有计入这一格的行。</source>
        <translation>{title}
No register row is counted in this cell.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>台账 {names} 在统计之后被修改过（也许有人正在编辑它）。将重新统计，请核对后再填入。</source>
        <translation>The register {names} changed after it was counted (someone may be editing it). It will be counted again; check the counts before filling them in.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../govreport_gui/ui/main_window.py" line="+33"/>
        <location line="+115"/>
        <location line="+303"/>
        <source>问题列表</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location line="-374"/>
        <location filename="../../govreport_gui/ui/names.py" line="+12"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>新建(&amp;N)…</source>
        <translation>&amp;New…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>打开(&amp;O)…</source>
        <translation>&amp;Open…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>导入报告(&amp;I)…</source>
        <translation>&amp;Import a report…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>从粘贴的文字导入…</source>
        <translation>Import from pasted text…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>从上年报告结转到本报告…</source>
        <translation>Carry over from last year&apos;s report…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>汇总各单位的报告(&amp;G)…</source>
        <translation>Sum the units&apos; reports (a&amp;ggregate)…</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>最近打开</source>
        <translation>Open Recent</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>从上年报告开始新报告(&amp;L)…</source>
        <translation>Start from &amp;last year&apos;s report…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>关闭报告(&amp;C)</source>
        <translation>&amp;Close report</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>保存(&amp;S)</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>另存为(&amp;A)…</source>
        <translation>Save &amp;As…</translation>
    </message>
    <message>
        <location filename="../../govreport_gui/ui/exporting.py" line="-4"/>
        <source>导出Word(&amp;W)…</source>
        <translation>Export &amp;Word…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>用自定义模板导出Word…</source>
        <translation>Export Word with a custom template…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出Excel(&amp;X)…</source>
        <translation>Export E&amp;xcel…</translation>
    </message>
    <message>
        <location filename="../../govreport_gui/ui/main_window.py" line="+18"/>
        <source>开始页</source>
        <translation>Start page</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <location line="+199"/>
        <source>撤销(&amp;U)</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <location line="-198"/>
        <location line="+199"/>
        <source>重做(&amp;R)</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <location line="-197"/>
        <source>复制(&amp;C)</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>粘贴(&amp;P)</source>
        <translation>&amp;Paste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>清除(&amp;D)</source>
        <translation>&amp;Delete (make blank)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>全选(&amp;A)</source>
        <translation>Select &amp;all</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>将空白单元格填为0</source>
        <translation>Fill blank cells with 0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>重新校验</source>
        <translation>Check again</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>地方审核规则(&amp;K)…</source>
        <translation>Local Chec&amp;k Rules…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下一部分</source>
        <translation>Next section</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>上一部分</source>
        <translation>Previous section</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>显示上年数</source>
        <translation>Show last year&apos;s figures</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>显示或收起右侧的问题列表（F9）</source>
        <translation>Show or hide the findings panel on the right (F9)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>下一个问题</source>
        <translation>Next finding</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>指标(&amp;I)…</source>
        <translation>&amp;Indicators…</translation>
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
        <source>填报指南(&amp;G)</source>
        <translation>&amp;Guide</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>各项校验的含义</source>
        <translation>What the checks mean</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+897"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location line="-796"/>
        <source>基本信息</source>
        <extracomment>keys a text field keeps for itself even though a menu action has them too</extracomment>
        <translation>Basic information</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>撤销 {what}(&amp;U)</source>
        <translation>&amp;Undo {what}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>重做 {what}(&amp;R)</source>
        <translation>&amp;Redo {what}</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>这是示例报告（虚构的云泽市），可以随便试。开始自己的报告：文件 → 从上年报告开始新报告</source>
        <translation>This is the demo report (the fictional city of Yunze); try anything. To start your own report: File → Start from last year&apos;s report</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>选择上年的报告（年报文件、Word、Excel、PDF 或网页）</source>
        <translation>Choose last year&apos;s report (report file, Word, Excel, PDF or web page)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>已从上年报告开始 {year} 年的报告：上年结转等数字已填好，请逐部分填写</source>
        <translation>Started the {year} report from last year&apos;s: the carried-over figures are filled in; fill in each section</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{problem}

这一格正在输入的内容不能填入。</source>
        <translation>{problem}

What is being typed in this cell cannot be entered.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>返回修改</source>
        <translation>Go back and fix</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>放弃这一格的输入</source>
        <translation>Drop this cell&apos;s entry</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>年报文件 (*.govreport);;所有文件 (*)</source>
        <translation>Annual reports (*.govreport);;All files (*)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>未保存的报告</source>
        <translation>Unsaved report</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>示例报告（不会自动保存到文件）</source>
        <translation>Demo report (not saved to a file)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>错误 {e}&#x3000;警告 {w}&#x3000;已说明 {a}&#x3000;空白 {b}</source>
        <translation>Errors {e}   Warnings {w}   Accepted {a}   Blank {b}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>问题列表（{n}）</source>
        <translation>Findings ({n})</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>此部分有错误</source>
        <translation>This section has errors</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>此部分有警告</source>
        <translation>This section has warnings</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{message}（这些都是程序算出的合计：改正各项中的错误后，这一条会随之消失）</source>
        <translation>{message} (these are all totals the program computes: once the items are corrected, this finding goes)</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>已复制这条问题的说明</source>
        <translation>Copied this finding&apos;s message</translation>
    </message>
    <message>
        <location line="+42"/>
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
        <source>有规则包无法使用：{what}</source>
        <translation>Some rule packs cannot be used: {what}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>已应用 {n} 个地方审核规则包</source>
        <translation>{n} local rule packs applied</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未使用地方审核规则包</source>
        <translation>No local rule pack in use</translation>
    </message>
    <message>
        <location line="+17"/>
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
        <source>{stem}（本机修改）</source>
        <translation>{stem} (my changes)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>保存失败：
{msg}</source>
        <translation>Saving failed:
{msg}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>已保存 {name}</source>
        <translation>Saved {name}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>“{name}”在 {time} 被其他程序（或同事）修改过，这些修改不在当前窗口中。
直接保存会覆盖那些修改。</source>
        <translation>&quot;{name}&quot; was changed by another program (or a colleague) at {time}; those changes are not in this window.
Saving now would overwrite them.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{name}”在打开后已被移走或删除。</source>
        <translation>&quot;{name}&quot; was moved or deleted after it was opened.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>另存为新文件…</source>
        <translation>Save as a new file…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>仍然覆盖</source>
        <translation>Overwrite anyway</translation>
    </message>
    <message>
        <location line="+17"/>
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
        <location line="-21"/>
        <location line="+22"/>
        <location line="+196"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="-848"/>
        <source>从台账统计(&amp;T)…</source>
        <translation>Coun&amp;t from Registers…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>生成空白台账…</source>
        <translation>New Blank Register…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>打印预览(&amp;V)…</source>
        <translation>Print Pre&amp;view…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>打印(&amp;R)…</source>
        <translation>P&amp;rint…</translation>
    </message>
    <message>
        <location line="+650"/>
        <source>已导出 {name}</source>
        <translation>Exported {name}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>已从台账统计并填入第三、四部分的表格（可撤销）</source>
        <translation>Sections III and IV filled in from the registers (can be undone)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>生成空白台账</source>
        <translation>New Blank Register</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>政府信息公开台账.xlsx</source>
        <translation>disclosure-register.xlsx</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel Workbook (*.xlsx)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>无法生成台账：
{msg}</source>
        <translation>Cannot write the register:
{msg}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已生成空白台账 {name}</source>
        <translation>Blank register written: {name}</translation>
    </message>
    <message>
        <location line="+64"/>
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
        <location line="+34"/>
        <source>以本报告为上年，开始{new}年的新报告</source>
        <translation>Start a new {new} report with this one as last year&apos;s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>只改正年份（这些数字就是{new}年的）</source>
        <translation>Only correct the year (these figures are {new}&apos;s)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>本报告是{old}年的报告，已经填有数字或正文。

如果这是上年的报告，要开始{new}年的报告，请选“开始{new}年的新报告”：上年结转等数字会自动填好，上年的数字和正文留作对照，本报告保持不变。
如果只是年份填错了，请选“只改正年份”。</source>
        <translation>This is the {old} report and already holds figures or text.

If this is last year&apos;s report and you want to start the {new} report, choose &quot;Start a new {new} report&quot;: the carried-over figures are filled in, last year&apos;s figures and text are kept for comparison, and this report stays as it is.
If only the year was mistyped, choose &quot;Only correct the year&quot;.</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+3"/>
        <source>修改报告年度为 {year}</source>
        <translation>Change the report year to {year}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>报告年度已改为 {year}</source>
        <translation>The report year is now {year}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>已开始 {year} 年的报告：上年结转等数字已从{old}年的报告填好，请另存为新文件</source>
        <translation>Started the {year} report: the carried-over figures come from the {old} report; save it as a new file</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>“{name}”已被其他程序修改；保存时会先问您是否覆盖</source>
        <translation>&quot;{name}&quot; was changed by another program; saving will ask before overwriting it</translation>
    </message>
    <message>
        <location line="+36"/>
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
        <location line="+21"/>
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
        <location line="+1"/>
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
        <location filename="../../govreport_gui/ui/safety.py" line="+18"/>
        <source>没有找到可以显示中文的字体，界面中的中文可能显示为方框。
请安装中文字体（如 Noto Sans CJK、文泉驿微米黑或微软雅黑）。
导出的 Word 文档仍会写明仿宋_GB2312 等字体及其替代字体。</source>
        <translation>No font that can show Chinese was found; Chinese text may show as boxes.
Please install a Chinese font (e.g. Noto Sans CJK, WenQuanYi Micro Hei or Microsoft YaHei).
Exported Word documents still name 仿宋_GB2312 and the other fonts with their substitutes.</translation>
    </message>
    <message>
        <location filename="../../govreport_gui/ui/main_window.py" line="-967"/>
        <source>复制为网页(&amp;W)</source>
        <translation>Copy as &amp;Web Page</translation>
    </message>
    <message>
        <location filename="../../govreport_gui/ui/exporting.py" line="+2"/>
        <source>导出网页(&amp;H)…</source>
        <translation>Export as &amp;HTML Web Page…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出PDF(&amp;P)…</source>
        <translation>Export as &amp;PDF…</translation>
    </message>
    <message>
        <location filename="../../govreport_gui/ui/main_window.py" line="+694"/>
        <source>已将报告复制为网页，可粘贴到网站的编辑器中</source>
        <translation>The report was copied as a web page; paste it into the site&apos;s editor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（注意：{notes}）</source>
        <translation> (note: {notes})</translation>
    </message>
</context>
<context>
    <name>NarrativeTab</name>
    <message>
        <location filename="../../govreport_gui/ui/text_tab.py" line="+27"/>
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
        <location line="+12"/>
        <source>填写要求</source>
        <translation>What to write</translation>
    </message>
    <message>
        <location line="+9"/>
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
    <message>
        <location line="+27"/>
        <source>已复制。这段提到了{years}年，本报告是{year}年的：请按本年情况改写</source>
        <translation>Copied. This paragraph mentions {years}, and this is the {year} report: rewrite it for this year</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已复制到本年，请按本年情况改写</source>
        <translation>Copied into this year&apos;s text; rewrite it for this year</translation>
    </message>
</context>
<context>
    <name>NewReportDialog</name>
    <message>
        <location filename="../../govreport_gui/ui/new_dialog.py" line="+21"/>
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
        <location line="+53"/>
        <source>（不使用）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>选择上年报告…</source>
        <translation>Choose last year&apos;s report…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>上年报告</source>
        <translation>Last year&apos;s report</translation>
    </message>
    <message>
        <location line="+6"/>
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
        <location line="+15"/>
        <source>选择上年报告（年报文件、Word、Excel、PDF、网页或文本）</source>
        <translation>Choose last year&apos;s report (report file, Word, Excel, PDF, web page or text)</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{name}
{title}（{values} 个数值）</source>
        <translation>{name}
{title} ({values} values)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>请填写发布机关</source>
        <translation>Please enter the issuing body</translation>
    </message>
</context>
<context>
    <name>PasteDialog</name>
    <message>
        <location filename="../../govreport_gui/ui/import_dialog.py" line="+41"/>
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
    <name>PrintPreview</name>
    <message>
        <location filename="../../govreport_gui/ui/printing.py" line="+78"/>
        <source>打印预览 - {title}</source>
        <translation>Print Preview - {title}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>上一页</source>
        <translation>Previous Page</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下一页</source>
        <translation>Next Page</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>缩小</source>
        <translation>Zoom Out</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>放大</source>
        <translation>Zoom In</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>适合宽度</source>
        <translation>Fit Width</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>整页</source>
        <translation>Whole Page</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>打印(&amp;P)…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>无法预览：{msg}</source>
        <translation>Cannot preview: {msg}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>第 {page} 页，共 {n} 页</source>
        <translation>Page {page} of {n}</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location line="+13"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>打印失败：
{msg}</source>
        <translation>Printing failed:
{msg}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>已打印到文件 {name}（{pages} 页）</source>
        <translation>Printed to the file {name} ({pages} pages)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>已送往打印机 {printer}（{pages} 页）</source>
        <translation>Sent to the printer {printer} ({pages} pages)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（注意：{notes}）</source>
        <translation> (Note: {notes})</translation>
    </message>
</context>
<context>
    <name>RangesDialog</name>
    <message>
        <location filename="../../govreport_gui/ui/indicators_panel.py" line="-210"/>
        <source>指标范围</source>
        <translation>Indicator Ranges</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>超出范围的指标在汇总中标出。不设上限或下限的，选“不设”；申请（或案件）少于最少件数的单位不评价。</source>
        <translation>Indicators out of range are marked in the summary. Choose “none” for no lower or upper bound; units with fewer applications (or cases) than the least number are not rated.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>指标</source>
        <translation>Indicators</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>下限（%）</source>
        <translation>Lower (%)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>上限（%）</source>
        <translation>Upper (%)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最少件数</source>
        <translation>Least number</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>不设</source>
        <translation>none</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>恢复默认</source>
        <translation>Restore Defaults</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReportDocument</name>
    <message>
        <location filename="../../govreport_gui/ui/document.py" line="+123"/>
        <source>从上年报告结转</source>
        <translation>Carry over from last year&apos;s report</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>从台账统计</source>
        <translation>Count from Registers</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>将空白单元格填为0</source>
        <translation>Fill blank cells with 0</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>编辑{name}</source>
        <translation>Edit {name}</translation>
    </message>
</context>
<context>
    <name>ReportIndicatorsDialog</name>
    <message>
        <location filename="../../govreport_gui/ui/indicators_panel.py" line="+177"/>
        <source>指标 — {title}</source>
        <translation>Indicators — {title}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>指标</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>公式与说明</source>
        <translation>Formula and notes</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>各单位：</source>
        <translation>Units:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>指标范围…</source>
        <translation>Indicator Ranges…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ReportTableView</name>
    <message>
        <location filename="../../govreport_gui/ui/table_view.py" line="+99"/>
        <source>上年{value}</source>
        <translation>LY {value}</translation>
    </message>
    <message>
        <location line="+323"/>
        <source>已到本表最后一个要填的单元格，回到第一个</source>
        <translation>That was the last cell to fill in this table; back to the first</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已到本表第一个要填的单元格，转到最后一个</source>
        <translation>That was the first cell to fill in this table; on to the last</translation>
    </message>
    <message>
        <location line="+66"/>
        <location line="+43"/>
        <source>改正后按回车；按 Esc 放弃这次输入。</source>
        <translation>Correct it and press Enter; press Esc to drop this entry.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>未填入：{why}</source>
        <translation>Not entered: {why}</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>已复制 {rows} 行 × {cols} 列</source>
        <translation>Copied {rows} rows × {cols} columns</translation>
    </message>
    <message>
        <location line="+9"/>
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
        <location line="+10"/>
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
    <name>RowsDialog</name>
    <message>
        <location filename="../../govreport_gui/ui/ledger_dialog.py" line="-301"/>
        <source>台账行号</source>
        <translation>Register row</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{where}中的 {n} 行：</source>
        <translation>{n} rows of {where}:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>RulePacksDialog</name>
    <message>
        <location filename="../../govreport_gui/ui/rulepacks_dialog.py" line="+50"/>
        <source>地方审核规则</source>
        <translation>Local Check Rules</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>省、市对年度报告另有要求的（篇幅、必须写明的内容、数据间的关系），可以写成规则包，与官方格式的校验一同检查。勾选要使用的规则包：</source>
        <translation>Where a province or city has its own requirements for the report (length, what must be stated, relations between figures), they can be written as a rule pack and checked together with the official format&apos;s rules. Tick the packs to use:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>随程序提供</source>
        <translation>shipped with the program</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name}（{n} 条规则）</source>
        <translation>{name} ({n} rules)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>依据：《{title}》{number}</source>
        <translation>Source: “{title}” {number}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>只适用于 {eds} 年版格式，对当前报告不起作用</source>
        <translation>Applies only to the {eds} edition: no effect on this report</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>无法使用：</source>
        <translation>Cannot be used: </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>打开规则文件夹</source>
        <translation>Open the Rules Folder</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SectionTableModel</name>
    <message>
        <location filename="../../govreport_gui/ui/table_model.py" line="+126"/>
        <source>{what}，由程序按各项自动计算，不能直接填写。请填写它左边或上面的各项。</source>
        <translation>{what}: totals are computed from their items and cannot be typed. Fill in the items to its left or above.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>未读到</source>
        <translation>not read</translation>
    </message>
    <message>
        <location line="+35"/>
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
        <location line="-114"/>
        <source>输入 {place}</source>
        <translation>Enter {place}</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <location filename="../../govreport_gui/ui/start_page.py" line="+52"/>
        <source>政府信息公开工作年度报告：填写、校验、导出、汇总</source>
        <translation>Annual report on government information disclosure: fill in, check, export, sum</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>从上年报告开始…</source>
        <translation>Start from last year&apos;s report…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>选择上年的报告：年报文件、导出的 Word 或 Excel、手填的官方 Word 模板、发布的 PDF 或网页。“上年结转”等数字和联系方式自动填好，上年的数字和正文留作对照。</source>
        <translation>Choose last year&apos;s report: a report file, the exported Word or Excel, the official Word template filled by hand, the published PDF or web page. The carried-over figures and the contact details are filled in; last year&apos;s figures and text are kept for comparison.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>打开报告…</source>
        <translation>Open a report…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>继续填写已保存的年报文件（.govreport）。</source>
        <translation>Go on with a saved report file (.govreport).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>新建空白报告…</source>
        <translation>New blank report…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>没有上年的报告时，从空白开始。</source>
        <translation>Start from blank when there is no report from last year.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>看看示例</source>
        <translation>Look at the demo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打开一份填好的示例报告（虚构的云泽市），随便试，不会保存。</source>
        <translation>Open a filled-in demo report (the fictional city of Yunze) to try things out; nothing is saved.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>最近打开的报告</source>
        <translation>Recently opened reports</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>还没有打开过报告。</source>
        <translation>No report opened yet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>最近打开</source>
        <translation>Recent</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>按 F1 查看填报指南：五步完成年报、各项校验的含义、快捷键。</source>
        <translation>Press F1 for the guide: the report in five steps, what the checks mean, keyboard shortcuts.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{name}
（找不到了）{folder}</source>
        <translation>{name}
(no longer found) {folder}</translation>
    </message>
</context>
</TS>
