<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountStatus</name>
    <message>
        <source>Registered</source>
        <translation>已注册</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在注册…</translation>
    </message>
    <message>
        <source>Not registered</source>
        <translation>未注册</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Ready (no server: direct calls)</source>
        <translation>就绪（无服务器：直接呼叫）</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <source>Threat</source>
        <translation>威胁恐吓</translation>
    </message>
    <message>
        <source>Pressure on a third party</source>
        <translation>骚扰第三方</translation>
    </message>
    <message>
        <source>False legal threat</source>
        <translation>虚假法律威胁</translation>
    </message>
    <message>
        <source>Misleading promise</source>
        <translation>误导性承诺</translation>
    </message>
    <message>
        <source>Insult</source>
        <translation>侮辱谩骂</translation>
    </message>
    <message>
        <source>Disclosing the debt</source>
        <translation>泄露债务信息</translation>
    </message>
    <message>
        <source>Harassment</source>
        <translation>骚扰</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉倾向</translation>
    </message>
    <message>
        <source>Financial hardship</source>
        <translation>经济困难</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>The customer mentions a complaint: “{0}”</source>
        <translation>客户提到投诉：“{0}”</translation>
    </message>
    <message>
        <source>The customer mentions financial hardship: “{0}”</source>
        <translation>客户提到经济困难：“{0}”</translation>
    </message>
    <message>
        <source>The customer said: “{0}”</source>
        <translation>客户说：“{0}”</translation>
    </message>
    <message>
        <source>Wrong alert</source>
        <translation>误报</translation>
    </message>
    <message>
        <source>This alert is wrong: store it for the people who tune the rules</source>
        <translation>这条提醒有误：记录下来，供规则维护人员改进</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>{0}  ·  {1}</source>
        <translation>{0}  ·  {1}</translation>
    </message>
    <message>
        <source>Suggestion: {0}</source>
        <translation>建议：{0}</translation>
    </message>
    <message>
        <source>You said: “{0}”</source>
        <translation>您说了：“{0}”</translation>
    </message>
    <message>
        <source>Say instead: {0}</source>
        <translation>请改说：{0}</translation>
    </message>
    <message>
        <source>Marked as wrong</source>
        <translation>已标记为误报</translation>
    </message>
</context>
<context>
    <name>AlertList</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>原话</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <source>No alerts in this call.</source>
        <translation>本通话暂无提醒。</translation>
    </message>
    <message>
        <source>Mark as wrong</source>
        <translation>标记为误报</translation>
    </message>
    <message>
        <source>The selected alert is wrong: store it for the people who tune the rules</source>
        <translation>选中的提醒有误：记录下来，供规则维护人员改进</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Suggestion: {0}</source>
        <translation>建议：{0}</translation>
    </message>
    <message>
        <source>Say instead: {0}</source>
        <translation>请改说：{0}</translation>
    </message>
    <message>
        <source>Marked wrong</source>
        <translation>已标记误报</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <source>Answer</source>
        <translation>接听</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒接</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>保持</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Keypad</source>
        <translation>拨号盘</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转接</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <source>● REC</source>
        <translation>● 录音中</translation>
    </message>
    <message>
        <source>This call is recorded, encrypted as it is written.</source>
        <translation>本通话正在录音，写入时即加密。</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>未录音</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>已录音</translation>
    </message>
    <message>
        <source>a beep</source>
        <translation>提示音</translation>
    </message>
    <message>
        <source>the recorded announcement</source>
        <translation>录音提示语</translation>
    </message>
    <message>
        <source>This call is recorded, encrypted as it is written. The customer heard the recording notice ({0}).</source>
        <translation>本通话正在录音，写入时即加密。客户已听到录音提示（{0}）。</translation>
    </message>
    <message>
        <source>Transfer to number</source>
        <translation>转接号码</translation>
    </message>
    <message>
        <source>Transfer now</source>
        <translation>立即转接（盲转）</translation>
    </message>
    <message>
        <source>Connect with the other call</source>
        <translation>与另一路通话连接（咨询转接）</translation>
    </message>
    <message>
        <source>Type the number to transfer to.</source>
        <translation>请输入要转接的号码。</translation>
    </message>
    <message>
        <source>Call the colleague first; then connect the two calls.</source>
        <translation>请先呼叫同事，再将两路通话连接。</translation>
    </message>
    <message>
        <source>Call ended ({0} {1})</source>
        <translation>通话已结束（{0} {1}）</translation>
    </message>
    <message>
        <source>Key pressed by the other side: {0}</source>
        <translation>对方按键：{0}</translation>
    </message>
    <message>
        <source>Transferred.</source>
        <translation>已转接。</translation>
    </message>
    <message>
        <source>Transfer failed ({0} {1})</source>
        <translation>转接失败（{0} {1}）</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>保持中</translation>
    </message>
    <message>
        <source>Held by the other side</source>
        <translation>已被对方保持</translation>
    </message>
    <message>
        <source>Calling…</source>
        <translation>正在呼叫…</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在接通…</translation>
    </message>
    <message>
        <source>Talking</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>{0} · {1} days</source>
        <translation>{0} · {1} 天</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 天</translation>
    </message>
    <message>
        <source>{0} days</source>
        <translation>{0} 天</translation>
    </message>
    <message>
        <source>less than a minute</source>
        <translation>不到 1 分钟</translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation>1 分钟</translation>
    </message>
    <message>
        <source>{0} minutes</source>
        <translation>{0} 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>{0} hours</source>
        <translation>{0} 小时</translation>
    </message>
    <message>
        <source>Multi-lender</source>
        <translation>多头借贷</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉记录</translation>
    </message>
    <message>
        <source>Broken promises</source>
        <translation>违约承诺</translation>
    </message>
    <message>
        <source>Hardship said</source>
        <translation>提及经济困难</translation>
    </message>
    <message>
        <source>Complaint said</source>
        <translation>提及投诉</translation>
    </message>
    <message>
        <source>Vulnerable</source>
        <translation>弱势客户</translation>
    </message>
    <message>
        <source>Third party</source>
        <translation>仅第三方号码</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待履行</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>已兑现</translation>
    </message>
    <message>
        <source>Broken</source>
        <translation>已违约</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>上门</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>信函</translation>
    </message>
    <message>
        <source>Plan changed (customer&apos;s code)</source>
        <translation>还款计划已变更（客户验证码确认）</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户信息</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Look up another case</source>
        <translation>查找其他案件</translation>
    </message>
    <message>
        <source>Change plan…</source>
        <translation>变更还款计划…</translation>
    </message>
    <message>
        <source>A new repayment plan, confirmed by the customer&apos;s SMS code</source>
        <translation>新的还款计划，须客户以短信验证码确认</translation>
    </message>
    <message>
        <source>Call customer</source>
        <translation>呼叫客户</translation>
    </message>
    <message>
        <source>Call the customer&apos;s own number (the calling rules are checked first)</source>
        <translation>拨打客户本人号码（先核对外呼规则）</translation>
    </message>
    <message>
        <source>Case id, contract no., 张*, or last 4 digits</source>
        <translation>案件编号、合同编号、张* 或后 4 位</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今日应还</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>剩余应还</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同编号</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>逾期阶段</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>借款</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>阶段话术</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation>承诺日期</translation>
    </message>
    <message>
        <source>Pay by</source>
        <translation>约定还款日</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Promise</source>
        <translation>履约状态</translation>
    </message>
    <message>
        <source>Contacted</source>
        <translation>联系时间</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>No earlier contacts or promises.</source>
        <translation>此前没有联系记录或还款承诺。</translation>
    </message>
    <message>
        <source>Opening</source>
        <translation>开场白</translation>
    </message>
    <message>
        <source>Key points</source>
        <translation>要点</translation>
    </message>
    <message>
        <source>Closing</source>
        <translation>结束语</translation>
    </message>
    <message>
        <source>No call</source>
        <translation>当前没有通话</translation>
    </message>
    <message>
        <source>Case {0}</source>
        <translation>案件 {0}</translation>
    </message>
    <message>
        <source>{0} cases match this caller: choose one</source>
        <translation>有 {0} 个案件与对方匹配，请选择一个</translation>
    </message>
    <message>
        <source>No case for this call</source>
        <translation>本次通话没有对应的案件</translation>
    </message>
    <message>
        <source>ID {0}</source>
        <translation>身份证 {0}</translation>
    </message>
    <message>
        <source>Card {0}</source>
        <translation>银行卡 {0}</translation>
    </message>
    <message>
        <source>{0} overdue</source>
        <translation>逾期 {0}</translation>
    </message>
    <message>
        <source>Overdue stage</source>
        <translation>逾期阶段</translation>
    </message>
    <message>
        <source>Customer system unreachable: showing the copy from {0} ago</source>
        <translation>无法连接客户系统：显示的是 {0}前的缓存数据</translation>
    </message>
    <message>
        <source>Loans ({0})</source>
        <translation>借款（{0}）</translation>
    </message>
    <message>
        <source>No script for this stage.</source>
        <translation>此逾期阶段没有阶段话术。</translation>
    </message>
    <message>
        <source>Show this case</source>
        <translation>查看此案件</translation>
    </message>
</context>
<context>
    <name>DialPad</name>
    <message>
        <source>Number or SIP address</source>
        <translation>号码或 SIP 地址</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>呼叫</translation>
    </message>
</context>
<context>
    <name>EmotionIndicator</name>
    <message>
        <source>Emotion:</source>
        <translation>情绪：</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>负面</translation>
    </message>
    <message>
        <source>neutral</source>
        <translation>平稳</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>正面</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Welcome to the softphone</source>
        <translation>欢迎使用坐席软电话</translation>
    </message>
</context>
<context>
    <name>HandoffPanel</name>
    <message>
        <source>From the AI assistant</source>
        <translation>来自 AI 助手</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Party</source>
        <translation>对方</translation>
    </message>
    <message>
        <source>Hand-off reason</source>
        <translation>转人工原因</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>通话小结</translation>
    </message>
    <message>
        <source>new plan</source>
        <translation>新还款计划</translation>
    </message>
    <message>
        <source>Inbound call</source>
        <translation>呼入</translation>
    </message>
    <message>
        <source>Outbound call</source>
        <translation>呼出</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>未接</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已接听</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未接</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒接</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未接</translation>
    </message>
    <message>
        <source>Inbound</source>
        <translation>呼入</translation>
    </message>
    <message>
        <source>Outbound</source>
        <translation>呼出</translation>
    </message>
    <message>
        <source>Search number or name</source>
        <translation>搜索号码或姓名</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>回拨</translation>
    </message>
    <message>
        <source>Play recording</source>
        <translation>播放录音</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>No calls yet.</source>
        <translation>暂无呼叫记录。</translation>
    </message>
    <message>
        <source>No calls match.</source>
        <translation>没有匹配的呼叫记录。</translation>
    </message>
    <message>
        <source>Listen to this call&apos;s recording</source>
        <translation>收听本次通话的录音</translation>
    </message>
    <message>
        <source>This call was not answered, so it has no recording.</source>
        <translation>该呼叫未接通，因此没有录音。</translation>
    </message>
    <message>
        <source>The full number is not stored (no password store on this computer), so calls cannot be returned from the history.</source>
        <translation>未保存完整号码（本机没有系统密钥环），因此无法从呼叫记录回拨。</translation>
    </message>
    <message>
        <source>Call this number back</source>
        <translation>回拨此号码</translation>
    </message>
    <message>
        <source>The full number of this call is not stored.</source>
        <translation>此通话未保存完整号码。</translation>
    </message>
    <message>
        <source>Open call</source>
        <translation>查看通话详情</translation>
    </message>
</context>
<context>
    <name>HourChart</name>
    <message>
        <source>No calls yet today.</source>
        <translation>今天还没有通话。</translation>
    </message>
</context>
<context>
    <name>IncomingPopup</name>
    <message>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>AI hand-off</source>
        <translation>AI 转人工</translation>
    </message>
    <message>
        <source>Answered automatically in {0} s</source>
        <translation>{0} 秒后自动接听</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>接听</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒接</translation>
    </message>
</context>
<context>
    <name>KeyringCheckBox</name>
    <message>
        <source>No system keyring: the password is not saved</source>
        <translation>没有系统密钥环：密码不会被保存</translation>
    </message>
    <message>
        <source>The password is kept until the softphone closes. To save it, ask your administrator for a password store (keyring), or to set the password environment variable named in the settings.</source>
        <translation>密码只保留到软电话关闭。如需保存，请让管理员提供密码存储（密钥环），或设置配置文件中指定的密码环境变量。</translation>
    </message>
</context>
<context>
    <name>KpiView</name>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Today, by agent</source>
        <translation>今日，按坐席</translation>
    </message>
    <message>
        <source>By hour (red: calls with an upset customer)</source>
        <translation>按小时（红色：客户情绪激动的通话）</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通话数</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>接通</translation>
    </message>
    <message>
        <source>Handle time</source>
        <translation>平均处理时长</translation>
    </message>
    <message>
        <source>Alerts / call</source>
        <translation>每通告警</translation>
    </message>
    <message>
        <source>Compliant</source>
        <translation>合规率</translation>
    </message>
    <message>
        <source>Hang-ups &lt; 30 s</source>
        <translation>30 秒内挂断</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>转接</translation>
    </message>
    <message>
        <source>Promises</source>
        <translation>承诺还款</translation>
    </message>
    <message>
        <source>Promised (yuan)</source>
        <translation>承诺金额（元）</translation>
    </message>
    <message>
        <source>Upset customers</source>
        <translation>情绪激动客户</translation>
    </message>
    <message>
        <source>Upset rate</source>
        <translation>情绪激动比例</translation>
    </message>
    <message>
        <source>All agents</source>
        <translation>全部坐席</translation>
    </message>
    <message>
        <source>All hours</source>
        <translation>全部时段</translation>
    </message>
    <message>
        <source>Export today&apos;s numbers</source>
        <translation>导出今日数据</translation>
    </message>
    <message>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>{0} rows written to {1}</source>
        <translation>已写入 {0} 行到 {1}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Agent Softphone</source>
        <translation>坐席软电话</translation>
    </message>
    <message>
        <source>DEMO</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>Demo agent</source>
        <translation>演示坐席</translation>
    </message>
    <message>
        <source>No account</source>
        <translation>未设置账号</translation>
    </message>
    <message>
        <source>DEMO — simulated customer, no real calls</source>
        <translation>演示 — 模拟客户，不会拨打真实电话</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>No call. Dial a number, or wait for a call.</source>
        <translation>当前没有通话。请拨号，或等待来电。</translation>
    </message>
    <message>
        <source>Live transcript</source>
        <translation>实时转写</translation>
    </message>
    <message>
        <source>Assist</source>
        <translation>实时辅助</translation>
    </message>
    <message>
        <source>Search the transcripts</source>
        <translation>搜索通话转写</translation>
    </message>
    <message>
        <source>History</source>
        <translation>呼叫记录</translation>
    </message>
    <message>
        <source>Microphone level</source>
        <translation>麦克风音量</translation>
    </message>
    <message>
        <source>Mic</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <source>Sound devices off</source>
        <translation>音频设备已关闭</translation>
    </message>
    <message>
        <source>system default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>Microphone: {0}   Headset: {1}   Ringer: {2}</source>
        <translation>麦克风：{0}   耳机：{1}   振铃设备：{2}</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Reload phrase rules</source>
        <translation>重新加载话术规则</translation>
    </message>
    <message>
        <source>Load the forbidden-phrase rules again after they were edited</source>
        <translation>修改禁语规则后重新加载</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>The phone is still starting…</source>
        <translation>电话仍在启动…</translation>
    </message>
    <message>
        <source>AI hand-off</source>
        <translation>AI 转人工</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Thank you: the alert is stored as wrong.</source>
        <translation>谢谢：已记录这条提醒为误报。</translation>
    </message>
    <message>
        <source>That alert is not in the call history yet; try again in a moment.</source>
        <translation>这条提醒还未写入通话记录，请稍后再试。</translation>
    </message>
    <message>
        <source>Reloading the phrase rules…</source>
        <translation>正在重新加载话术规则…</translation>
    </message>
    <message>
        <source>Phrase rules loaded: {0} rules, version {1}.</source>
        <translation>话术规则已加载：{0} 条规则，版本 {1}。</translation>
    </message>
    <message>
        <source>No case matches that search.</source>
        <translation>没有与搜索内容匹配的案件。</translation>
    </message>
    <message>
        <source>Finish the wrap-up of the last call before the next call.</source>
        <translation>请先完成上一通电话的通话小结，再进行下一通电话。</translation>
    </message>
    <message>
        <source>The phone engine is not running.</source>
        <translation>电话引擎未运行。</translation>
    </message>
    <message>
        <source>{0} · score {1}</source>
        <translation>{0} · 评分 {1}</translation>
    </message>
    <message>
        <source>microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <source>headset</source>
        <translation>耳机</translation>
    </message>
    <message>
        <source>ringer</source>
        <translation>振铃</translation>
    </message>
    <message>
        <source>The {0} device “{1}” was disconnected; using the system default.</source>
        <translation>{0} 设备“{1}”已断开，已改用系统默认设备。</translation>
    </message>
    <message>
        <source>History: masked numbers only</source>
        <translation>呼叫记录：仅保存脱敏号码</translation>
    </message>
</context>
<context>
    <name>PacingLine</name>
    <message>
        <source>You are speaking fast ({0:.1f} characters a second): slow down a little.</source>
        <translation>您语速偏快（每秒 {0:.1f} 字），请放慢一些。</translation>
    </message>
    <message>
        <source>You are speaking slowly ({0:.1f} characters a second).</source>
        <translation>您语速偏慢（每秒 {0:.1f} 字）。</translation>
    </message>
    <message>
        <source>Long silence ({0:.0f} s): say something to the customer.</source>
        <translation>长时间静默（{0:.0f} 秒），请与客户沟通。</translation>
    </message>
    <message>
        <source>You are talking over the customer: let them finish.</source>
        <translation>您打断了客户说话，请让客户说完。</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <source>Equal instalments</source>
        <translation>等额本息</translation>
    </message>
    <message>
        <source>Equal principal</source>
        <translation>等额本金</translation>
    </message>
    <message>
        <source>Interest only, then the principal</source>
        <translation>先息后本</translation>
    </message>
    <message>
        <source>Deferral: interest only first</source>
        <translation>展期：先只还利息</translation>
    </message>
    <message>
        <source>Change the repayment plan: {0}</source>
        <translation>变更还款计划：{0}</translation>
    </message>
    <message>
        <source>New terms</source>
        <translation>新条件</translation>
    </message>
    <message>
        <source>Show the schedule</source>
        <translation>生成还款计划表</translation>
    </message>
    <message>
        <source>Contract rate {0} %</source>
        <translation>合同利率 {0} %</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>还款方式</translation>
    </message>
    <message>
        <source>Months</source>
        <translation>期数（月）</translation>
    </message>
    <message>
        <source>Annual rate</source>
        <translation>年利率</translation>
    </message>
    <message>
        <source>Interest-only months</source>
        <translation>只还利息的月数</translation>
    </message>
    <message>
        <source>First payment</source>
        <translation>首期还款日</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>还款计划表</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>期次</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>还款日</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>本金</translation>
    </message>
    <message>
        <source>Interest</source>
        <translation>利息</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>应还</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>剩余本金</translation>
    </message>
    <message>
        <source>Customer&apos;s confirmation</source>
        <translation>客户确认</translation>
    </message>
    <message>
        <source>Send code</source>
        <translation>发送验证码</translation>
    </message>
    <message>
        <source>Code the customer reads out</source>
        <translation>客户念出的验证码</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>The customer may also key the code on the phone. You never see the code.</source>
        <translation>客户也可以在电话上按键输入验证码。坐席看不到验证码。</translation>
    </message>
    <message>
        <source>The terms changed: show the schedule again.</source>
        <translation>条件已更改：请重新生成还款计划表。</translation>
    </message>
    <message>
        <source>APR {0} · contract rate {1} · plan rate {2}</source>
        <translation>年化利率（APR）{0} · 合同利率 {1} · 计划利率 {2}</translation>
    </message>
    <message>
        <source>Needs a reviewer: {0}</source>
        <translation>需审核：{0}</translation>
    </message>
    <message>
        <source>Total: principal ¥{0} · interest ¥{1} · paid ¥{2}</source>
        <translation>合计：本金 ¥{0} · 利息 ¥{1} · 还款 ¥{2}</translation>
    </message>
    <message>
        <source>New: {0} months of ¥{1}, interest ¥{2}, last payment {3}</source>
        <translation>新计划：{0} 期，每期 ¥{1}，利息 ¥{2}，末期 {3}</translation>
    </message>
    <message>
        <source>Now: the current instalment does not repay the balance.</source>
        <translation>现计划：按当前月供无法还清余额。</translation>
    </message>
    <message>
        <source>Now: {0} months of ¥{1}, interest ¥{2}, last payment {3}</source>
        <translation>现计划：{0} 期，每期 ¥{1}，利息 ¥{2}，末期 {3}</translation>
    </message>
    <message>
        <source>Send a new code</source>
        <translation>重新发送验证码</translation>
    </message>
    <message>
        <source>Pick the terms and show the schedule.</source>
        <translation>请选择条件并生成还款计划表。</translation>
    </message>
    <message>
        <source>Confirmed by the customer. The new plan is stored with the case.</source>
        <translation>客户已确认。新计划已保存到案件。</translation>
    </message>
    <message>
        <source>Code sent to {0}. Tries left: {1}. Codes left to send: {2}.</source>
        <translation>验证码已发送至 {0}。剩余尝试次数：{1}。还可发送：{2} 次。</translation>
    </message>
    <message>
        <source>Waiting for the customer&apos;s code.</source>
        <translation>正在等待客户的验证码。</translation>
    </message>
    <message>
        <source>Sent to a reviewer.</source>
        <translation>已提交审核。</translation>
    </message>
    <message>
        <source>The code was not sent.</source>
        <translation>验证码未发送。</translation>
    </message>
    <message>
        <source>Locked.</source>
        <translation>已锁定。</translation>
    </message>
    <message>
        <source>Expired.</source>
        <translation>已过期。</translation>
    </message>
    <message>
        <source>The call ended.</source>
        <translation>通话已结束。</translation>
    </message>
    <message>
        <source>The code expires in {0}:{1}.</source>
        <translation>验证码将在 {0}:{1} 后过期。</translation>
    </message>
    <message>
        <source>The phone engine is not running.</source>
        <translation>电话引擎未运行。</translation>
    </message>
</context>
<context>
    <name>RecordingPlayerDialog</name>
    <message>
        <source>Recording: {0}</source>
        <translation>录音：{0}</translation>
    </message>
    <message>
        <source>Opening the recording…</source>
        <translation>正在打开录音…</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Both sides are mixed. Recordings cannot be saved or exported from here.</source>
        <translation>双方声音已混合。此处无法保存或导出录音。</translation>
    </message>
    <message>
        <source>Agent and customer, {0} long.</source>
        <translation>坐席与客户，时长 {0}。</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>RulesWarning</name>
    <message>
        <source>The rules loaded before (version {0}) stay in force.</source>
        <translation>之前加载的规则（版本 {0}）继续生效。</translation>
    </message>
    <message>
        <source>No phrase rules are in force: forbidden phrases are not flagged.</source>
        <translation>当前没有生效的话术规则：禁语不会被提醒。</translation>
    </message>
    <message>
        <source>The phrase rules could not be loaded: mistake at {0}.</source>
        <translation>话术规则无法加载：错误位于 {0}。</translation>
    </message>
    <message>
        <source>Details: {0}</source>
        <translation>详情：{0}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Speech</source>
        <translation>语音</translation>
    </message>
    <message>
        <source>Enter the server as &quot;host&quot; or &quot;host:port&quot; (port 1 to 65535).</source>
        <translation>请按“主机”或“主机:端口”格式输入服务器（端口 1–65535）。</translation>
    </message>
    <message>
        <source>SIP account</source>
        <translation>SIP 账号</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>sip.example.com:5060</source>
        <translation>sip.example.com:5060</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Authentication user:</source>
        <translation>认证用户名：</translation>
    </message>
    <message>
        <source>Same as user</source>
        <translation>与用户名相同</translation>
    </message>
    <message>
        <source>Display name:</source>
        <translation>显示名称：</translation>
    </message>
    <message>
        <source>Domain:</source>
        <translation>域：</translation>
    </message>
    <message>
        <source>Same as the server</source>
        <translation>与服务器相同</translation>
    </message>
    <message>
        <source>Register with the server</source>
        <translation>向服务器注册</translation>
    </message>
    <message>
        <source>Leave empty to keep the saved password</source>
        <translation>留空则保留已保存的密码</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Save the password in the system keyring</source>
        <translation>将密码保存到系统密钥环</translation>
    </message>
    <message>
        <source>Connection and security</source>
        <translation>连接与安全</translation>
    </message>
    <message>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Transport:</source>
        <translation>传输协议：</translation>
    </message>
    <message>
        <source>TLS CA file:</source>
        <translation>TLS CA 证书文件：</translation>
    </message>
    <message>
        <source>Verify the server&apos;s certificate</source>
        <translation>验证服务器证书</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Mandatory</source>
        <translation>强制</translation>
    </message>
    <message>
        <source>Media encryption (SRTP):</source>
        <translation>媒体加密（SRTP）：</translation>
    </message>
    <message>
        <source>Outbound proxy:</source>
        <translation>出站代理：</translation>
    </message>
    <message>
        <source>sip:proxy.example.com</source>
        <translation>sip:proxy.example.com</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>CA 证书文件</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书文件 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Auto-answer</source>
        <translation>自动接听</translation>
    </message>
    <message>
        <source>Answer every incoming call automatically</source>
        <translation>自动接听所有来电</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Delay:</source>
        <translation>延迟：</translation>
    </message>
    <message>
        <source>Answer automatically when the caller asks for it (Call-Info)</source>
        <translation>主叫方要求时自动接听（Call-Info）</translation>
    </message>
    <message>
        <source>Beep when a call is answered automatically</source>
        <translation>自动接听时发出提示音</translation>
    </message>
    <message>
        <source>Microphone:</source>
        <translation>麦克风：</translation>
    </message>
    <message>
        <source>Speaker or headset:</source>
        <translation>扬声器或耳机：</translation>
    </message>
    <message>
        <source>Ringer:</source>
        <translation>振铃设备：</translation>
    </message>
    <message>
        <source>Microphone level:</source>
        <translation>麦克风音量：</translation>
    </message>
    <message>
        <source>Test tone</source>
        <translation>播放测试音</translation>
    </message>
    <message>
        <source>{0} (disconnected)</source>
        <translation>{0}（已断开）</translation>
    </message>
    <message>
        <source>Automatic (system language)</source>
        <translation>自动（跟随系统语言）</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Start minimised to the tray</source>
        <translation>启动时最小化到系统托盘</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>接听</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>保持</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转接</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>{0}:</source>
        <translation>{0}：</translation>
    </message>
    <message>
        <source>Choose a key combination, for example Ctrl+Shift+A.</source>
        <translation>请设置组合键，例如 Ctrl+Shift+A。</translation>
    </message>
    <message>
        <source>This key combination cannot be used; choose another one.</source>
        <translation>此组合键不可用，请另选一个。</translation>
    </message>
    <message>
        <source>Already used for &quot;{0}&quot;.</source>
        <translation>已用于“{0}”。</translation>
    </message>
    <message>
        <source>Transcribe calls</source>
        <translation>转写通话</translation>
    </message>
    <message>
        <source>Play a sound when an alert is raised</source>
        <translation>出现提醒时播放提示音</translation>
    </message>
    <message>
        <source>Speech models</source>
        <translation>语音模型</translation>
    </message>
    <message>
        <source>The password could not be saved. Go on without saving it? It will then be used until the softphone is closed.</source>
        <translation>无法保存密码。是否不保存密码继续？密码仅在本次运行期间有效，关闭软电话后需重新输入。</translation>
    </message>
    <message>
        <source>Go on without saving</source>
        <translation>不保存，继续</translation>
    </message>
</context>
<context>
    <name>SpeechModels</name>
    <message>
        <source>A newly chosen model is loaded when you press OK and is used from the next call.</source>
        <translation>新选择的模型在点击“确定”后加载，从下一通电话起使用。</translation>
    </message>
    <message>
        <source>Installing…</source>
        <translation>正在安装…</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Install from file…</source>
        <translation>从文件安装…</translation>
    </message>
    <message>
        <source>Install from folder…</source>
        <translation>从文件夹安装…</translation>
    </message>
    <message>
        <source>Install from URL…</source>
        <translation>从网址安装…</translation>
    </message>
    <message>
        <source>Remove speech model</source>
        <translation>删除语音模型</translation>
    </message>
    <message>
        <source>Remove the speech model &quot;{0}&quot;? Its files are deleted from this computer.</source>
        <translation>删除语音模型“{0}”？其文件将从这台电脑上删除。</translation>
    </message>
    <message>
        <source>Speech model zip file</source>
        <translation>语音模型 zip 文件</translation>
    </message>
    <message>
        <source>Zip files (*.zip);;All files (*)</source>
        <translation>Zip 文件 (*.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Speech model folder</source>
        <translation>语音模型文件夹</translation>
    </message>
    <message>
        <source>No speech model is installed: calls work, without a transcript. Install one with the buttons on the right.</source>
        <translation>未安装语音模型：可以正常通话，但没有转写。请用右侧的按钮安装一个。</translation>
    </message>
    <message>
        <source>Transcription will use &quot;{0}&quot;.</source>
        <translation>转写将使用“{0}”。</translation>
    </message>
    <message>
        <source>&quot;{0}&quot; was removed.</source>
        <translation>已删除“{0}”。</translation>
    </message>
    <message>
        <source>&quot;{0}&quot; was installed. Select it and press Use to transcribe with it.</source>
        <translation>已安装“{0}”。选中它并点击“使用”即可用它转写。</translation>
    </message>
    <message>
        <source>The install was cancelled; nothing was installed.</source>
        <translation>安装已取消，没有安装任何内容。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Installing a speech model</source>
        <translation>正在安装语音模型</translation>
    </message>
    <message>
        <source>Stopping the install…</source>
        <translation>正在停止安装…</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>正在下载…</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <source>Unpacking…</source>
        <translation>正在解压…</translation>
    </message>
    <message>
        <source>Copying…</source>
        <translation>正在复制…</translation>
    </message>
    <message>
        <source>Finishing…</source>
        <translation>正在完成…</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>{0}
{1} of {2} ({3} %)</source>
        <translation>{0}
{1} / {2}（{3}%）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>package</source>
        <translation>软件包</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>✔ in use</source>
        <translation>✔ 使用中</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>{0} MB</source>
        <translation>{0} MB</translation>
    </message>
</context>
<context>
    <name>SupervisionIndicator</name>
    <message>
        <source>● Team lead listening</source>
        <translation>● 组长正在监听</translation>
    </message>
    <message>
        <source>● Team lead whispering to you</source>
        <translation>● 组长正在对您私语</translation>
    </message>
    <message>
        <source>● Team lead in the call</source>
        <translation>● 组长已加入通话</translation>
    </message>
</context>
<context>
    <name>TeamStatus</name>
    <message>
        <source>○ Team lead: connecting…</source>
        <translation>○ 组长：正在连接…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Tell your team lead you are not taking calls</source>
        <translation>告诉组长您暂不接听电话</translation>
    </message>
    <message>
        <source>Team lead</source>
        <translation>组长</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <source>in call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>wrap-up</source>
        <translation>小结中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>(sees you: {0})</source>
        <translation>（组长看到：{0}）</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Take calls again</source>
        <translation>重新开始接听</translation>
    </message>
</context>
<context>
    <name>TranscriptDialog</name>
    <message>
        <source>Transcript of the call</source>
        <translation>通话转写</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>{0} lines</source>
        <translation>共 {0} 句</translation>
    </message>
    <message>
        <source>No transcript was kept for this call.</source>
        <translation>此通话没有保存转写。</translation>
    </message>
</context>
<context>
    <name>TranscriptPane</name>
    <message>
        <source>The live transcript of both sides will appear here.</source>
        <translation>双方通话的实时转写将显示在这里。</translation>
    </message>
    <message>
        <source>Loading the speech model ({0})…</source>
        <translation>正在加载语音模型（{0}）…</translation>
    </message>
    <message>
        <source>The speech model could not be loaded.</source>
        <translation>无法加载语音模型。</translation>
    </message>
    <message>
        <source>No speech model installed: calls work, without a transcript. Install one in Settings → Speech.</source>
        <translation>未安装语音模型：可以正常通话，但没有转写。请在“设置 → 语音”中安装。</translation>
    </message>
    <message>
        <source>Transcription is off (Settings → Speech).</source>
        <translation>转写已关闭（设置 → 语音）。</translation>
    </message>
    <message>
        <source>Simulated transcript (no Chinese speech model): the demo call&apos;s lines come from a script; the alerts, emotion and hints on them are real. For real recognition: Settings → Speech.</source>
        <translation>模拟转写（没有中文语音模型）：演示通话的内容来自脚本，其上的提醒、情绪和提示是真实的。如需真实识别：设置 → 语音。</translation>
    </message>
    <message>
        <source>Speech model ready ({0}, {1}).</source>
        <translation>语音模型已就绪（{0}，{1}）。</translation>
    </message>
    <message>
        <source>The phrase rules are in {0}, so forbidden phrases will not be recognised: choose a {0} model in Settings → Speech.</source>
        <translation>短语规则的语言是{0}，因此无法识别禁用语：请在“设置 → 语音”中选择{0}模型。</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <source>unknown language</source>
        <translation>未知语言</translation>
    </message>
    <message>
        <source>Transcript stopped: {0} The call goes on.</source>
        <translation>转写已停止：{0} 通话继续进行。</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
</context>
<context>
    <name>TranscriptSearch</name>
    <message>
        <source>Search what was said in calls (e.g. 还款)</source>
        <translation>搜索通话中说过的话（如：还款）</translation>
    </message>
    <message>
        <source>{0} places found</source>
        <translation>找到 {0} 处</translation>
    </message>
</context>
<context>
    <name>UrlDialog</name>
    <message>
        <source>Install a speech model from the Internet</source>
        <translation>从互联网安装语音模型</translation>
    </message>
    <message>
        <source>Optional: SHA-256 or MD5 of the zip, checks the download</source>
        <translation>可选：zip 文件的 SHA-256 或 MD5，用于校验下载</translation>
    </message>
    <message>
        <source>Optional: from the file name</source>
        <translation>可选：默认取自文件名</translation>
    </message>
    <message>
        <source>Optional: zh, ko, en… (guessed from the name)</source>
        <translation>可选：zh、ko、en…（默认根据名称推断）</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>网址：</translation>
    </message>
    <message>
        <source>Checksum:</source>
        <translation>校验和：</translation>
    </message>
    <message>
        <source>A SHA-256 has 64 hex digits, an MD5 32.</source>
        <translation>SHA-256 为 64 位十六进制数字，MD5 为 32 位。</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
</context>
<context>
    <name>Wallboard</name>
    <message>
        <source>Team {0}: wallboard</source>
        <translation>团队 {0}：实时看板</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Calls with alerts</source>
        <translation>有告警的通话</translation>
    </message>
    <message>
        <source>Selected call</source>
        <translation>选中的通话</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Today&apos;s numbers</source>
        <translation>今日数据</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Choose a call with alerts to follow it.</source>
        <translation>选择一个有告警的通话进行跟进。</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>监听</translation>
    </message>
    <message>
        <source>Hear both sides; nobody hears you</source>
        <translation>听到双方；没有人听得到您</translation>
    </message>
    <message>
        <source>Whisper</source>
        <translation>私语</translation>
    </message>
    <message>
        <source>Only the agent hears you</source>
        <translation>只有坐席听得到您</translation>
    </message>
    <message>
        <source>Barge</source>
        <translation>插话</translation>
    </message>
    <message>
        <source>Join the call: both hear you</source>
        <translation>加入通话：双方都听得到您</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Listening to {0}</source>
        <translation>正在监听 {0}</translation>
    </message>
    <message>
        <source>Whispering to {0}</source>
        <translation>正在对 {0} 私语</translation>
    </message>
    <message>
        <source>In the call of {0}</source>
        <translation>已加入 {0} 的通话</translation>
    </message>
    <message>
        <source>Connecting to the team server…</source>
        <translation>正在连接团队服务器…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <source>In call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>小结中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>CRITICAL</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>HIGH</source>
        <translation>高</translation>
    </message>
    <message>
        <source>MEDIUM</source>
        <translation>中</translation>
    </message>
    <message>
        <source>LOW</source>
        <translation>低</translation>
    </message>
    <message>
        <source> · customer upset</source>
        <translation> · 客户情绪激动</translation>
    </message>
    <message>
        <source>{0} · {1} · {2} alert(s){3}
{4}: {5}</source>
        <translation>{0} · {1} · {2} 条告警{3}
{4}：{5}</translation>
    </message>
    <message>
        <source> (ended)</source>
        <translation>（已结束）</translation>
    </message>
    <message>
        <source>{0} with {1}{2}</source>
        <translation>{0} 与 {1}{2}</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
</context>
<context>
    <name>WrapUpForm</name>
    <message>
        <source>Promise to pay</source>
        <translation>承诺还款</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已还款</translation>
    </message>
    <message>
        <source>Dispute</source>
        <translation>有异议</translation>
    </message>
    <message>
        <source>Wrong party</source>
        <translation>非本人</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>预约回电</translation>
    </message>
    <message>
        <source>Hardship</source>
        <translation>经济困难</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>通话小结</translation>
    </message>
    <message>
        <source>Required before the next call</source>
        <translation>完成小结后才能进行下一通电话</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Pays on</source>
        <translation>还款日期</translation>
    </message>
    <message>
        <source>Call back at</source>
        <translation>回电时间</translation>
    </message>
    <message>
        <source>Note (what was agreed, what to do next)</source>
        <translation>备注（约定内容、后续跟进）</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Case {0}</source>
        <translation>案件 {0}</translation>
    </message>
    <message>
        <source>No case for this call</source>
        <translation>本次通话没有对应的案件</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>At most the balance</source>
        <translation>不超过剩余应还</translation>
    </message>
</context>
<context>
    <name>_DemoPage</name>
    <message>
        <source>Try the demo</source>
        <translation>试用演示</translation>
    </message>
    <message>
        <source>The demo runs a practice customer on this computer: you can take and make calls without a SIP server. You can connect to your company&apos;s server later in the settings.</source>
        <translation>演示模式会在本机运行一个模拟客户：无需 SIP 服务器即可接听和拨打电话。之后可以在设置中连接公司的服务器。</translation>
    </message>
</context>
<context>
    <name>_IntroPage</name>
    <message>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <source>How do you want to start?</source>
        <translation>您想如何开始？</translation>
    </message>
    <message>
        <source>Connect to my company&apos;s SIP server</source>
        <translation>连接公司的 SIP 服务器</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>试用演示</translation>
    </message>
</context>
<context>
    <name>_ServerPage</name>
    <message>
        <source>Your SIP account</source>
        <translation>您的 SIP 账号</translation>
    </message>
    <message>
        <source>Your administrator gives you these details.</source>
        <translation>这些信息由管理员提供。</translation>
    </message>
    <message>
        <source>sip.example.com:5060</source>
        <translation>sip.example.com:5060</translation>
    </message>
    <message>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Transport:</source>
        <translation>传输协议：</translation>
    </message>
    <message>
        <source>Enter the server as &quot;host&quot; or &quot;host:port&quot; (port 1 to 65535).</source>
        <translation>请按“主机”或“主机:端口”格式输入服务器（端口 1–65535）。</translation>
    </message>
    <message>
        <source>Enter the address of your company&apos;s SIP server.</source>
        <translation>请输入公司 SIP 服务器的地址。</translation>
    </message>
    <message>
        <source>Enter your user name (extension).</source>
        <translation>请输入用户名（分机号）。</translation>
    </message>
</context>
<context>
    <name>_Side</name>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
</context>
<context>
    <name>engine</name>
    <message>
        <source>The recording could not be analysed.</source>
        <translation>无法分析该录音。</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; must be 16-bit PCM, mono or stereo, at 8000 or 16000 Hz (it is {1} channel(s), {2}-bit, {3} Hz).</source>
        <translation>“{0}”必须是 16 位 PCM、单声道或立体声、采样率 8000 或 16000 Hz(该文件为 {1} 声道、{2} 位、{3} Hz)。</translation>
    </message>
    <message>
        <source>Channels are &apos;agent&apos; and &apos;customer&apos;.</source>
        <translation>声道名称只能是 agent(坐席)和 customer(客户)。</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a readable WAV file ({1}).</source>
        <translation>“{0}”不是可读取的 WAV 文件({1})。</translation>
    </message>
    <message>
        <source>A mono recording has one channel: give one name with --channels (agent or customer).</source>
        <translation>单声道录音只有一个声道:请用 --channels 指定一个名称(agent 或 customer)。</translation>
    </message>
    <message>
        <source>The disk is full: the model could not be installed. Free some space and try again; nothing was left half-installed.</source>
        <translation>磁盘已满,无法安装模型。请释放空间后重试;没有留下安装了一半的文件。</translation>
    </message>
    <message>
        <source>The download was interrupted. Run the same install again: it continues where it stopped.</source>
        <translation>下载中断。请再次执行相同的安装,将从中断处继续。</translation>
    </message>
    <message>
        <source>The model file is not the expected one ({0}); it was not installed. Check the address or the copy, and the checksum you gave.</source>
        <translation>模型文件与预期不符({0}),未安装。请检查地址或文件副本,以及您提供的校验值。</translation>
    </message>
    <message>
        <source>The server refused the download (HTTP {0} {1}). Check the address.</source>
        <translation>服务器拒绝下载(HTTP {0} {1})。请检查地址。</translation>
    </message>
    <message>
        <source>The server could not be reached ({0}). Check the address and the network.</source>
        <translation>无法连接服务器({0})。请检查地址和网络。</translation>
    </message>
    <message>
        <source>Transcription is off in the settings.</source>
        <translation>设置中已关闭转写。</translation>
    </message>
    <message>
        <source>No speech model installed: calls work, without a transcript.</source>
        <translation>未安装语音模型:可以正常通话,但没有转写。</translation>
    </message>
    <message>
        <source>Size and checksums apply to zip files and URLs, not to a folder.</source>
        <translation>大小和校验值只适用于 zip 文件和网址,不适用于文件夹。</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <source>The speech model &apos;{0}&apos; is for {1}, but the phrase rules are for {2}: forbidden phrases will not be recognised. Choose a {3} model in Settings or with &apos;agent-softphone model use&apos;.</source>
        <translation>语音模型“{0}”用于{1},而话术规则是{2}的:将无法识别禁语。请在“设置”中或用“agent-softphone model use”选择{3}模型。</translation>
    </message>
    <message>
        <source>The language of the speech model &apos;{0}&apos; is not known, so it may not match the {1} phrase rules. Reinstall it with --language.</source>
        <translation>语音模型“{0}”的语言未知,可能与{1}话术规则不匹配。请用 --language 重新安装。</translation>
    </message>
    <message>
        <source>This is not a Vosk speech model: no folder with am/final.mdl, conf/model.conf and graph/ was found inside. Nothing was installed.</source>
        <translation>这不是 Vosk 语音模型:其中找不到包含 am/final.mdl、conf/model.conf 和 graph/ 的文件夹。未安装任何内容。</translation>
    </message>
    <message>
        <source>A model called &apos;{0}&apos; is already installed. Remove it first, or choose another name with --name.</source>
        <translation>已安装名为“{0}”的模型。请先删除它,或用 --name 另起名称。</translation>
    </message>
    <message>
        <source>The zip file is damaged or incomplete (was the copy or the download cut short?). Nothing was installed.</source>
        <translation>zip 文件已损坏或不完整(复制或下载是否中断?)。未安装任何内容。</translation>
    </message>
    <message>
        <source>The zip file was refused: it holds {0} ({1}), which could write outside the models folder. Nothing was installed.</source>
        <translation>已拒绝该 zip 文件:其中包含 {0}({1}),可能写到模型文件夹之外。未安装任何内容。</translation>
    </message>
    <message>
        <source>There is no speech model called &apos;{0}&apos;. Installed: {1}.</source>
        <translation>没有名为“{0}”的语音模型。已安装:{1}。</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a zip file, a model folder or an http(s) address.</source>
        <translation>“{0}”不是 zip 文件、模型文件夹或 http(s) 地址。</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a language code; use e.g. zh, ko or en.</source>
        <translation>“{0}”不是语言代码;请使用 zh、ko 或 en 等。</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; comes with a Python package; uninstall the package to remove it.</source>
        <translation>“{0}”随 Python 软件包安装;请卸载该软件包来删除它。</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; cannot be a model name: use letters, digits, &apos;.&apos;, &apos;-&apos; and &apos;_&apos; (give one with --name).</source>
        <translation>“{0}”不能作为模型名称:请使用字母、数字、“.”、“-”和“_”(用 --name 指定)。</translation>
    </message>
    <message>
        <source>The zip file is encrypted or packed in a way that cannot be read; nothing was installed.</source>
        <translation>zip 文件已加密或采用无法读取的压缩方式;未安装任何内容。</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; could not be removed: {1}.</source>
        <translation>无法删除“{0}”:{1}。</translation>
    </message>
    <message>
        <source>The model could not be written: {0}.</source>
        <translation>无法写入模型:{0}。</translation>
    </message>
    <message>
        <source>The choice of model could not be saved ({0}); the previous choice stays.</source>
        <translation>无法保存模型选择({0});仍使用之前的选择。</translation>
    </message>
    <message>
        <source>The speech model is not available.</source>
        <translation>语音模型不可用。</translation>
    </message>
    <message>
        <source>Transcription of the agent side stopped after an error; the call goes on.</source>
        <translation>坐席一侧的转写因出错而停止;通话继续。</translation>
    </message>
    <message>
        <source>Transcription of the customer side stopped after an error; the call goes on.</source>
        <translation>客户一侧的转写因出错而停止;通话继续。</translation>
    </message>
    <message>
        <source>No speech model is installed; calls work, but without a transcript. Install one in the settings.</source>
        <translation>未安装语音模型;可以正常通话,但没有转写。请在设置中安装。</translation>
    </message>
    <message>
        <source>The speech model “{0}” is missing from this computer; calls work, but without a transcript. Install it again.</source>
        <translation>本机上找不到语音模型“{0}”;可以正常通话,但没有转写。请重新安装。</translation>
    </message>
    <message>
        <source>There is not enough memory for the speech model; calls work, but without a transcript.</source>
        <translation>内存不足,无法加载语音模型;可以正常通话,但没有转写。</translation>
    </message>
    <message>
        <source>The speech model “{0}” is damaged or incomplete; calls work, but without a transcript. Install the model again.</source>
        <translation>语音模型“{0}”已损坏或不完整;可以正常通话,但没有转写。请重新安装该模型。</translation>
    </message>
    <message>
        <source>The phrase rules have a mistake at {0}: {1}. The rules loaded before (version {2}) stay in force.</source>
        <translation>话术规则在 {0} 处有错误:{1}。之前加载的规则(版本 {2})继续生效。</translation>
    </message>
    <message>
        <source>The phrase rules have a mistake at {0}: {1}. No phrase rules are in force.</source>
        <translation>话术规则在 {0} 处有错误:{1}。目前没有生效的话术规则。</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; must be a non-empty text</source>
        <translation>“{0}”必须是非空文本</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is {1}; allowed: {2}</source>
        <translation>“{0}”的值为 {1};允许的值:{2}</translation>
    </message>
    <message>
        <source>&apos;phrases&apos; must be a non-empty list of texts</source>
        <translation>“phrases”必须是非空的文本列表</translation>
    </message>
    <message>
        <source>unknown field {0}</source>
        <translation>未知字段 {0}</translation>
    </message>
    <message>
        <source>a [[rule]] must be a table</source>
        <translation>[[rule]] 必须是表</translation>
    </message>
    <message>
        <source>id {0} may hold only a-z, 0-9, &apos;_&apos;, &apos;.&apos; and &apos;-&apos;</source>
        <translation>id {0} 只能包含 a-z、0-9、“_”、“.”和“-”</translation>
    </message>
    <message>
        <source>a [[cue]] must be a table</source>
        <translation>[[cue]] 必须是表</translation>
    </message>
    <message>
        <source>&apos;weight&apos; must be a number above 0 and at most 1</source>
        <translation>“weight”必须是大于 0 且不超过 1 的数</translation>
    </message>
    <message>
        <source>unexpected table or key {0} (only [[{1}]] belongs here)</source>
        <translation>意外的表或键 {0}(此处只能有 [[{1}]])</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; must be written as [[{1}]] tables</source>
        <translation>“{0}”必须写成 [[{1}]] 表</translation>
    </message>
    <message>
        <source>no pack.toml in {0}</source>
        <translation>{0} 中没有 pack.toml</translation>
    </message>
    <message>
        <source>needs a [pack] table with language, version and name</source>
        <translation>需要包含 language、version 和 name 的 [pack] 表</translation>
    </message>
    <message>
        <source>language {0} differs from the folder name {1}</source>
        <translation>语言 {0} 与文件夹名 {1} 不一致</translation>
    </message>
    <message>
        <source>the pack has no [[rule]]</source>
        <translation>规则包中没有 [[rule]]</translation>
    </message>
    <message>
        <source>phrase {0} expands to more than {1} variants</source>
        <translation>短语 {0} 展开后超过 {1} 种变体</translation>
    </message>
    <message>
        <source>phrase {0} has a gap at an end or two gaps together</source>
        <translation>短语 {0} 的开头或结尾有间隔符,或有两个相连的间隔符</translation>
    </message>
    <message>
        <source>phrase {0} is shorter than 2 characters</source>
        <translation>短语 {0} 少于 2 个字</translation>
    </message>
    <message>
        <source>not UTF-8 text ({0})</source>
        <translation>不是 UTF-8 文本({0})</translation>
    </message>
    <message>
        <source>cannot read: {0}</source>
        <translation>无法读取:{0}</translation>
    </message>
    <message>
        <source>not valid TOML: {0}</source>
        <translation>不是有效的 TOML:{0}</translation>
    </message>
    <message>
        <source>unbalanced {0} in phrase {1}</source>
        <translation>短语 {1} 中的 {0} 不成对</translation>
    </message>
    <message>
        <source>empty alternative in phrase {0}</source>
        <translation>短语 {0} 中有空的候选项</translation>
    </message>
    <message>
        <source>unexpected {0} in phrase {1}</source>
        <translation>短语 {1} 中出现意外的 {0}</translation>
    </message>
    <message>
        <source>id {0} is used twice (also at {1})</source>
        <translation>id {0} 重复使用(另见 {1})</translation>
    </message>
    <message>
        <source>The sound device “{0}” is not connected.</source>
        <translation>音频设备“{0}”未连接。</translation>
    </message>
    <message>
        <source>The sound system library (PortAudio) is missing. On Debian: apt-get install libportaudio2.</source>
        <translation>缺少声音系统库(PortAudio)。Debian 上请执行:apt-get install libportaudio2。</translation>
    </message>
    <message>
        <source>The list of sound devices could not be read.</source>
        <translation>无法读取音频设备列表。</translation>
    </message>
    <message>
        <source>The {0} device “{1}” could not be opened.</source>
        <translation>无法打开{0}设备“{1}”。</translation>
    </message>
    <message>
        <source>The test tone could not be played on “{0}”.</source>
        <translation>无法在“{0}”上播放测试音。</translation>
    </message>
    <message>
        <source>There is no speech model called &apos;{0}&apos;.</source>
        <translation>没有名为“{0}”的语音模型。</translation>
    </message>
    <message>
        <source>No speech model is installed.</source>
        <translation>未安装语音模型。</translation>
    </message>
    <message>
        <source>The phone engine did not answer in time.</source>
        <translation>电话引擎未及时响应。</translation>
    </message>
    <message>
        <source>The phone engine is already running in this program.</source>
        <translation>电话引擎已在本程序中运行。</translation>
    </message>
    <message>
        <source>The phone engine did not start in time.</source>
        <translation>电话引擎未能及时启动。</translation>
    </message>
    <message>
        <source>Sound devices are switched off in the settings.</source>
        <translation>设置中已关闭音频设备。</translation>
    </message>
    <message>
        <source>The phone engine is not running.</source>
        <translation>电话引擎未运行。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>The connection to the phone server was lost; reconnecting…</source>
        <translation>与电话服务器的连接已断开,正在重新连接…</translation>
    </message>
    <message>
        <source>The call could not be answered.</source>
        <translation>无法接听该通话。</translation>
    </message>
    <message>
        <source>The call could not be rejected.</source>
        <translation>无法拒接该通话。</translation>
    </message>
    <message>
        <source>The call could not be ended.</source>
        <translation>无法挂断该通话。</translation>
    </message>
    <message>
        <source>The call could not be put on hold.</source>
        <translation>无法保持该通话。</translation>
    </message>
    <message>
        <source>The call could not be taken off hold.</source>
        <translation>无法恢复该通话。</translation>
    </message>
    <message>
        <source>The keypad digits could not be sent.</source>
        <translation>无法发送按键。</translation>
    </message>
    <message>
        <source>The call could not be transferred.</source>
        <translation>无法转接该通话。</translation>
    </message>
    <message>
        <source>The calls could not be connected.</source>
        <translation>无法接通这两路通话。</translation>
    </message>
    <message>
        <source>No phone server is configured for sign-in.</source>
        <translation>尚未配置用于登录的电话服务器。</translation>
    </message>
    <message>
        <source>The phone server does not answer. Still trying; check the server address and the network.</source>
        <translation>电话服务器没有响应,仍在重试;请检查服务器地址和网络。</translation>
    </message>
    <message>
        <source>No account is set up.</source>
        <translation>尚未设置账号。</translation>
    </message>
    <message>
        <source>“{0}” is not a valid number or SIP address.</source>
        <translation>“{0}”不是有效的号码或 SIP 地址。</translation>
    </message>
    <message>
        <source>That call has already ended.</source>
        <translation>该通话已结束。</translation>
    </message>
    <message>
        <source>A call can be rejected as busy (486) or declined (603).</source>
        <translation>拒接只能选择“忙”(486)或“拒绝”(603)。</translation>
    </message>
    <message>
        <source>Keypad digits are 0-9, * and #.</source>
        <translation>按键只能是 0-9、* 和 #。</translation>
    </message>
    <message>
        <source>The account settings are not valid.</source>
        <translation>账号设置无效。</translation>
    </message>
    <message>
        <source>The call could not be placed. Check the number.</source>
        <translation>无法拨出该电话。请检查号码。</translation>
    </message>
    <message>
        <source>An internal error occurred.</source>
        <translation>发生内部错误。</translation>
    </message>
    <message>
        <source>The recording holds no audio: nothing to analyze.</source>
        <translation>录音中没有音频：没有可分析的内容。</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is empty (0 bytes): nothing to analyze.</source>
        <translation>“{0}”是空文件（0 字节）：没有可分析的内容。</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; holds no audio (a WAV header without samples): nothing to analyze.</source>
        <translation>“{0}”中没有音频（只有 WAV 文件头，没有采样）：没有可分析的内容。</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not the official {1} ({2}): the copy is incomplete or altered, and nothing was installed. Copy it again from {3}.</source>
        <translation>“{0}”不是官方的 {1}（{2}）：文件不完整或被改动过，未安装任何内容。请从 {3} 重新复制。</translation>
    </message>
    <message>
        <source>There is no recording of call {0}.</source>
        <translation>没有通话 {0} 的录音。</translation>
    </message>
    <message>
        <source>The recording of call {0} holds no audio: nothing to analyze.</source>
        <translation>通话 {0} 的录音中没有音频：没有可分析的内容。</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is empty: nothing to analyze.</source>
        <translation>“{0}”是空文件：没有可分析的内容。</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; holds no utterance lines (&apos;agent: ...&apos; or &apos;customer: ...&apos;), only blank or comment lines: nothing to analyze.</source>
        <translation>“{0}”中没有话语行（“agent: ...”或“customer: ...”，也可写“坐席：”/“客户：”），只有空行或注释行：没有可分析的内容。</translation>
    </message>
    <message>
        <source>The audit log verifies: {0} entries, none changed, removed or reordered.</source>
        <translation>审计日志校验通过：共 {0} 条，无修改、删除或顺序调整。</translation>
    </message>
    <message>
        <source>The audit log does not verify: {0}</source>
        <translation>审计日志校验未通过：{0}</translation>
    </message>
    <message>
        <source>The last day is before the first day.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <source>The export could not be written: {0}</source>
        <translation>导出文件无法写入：{0}</translation>
    </message>
    <message>
        <source>{0} entries written to {1}.</source>
        <translation>已将 {0} 条记录写入 {1}。</translation>
    </message>
    <message>
        <source>{0} Cases are not imported without encryption.</source>
        <translation>{0} 案件无法加密，因此不予导入。</translation>
    </message>
    <message>
        <source>{0} rows read: {1} cases added, {2} updated, {3} rows refused</source>
        <translation>已读取 {0} 行：新增 {1} 个案件，更新 {2} 个，拒绝 {3} 行</translation>
    </message>
    <message>
        <source>row {0} ({1}): {2}</source>
        <translation>第 {0} 行（{1}）：{2}</translation>
    </message>
    <message>
        <source>row {0}: {1}</source>
        <translation>第 {0} 行：{1}</translation>
    </message>
    <message>
        <source>Not a date (YYYY-MM-DD): {0}</source>
        <translation>不是日期（YYYY-MM-DD）：{0}</translation>
    </message>
    <message>
        <source>No pending review {0}.</source>
        <translation>没有待审核的 {0}。</translation>
    </message>
    <message>
        <source>Review {0}: {1}.</source>
        <translation>审核 {0}：{1}。</translation>
    </message>
    <message>
        <source>The audit log cannot be written, so this action is not allowed now.</source>
        <translation>审计日志无法写入，因此现在不能执行此操作。</translation>
    </message>
    <message>
        <source>Entry {0} of the audit log is missing (the next one is {1}).</source>
        <translation>审计日志第 {0} 条缺失（下一条为第 {1} 条）。</translation>
    </message>
    <message>
        <source>Entry {0} of the audit log was changed, moved or put in from elsewhere.</source>
        <translation>审计日志第 {0} 条被修改、移动或从别处插入。</translation>
    </message>
    <message>
        <source>The audit log&apos;s last entry is not on record in the password store; the log cannot be trusted.</source>
        <translation>密码库中没有审计日志最后一条的记录；该日志不可信。</translation>
    </message>
    <message>
        <source>Entries {0} to {1} were removed from the end of the audit log.</source>
        <translation>审计日志末尾的第 {0} 至 {1} 条已被删除。</translation>
    </message>
    <message>
        <source>The audit log needs this computer&apos;s password store, and none is available.</source>
        <translation>审计日志需要本机的密码库，但当前没有可用的密码库。</translation>
    </message>
    <message>
        <source>The audit log&apos;s key in the password store is damaged; ask your administrator.</source>
        <translation>密码库中的审计日志密钥已损坏，请联系管理员。</translation>
    </message>
    <message>
        <source>The contact ledger cannot be reached ({0}), so the calling rules cannot be checked. Ask your administrator.</source>
        <translation>无法连接联系记录库（{0}），因此无法核对外呼规则。请联系管理员。</translation>
    </message>
    <message>
        <source>The PostgreSQL driver is not installed (pip install &apos;agent-softphone[team]&apos;).</source>
        <translation>未安装 PostgreSQL 驱动（pip install &apos;agent-softphone[team]&apos;）。</translation>
    </message>
    <message>
        <source>There is no time zone called {0}.</source>
        <translation>不存在名为 {0} 的时区。</translation>
    </message>
    <message>
        <source>The calling-rules policy {0} cannot be read ({1}); the built-in rules apply.</source>
        <translation>无法读取外呼规则策略文件 {0}（{1}），改用内置规则。</translation>
    </message>
    <message>
        <source>The calling-rules policy {0} could have been changed by someone other than the administrator, so it is not used; the built-in rules apply.</source>
        <translation>外呼规则策略文件 {0} 可能被管理员以外的人改动过，因此不予采用，改用内置规则。</translation>
    </message>
    <message>
        <source>The calling-rules policy {0} has a mistake: {1}. The built-in rules apply.</source>
        <translation>外呼规则策略文件 {0} 有误：{1}。改用内置规则。</translation>
    </message>
    <message>
        <source>Allowed.</source>
        <translation>允许。</translation>
    </message>
    <message>
        <source>Not dialled: this number belongs to a third party (a contact of the customer), who is never called.</source>
        <translation>未拨出：该号码属于第三方（客户的联系人），不得拨打。</translation>
    </message>
    <message>
        <source>Not dialled: this number is on the do-not-contact list.</source>
        <translation>未拨出：该号码在勿扰名单中。</translation>
    </message>
    <message>
        <source>Not dialled: it is {0} for the customer, outside the calling hours {1} to {2}. Next allowed: {3}.</source>
        <translation>未拨出：客户当地时间为 {0}，不在外呼时段 {1} 至 {2} 内。下次可拨打时间：{3}。</translation>
    </message>
    <message>
        <source>Not dialled: the customer asked not to be called for now. Next allowed: {0}.</source>
        <translation>未拨出：客户要求暂时不要来电。下次可拨打时间：{0}。</translation>
    </message>
    <message>
        <source>Not dialled: another call to this customer (a colleague&apos;s or the voice bot&apos;s) is not finished.</source>
        <translation>未拨出：另一通打给该客户的电话（同事或语音机器人）尚未结束。</translation>
    </message>
    <message>
        <source>Not dialled: the customer has had {0} effective conversations today, the most allowed. Next allowed: {1}.</source>
        <translation>未拨出：该客户今日已有 {0} 次有效通话，已达上限。下次可拨打时间：{1}。</translation>
    </message>
    <message>
        <source>Not dialled: this number went unanswered {0} times today, the most allowed. Next allowed: {1}.</source>
        <translation>未拨出：该号码今日已有 {0} 次未接通，已达上限。下次可拨打时间：{1}。</translation>
    </message>
    <message>
        <source>Not dialled: the contact ledger cannot be reached, so the calling rules cannot be checked. Ask your administrator.</source>
        <translation>未拨出：无法连接联系记录库，无法核对外呼规则。请联系管理员。</translation>
    </message>
    <message>
        <source>{0} the customer&apos;s time ({1})</source>
        <translation>客户当地时间 {0}（{1}）</translation>
    </message>
    <message>
        <source>The customer confirmed the plan with the code.</source>
        <translation>客户已用验证码确认计划。</translation>
    </message>
    <message>
        <source>The code is not right. Tries left: {0}.</source>
        <translation>验证码不正确。剩余尝试次数：{0}。</translation>
    </message>
    <message>
        <source>Too many wrong codes: this plan change is locked.</source>
        <translation>验证码错误次数过多：本次计划变更已锁定。</translation>
    </message>
    <message>
        <source>The code has expired. Send a new code.</source>
        <translation>验证码已过期，请重新发送。</translation>
    </message>
    <message>
        <source>This code was used already. Send a new code.</source>
        <translation>该验证码已使用过，请重新发送。</translation>
    </message>
    <message>
        <source>The plan changed after the code was sent. Send a new code.</source>
        <translation>发送验证码后计划已更改，请重新发送验证码。</translation>
    </message>
    <message>
        <source>That code was sent on another call; it cannot confirm this one.</source>
        <translation>该验证码是在另一通电话中发送的，不能确认本次通话的计划。</translation>
    </message>
    <message>
        <source>No code has been sent on this call.</source>
        <translation>本次通话尚未发送验证码。</translation>
    </message>
    <message>
        <source>This plan change is locked after too many wrong codes.</source>
        <translation>验证码错误次数过多，本次计划变更已锁定。</translation>
    </message>
    <message>
        <source>{0} codes were sent on this call already; no more can be sent.</source>
        <translation>本次通话已发送 {0} 次验证码，不能再发送。</translation>
    </message>
    <message>
        <source>A new code can be sent in {0} s.</source>
        <translation>{0} 秒后可重新发送验证码。</translation>
    </message>
    <message>
        <source>Customer cases need the password store (keyring) to be encrypted; none are shown.</source>
        <translation>客户案件需要用密码库（keyring）加密，因此不显示任何案件。</translation>
    </message>
    <message>
        <source>No case was found for this call. Search by case id, contract no., name or last 4 digits.</source>
        <translation>未找到本次通话对应的案件。请按案件编号、合同编号、姓名或后 4 位搜索。</translation>
    </message>
    <message>
        <source>Finish the wrap-up of the last call before the next call.</source>
        <translation>请先完成上一通电话的通话小结，再进行下一通电话。</translation>
    </message>
    <message>
        <source>The wrap-up has mistakes to fix; nothing was stored.</source>
        <translation>通话小结中有需要修改的错误，未保存任何内容。</translation>
    </message>
    <message>
        <source>{0} cases match this call: choose one.</source>
        <translation>有 {0} 个案件与本次通话匹配，请选择一个。</translation>
    </message>
    <message>
        <source>The customer system cannot be reached. Check the network connection, or ask your supervisor whether the customer system is down.</source>
        <translation>无法连接客户系统。请检查网络连接，或向主管确认客户系统是否出现故障。</translation>
    </message>
    <message>
        <source>The customer system sent a garbled answer that is not valid data.</source>
        <translation>客户系统返回了乱码，不是有效数据。</translation>
    </message>
    <message>
        <source>The customer system sent data that cannot be read.</source>
        <translation>客户系统返回的数据无法读取。</translation>
    </message>
    <message>
        <source>The address of the customer system in the settings (cases.http_url) is not valid: it must start with http:// or https://.</source>
        <translation>设置中的客户系统地址（cases.http_url）无效：必须以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <source>The customer system is too slow: it did not answer within {0} seconds.</source>
        <translation>客户系统响应过慢：{0} 秒内没有应答。</translation>
    </message>
    <message>
        <source>The customer system has a problem of its own (server error {0}). Try again in a moment.</source>
        <translation>客户系统自身出现问题（服务器错误 {0}）。请稍后重试。</translation>
    </message>
    <message>
        <source>The customer system refused access: the access token is wrong or missing. Ask your administrator to save the right token in this computer&apos;s password store (keyring) as entry “{0}” of service “{1}”, for example with: keyring set {1} {0}</source>
        <translation>客户系统拒绝访问：访问令牌错误或缺失。请管理员将正确的令牌保存到本机密码库（keyring）中服务“{1}”的条目“{0}”下，例如执行：keyring set {1} {0}</translation>
    </message>
    <message>
        <source>The customer system refused the request (error {0}).</source>
        <translation>客户系统拒绝了请求（错误 {0}）。</translation>
    </message>
    <message>
        <source>The ID number must have 18 characters; this one has {0}.</source>
        <translation>身份证号必须为 18 位，此号码为 {0} 位。</translation>
    </message>
    <message>
        <source>The ID number may hold only digits, and an X as its last character.</source>
        <translation>身份证号只能包含数字，最后一位可以是 X。</translation>
    </message>
    <message>
        <source>The birth date in the ID number {0} is not a real date.</source>
        <translation>身份证号 {0} 中的出生日期不是有效日期。</translation>
    </message>
    <message>
        <source>The ID number&apos;s check digit is wrong ({0}): a digit was probably mistyped.</source>
        <translation>身份证号的校验位错误（{0}）：可能输错了某一位数字。</translation>
    </message>
    <message>
        <source>The case list could not be read.</source>
        <translation>无法读取案件清单。</translation>
    </message>
    <message>
        <source>The case list {0} is empty.</source>
        <translation>案件清单 {0} 是空的。</translation>
    </message>
    <message>
        <source>Old Excel files (.xls) cannot be read: open {0} in Excel and save it as .xlsx.</source>
        <translation>无法读取旧版 Excel 文件（.xls）：请在 Excel 中打开 {0}，另存为 .xlsx。</translation>
    </message>
    <message>
        <source>{0} is not a case list: only .xlsx and .csv files can be imported.</source>
        <translation>{0} 不是案件清单：只能导入 .xlsx 和 .csv 文件。</translation>
    </message>
    <message>
        <source>The file {0} does not exist.</source>
        <translation>文件 {0} 不存在。</translation>
    </message>
    <message>
        <source>{0} is neither UTF-8 nor GBK text: save it from Excel as “CSV UTF-8”, or as .xlsx.</source>
        <translation>{0} 既不是 UTF-8 也不是 GBK 文本：请在 Excel 中另存为“CSV UTF-8”或 .xlsx。</translation>
    </message>
    <message>
        <source>The file {0} could not be read: it is damaged or not a spreadsheet.</source>
        <translation>无法读取文件 {0}：文件已损坏或不是电子表格。</translation>
    </message>
    <message>
        <source>The case list has no column for: {0}. Its first row must name the columns (see docs/cases.md).</source>
        <translation>案件清单缺少以下列：{0}。第一行必须是列名（见 docs/cases.md）。</translation>
    </message>
    <message>
        <source>The case id is empty.</source>
        <translation>案件编号为空。</translation>
    </message>
    <message>
        <source>The customer&apos;s name is empty.</source>
        <translation>客户姓名为空。</translation>
    </message>
    <message>
        <source>The case id {0} is already used for another customer (row {1}).</source>
        <translation>案件编号 {0} 已被另一位客户使用（第 {1} 行）。</translation>
    </message>
    <message>
        <source>The number was saved in scientific notation (like 1.38E+10) and has lost digits: format the column as text in Excel and export the list again.</source>
        <translation>号码被保存成了科学计数法（如 1.38E+10），已丢失数字：请在 Excel 中将该列设为文本格式，然后重新导出清单。</translation>
    </message>
    <message>
        <source>The ID number was stored as a number in Excel and has lost digits: format the column as text and export the list again.</source>
        <translation>身份证号在 Excel 中被存成了数值，已丢失数字：请将该列设为文本格式，然后重新导出清单。</translation>
    </message>
    <message>
        <source>The card number was stored as a number in Excel and has lost digits: format the column as text and export the list again.</source>
        <translation>银行卡号在 Excel 中被存成了数值，已丢失数字：请将该列设为文本格式，然后重新导出清单。</translation>
    </message>
    <message>
        <source>The card number may hold only digits.</source>
        <translation>银行卡号只能包含数字。</translation>
    </message>
    <message>
        <source>A phone number may hold only digits, spaces, + and -.</source>
        <translation>电话号码只能包含数字、空格、+ 和 -。</translation>
    </message>
    <message>
        <source>A phone number must have 5 to 15 digits; this one has {0}.</source>
        <translation>电话号码必须为 5 到 15 位数字，此号码为 {0} 位。</translation>
    </message>
    <message>
        <source>The relation is not a known one: write 配偶, 父母, 子女, 兄弟姐妹, 亲属, 朋友, 同事, 单位 or 其他 (or spouse, parent, child, sibling, relative, friend, colleague, employer, other).</source>
        <translation>无法识别的联系人关系：请填写配偶、父母、子女、兄弟姐妹、亲属、朋友、同事、单位或其他（也可填写 spouse、parent、child、sibling、relative、friend、colleague、employer、other）。</translation>
    </message>
    <message>
        <source>“{0}” is not a number.</source>
        <translation>“{0}”不是数字。</translation>
    </message>
    <message>
        <source>The amount {0} is negative; amounts must be 0 or more.</source>
        <translation>金额 {0} 为负数；金额必须大于或等于 0。</translation>
    </message>
    <message>
        <source>“{0}” is not an annual interest rate (write 18%, 0.18 or 18).</source>
        <translation>“{0}”不是年利率（请写成 18%、0.18 或 18）。</translation>
    </message>
    <message>
        <source>“{0}” is not a whole number of 0 or more.</source>
        <translation>“{0}”不是大于或等于 0 的整数。</translation>
    </message>
    <message>
        <source>“{0}” is not a number of days.</source>
        <translation>“{0}”不是有效的天数。</translation>
    </message>
    <message>
        <source>“{0}” is not a known overdue stage (M0, M1, M2, M3+; M3 to M6 count as M3+).</source>
        <translation>“{0}”不是可识别的逾期阶段（M0、M1、M2、M3+；M3 至 M6 均计为 M3+）。</translation>
    </message>
    <message>
        <source>“{0}” is not a time zone (write it as Asia/Shanghai).</source>
        <translation>“{0}”不是时区（请写成 Asia/Shanghai 的形式）。</translation>
    </message>
    <message>
        <source>“{0}” is neither yes nor no (是/否, yes/no, 1/0).</source>
        <translation>“{0}”既不是“是”也不是“否”（是/否、yes/no、1/0）。</translation>
    </message>
    <message>
        <source>“{0}” is not a date (write it as 2026-11-20).</source>
        <translation>“{0}”不是日期（请按 2026-11-20 的格式填写）。</translation>
    </message>
    <message>
        <source>{0} is not a real date.</source>
        <translation>{0} 不是有效日期。</translation>
    </message>
    <message>
        <source>The customer spoke of a complaint in this call: listen, do not argue, and give the complaint channels.</source>
        <translation>客户在本次通话中提到投诉：请耐心倾听，不要争辩，并告知投诉渠道。</translation>
    </message>
    <message>
        <source>The customer is marked vulnerable (illness, old age or hardship on record): handle with care.</source>
        <translation>该客户被标记为弱势客户（有疾病、高龄或经济困难记录）：请谨慎沟通。</translation>
    </message>
    <message>
        <source>The customer spoke of financial hardship in this call: offer a plan they can afford.</source>
        <translation>客户在本次通话中提到经济困难：请提供客户能够承受的还款方案。</translation>
    </message>
    <message>
        <source>Complaints on record: {0}.</source>
        <translation>投诉记录：{0} 次。</translation>
    </message>
    <message>
        <source>{0} promises to pay broken in the last {1} days.</source>
        <translation>最近 {1} 天内有 {0} 次承诺还款未兑现。</translation>
    </message>
    <message>
        <source>Owes {0} lenders at once (multi-lender borrowing).</source>
        <translation>同时在 {0} 家机构有欠款（多头借贷）。</translation>
    </message>
    <message>
        <source>None of the {0} numbers on file is the customer&apos;s own that may be called: do not speak of the debt to anyone else.</source>
        <translation>档案中的 {0} 个号码都不是可拨打的客户本人号码：不得向其他任何人透露债务信息。</translation>
    </message>
    <message>
        <source>The call scripts could not be loaded; no script is shown.</source>
        <translation>无法加载阶段话术，因此不显示话术。</translation>
    </message>
    <message>
        <source>unexpected table or key {0} (only [[script]] and [[variant]] belong here)</source>
        <translation>意外的表或键 {0}（此处只能有 [[script]] 和 [[variant]]）</translation>
    </message>
    <message>
        <source>a [[{0}]] must be a table</source>
        <translation>[[{0}]] 必须是表</translation>
    </message>
    <message>
        <source>missing field {0}</source>
        <translation>缺少字段 {0}</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; must be a list of non-empty texts</source>
        <translation>“{0}”必须是非空文本的列表</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; has {1} entries; it needs {2} to {3}</source>
        <translation>“{0}”有 {1} 项；需要 {2} 到 {3} 项</translation>
    </message>
    <message>
        <source>a bucket belongs to stage M1 only, not {0}</source>
        <translation>账龄段只适用于逾期阶段 M1，不适用于 {0}</translation>
    </message>
    <message>
        <source>keyword {0} has no letters or digits</source>
        <translation>关键词 {0} 不含字母或数字</translation>
    </message>
    <message>
        <source>name {0} may hold only a-z, 0-9, &apos;_&apos;, &apos;.&apos; and &apos;-&apos;</source>
        <translation>名称 {0} 只能包含 a-z、0-9、“_”、“.”和“-”</translation>
    </message>
    <message>
        <source>a script for {0} is written twice (also at {1})</source>
        <translation>{0} 的话术重复定义（另见 {1}）</translation>
    </message>
    <message>
        <source>the variant {0} is written twice (also at {1})</source>
        <translation>变体 {0} 重复定义（另见 {1}）</translation>
    </message>
    <message>
        <source>the folder has no [[script]]</source>
        <translation>文件夹中没有 [[script]]</translation>
    </message>
    <message>
        <source>The customer system cannot be reached; the last saved copy is shown.</source>
        <translation>无法连接客户系统，显示的是上次保存的数据。</translation>
    </message>
    <message>
        <source>The customer system did not answer.</source>
        <translation>客户系统没有响应。</translation>
    </message>
    <message>
        <source>No case was found.</source>
        <translation>未找到案件。</translation>
    </message>
    <message>
        <source>A promise to pay needs the day the customer will pay.</source>
        <translation>承诺还款需要填写客户的还款日期。</translation>
    </message>
    <message>
        <source>The promise date {0} is in the past.</source>
        <translation>承诺还款日期 {0} 已经过去。</translation>
    </message>
    <message>
        <source>The promise date {0} is more than {1} days ahead; the latest allowed is {2}.</source>
        <translation>承诺还款日期 {0} 超出了 {1} 天的期限；最晚只能是 {2}。</translation>
    </message>
    <message>
        <source>A promise to pay needs the amount.</source>
        <translation>承诺还款需要填写金额。</translation>
    </message>
    <message>
        <source>The promised amount must be more than 0.</source>
        <translation>承诺还款金额必须大于 0。</translation>
    </message>
    <message>
        <source>The promised amount of {0} yuan is more than the balance of {1} yuan.</source>
        <translation>承诺还款金额 {0} 元超过了剩余应还 {1} 元。</translation>
    </message>
    <message>
        <source>A callback needs the time to call back.</source>
        <translation>预约回电需要填写回电时间。</translation>
    </message>
    <message>
        <source>The callback time must be in the future.</source>
        <translation>回电时间必须晚于当前时间。</translation>
    </message>
    <message>
        <source>A promise date or amount is filled in, but the call is not recorded as a promise to pay: clear them or choose promise to pay.</source>
        <translation>已填写承诺还款日期或金额，但处理结果不是“承诺还款”：请清空这些内容，或选择“承诺还款”。</translation>
    </message>
    <message>
        <source>The note has {0} characters; at most {1} are allowed.</source>
        <translation>备注有 {0} 个字，最多允许 {1} 个字。</translation>
    </message>
    <message>
        <source>The lead&apos;s demo needs the Mosquitto broker: on Debian, apt-get install mosquitto (installer/setup.sh does it).</source>
        <translation>组长演示需要 Mosquitto 消息服务器：Debian 上执行 apt-get install mosquitto（installer/setup.sh 会安装）。</translation>
    </message>
    <message>
        <source>The lead&apos;s demo broker did not start.</source>
        <translation>组长演示的消息服务器未能启动。</translation>
    </message>
    <message>
        <source>The other side does not accept keypad tones.</source>
        <translation>对方不接受按键音。</translation>
    </message>
    <message>
        <source>Something went wrong in the softphone.</source>
        <translation>软电话出现了问题。</translation>
    </message>
    <message>
        <source>The settings are not valid.</source>
        <translation>设置无效。</translation>
    </message>
    <message>
        <source>The password store of this computer could not be used.</source>
        <translation>无法使用本机的密码库。</translation>
    </message>
    <message>
        <source>This computer has no password store (keyring). You can go on without saving the password and enter it each time, or set the password environment variable named in the settings.</source>
        <translation>本机没有密码库(keyring)。您可以不保存密码继续,每次输入;或设置“设置”中指定的密码环境变量。</translation>
    </message>
    <message>
        <source>The call history could not be saved or read.</source>
        <translation>无法保存或读取通话记录。</translation>
    </message>
    <message>
        <source>The disk is full: the call history cannot be written. Free some space; nothing already saved was lost.</source>
        <translation>磁盘已满,无法写入通话记录。请释放空间;已保存的内容没有丢失。</translation>
    </message>
    <message>
        <source>The phone server refused the request.</source>
        <translation>电话服务器拒绝了该请求。</translation>
    </message>
    <message>
        <source>The headset or sound device could not be used.</source>
        <translation>无法使用耳机或音频设备。</translation>
    </message>
    <message>
        <source>The speech model could not be used; calls work, but without a transcript.</source>
        <translation>无法使用语音模型;可以正常通话,但没有转写。</translation>
    </message>
    <message>
        <source>That action is not possible right now.</source>
        <translation>当前无法执行该操作。</translation>
    </message>
    <message>
        <source>The phrase rules could not be loaded; the rules in use stay in force.</source>
        <translation>无法加载话术规则;正在使用的规则继续生效。</translation>
    </message>
    <message>
        <source>The plan terms are not valid.</source>
        <translation>计划条件无效。</translation>
    </message>
    <message>
        <source>The SMS could not be sent.</source>
        <translation>短信无法发送。</translation>
    </message>
    <message>
        <source>No SMS gateway is set up, so no code can be sent. Ask your administrator.</source>
        <translation>未设置短信网关，无法发送验证码。请联系管理员。</translation>
    </message>
    <message>
        <source>The SMS gateway cannot be reached. The plan stays pending; try again.</source>
        <translation>无法连接短信网关。计划保持待确认，请重试。</translation>
    </message>
    <message>
        <source>The SMS gateway did not answer in time. The plan stays pending; try again.</source>
        <translation>短信网关未及时响应。计划保持待确认，请重试。</translation>
    </message>
    <message>
        <source>The SMS gateway refused the softphone&apos;s password. Ask your administrator.</source>
        <translation>短信网关拒绝了软电话的密码。请联系管理员。</translation>
    </message>
    <message>
        <source>The SMS gateway refused the message. The plan stays pending.</source>
        <translation>短信网关拒绝了该短信。计划保持待确认。</translation>
    </message>
    <message>
        <source>Not dialled: a calling rule does not allow this call now.</source>
        <translation>未拨出：外呼规则此时不允许拨打。</translation>
    </message>
    <message>
        <source>The calling-rules policy file cannot be used; the built-in rules apply. Ask your administrator.</source>
        <translation>外呼规则策略文件无法使用，改用内置规则。请联系管理员。</translation>
    </message>
    <message>
        <source>The contact ledger cannot be reached, so the calling rules cannot be checked. Ask your administrator.</source>
        <translation>无法连接联系记录库，无法核对外呼规则。请联系管理员。</translation>
    </message>
    <message>
        <source>This recording cannot be played.</source>
        <translation>该录音无法播放。</translation>
    </message>
    <message>
        <source>The plan change cannot go on now.</source>
        <translation>计划变更现在无法继续。</translation>
    </message>
    <message>
        <source>The plan changes cannot be stored now.</source>
        <translation>计划变更现在无法保存。</translation>
    </message>
    <message>
        <source>Choose the customer&apos;s case first.</source>
        <translation>请先选择客户的案件。</translation>
    </message>
    <message>
        <source>The first payment of a new plan cannot be before today.</source>
        <translation>新计划的首期还款日不能早于今天。</translation>
    </message>
    <message>
        <source>Quote a plan on this call first.</source>
        <translation>请先在本次通话中生成计划。</translation>
    </message>
    <message>
        <source>A reviewer rejected this plan; it cannot be sent to the customer.</source>
        <translation>审核人员已驳回该计划，不能发送给客户。</translation>
    </message>
    <message>
        <source>This plan is waiting for a reviewer; no code is sent until it is approved.</source>
        <translation>该计划正在等待审核；审核通过前不会发送验证码。</translation>
    </message>
    <message>
        <source>This plan goes to a reviewer first, and no code is sent: {0}</source>
        <translation>该计划须先经审核，不会发送验证码：{0}</translation>
    </message>
    <message>
        <source>The call ended before the customer gave the code; the plan was not changed.</source>
        <translation>客户提供验证码前通话已结束；计划未变更。</translation>
    </message>
    <message>
        <source>The customer has confirmed this plan already.</source>
        <translation>客户已确认过该计划。</translation>
    </message>
    <message>
        <source>The call has ended.</source>
        <translation>通话已结束。</translation>
    </message>
    <message>
        <source>This case has no loan to change.</source>
        <translation>该案件没有可变更的借款。</translation>
    </message>
    <message>
        <source>The case has no loan with that contract number.</source>
        <translation>该案件没有此合同号的借款。</translation>
    </message>
    <message>
        <source>The case has no phone number of the customer&apos;s own on file, so no code can be sent.</source>
        <translation>案件中没有客户本人的手机号，无法发送验证码。</translation>
    </message>
    <message>
        <source>The rate {0} is above the contract rate {1} plus 2 points ({2}).</source>
        <translation>利率 {0} 高于合同利率 {1} 加 2 个百分点（{2}）。</translation>
    </message>
    <message>
        <source>The APR {0} is above the 24 % cap.</source>
        <translation>年化利率 {0} 超过 24 % 上限。</translation>
    </message>
    <message>
        <source>The amount must be above 0 and at most 100,000,000 yuan.</source>
        <translation>金额须大于 0 且不超过 100,000,000 元。</translation>
    </message>
    <message>
        <source>The annual rate must be between 0 % and 100 % (0.18 is 18 %).</source>
        <translation>年利率须在 0 % 到 100 % 之间（0.18 即 18 %）。</translation>
    </message>
    <message>
        <source>The term must be between 1 and {0} months.</source>
        <translation>期限须在 1 到 {0} 个月之间。</translation>
    </message>
    <message>
        <source>A deferral must be between 1 and {0} months.</source>
        <translation>展期须在 1 到 {0} 个月之间。</translation>
    </message>
    <message>
        <source>Deferral months are given only with the deferral method.</source>
        <translation>只有展期方式才需填写展期月数。</translation>
    </message>
    <message>
        <source>Not an amount in yuan: {0}</source>
        <translation>不是以元为单位的金额：{0}</translation>
    </message>
    <message>
        <source>An amount has at most two decimals (fen): {0}</source>
        <translation>金额最多两位小数（分）：{0}</translation>
    </message>
    <message>
        <source>Not a rate: {0} (write 0.18 or 18%)</source>
        <translation>不是利率：{0}（请写 0.18 或 18%）</translation>
    </message>
    <message>
        <source>Calls cannot be recorded: the recordings key is not available. The call goes on; tell your team lead.</source>
        <translation>无法录音：录音密钥不可用。通话照常进行，请告知组长。</translation>
    </message>
    <message>
        <source>This computer has no recordings key, so no recording can be opened here.</source>
        <translation>本机没有录音密钥，无法在此打开录音。</translation>
    </message>
    <message>
        <source>This recording was sealed with another recordings key; it cannot be opened here.</source>
        <translation>该录音由另一把录音密钥加密，无法在此打开。</translation>
    </message>
    <message>
        <source>The recording cannot be played: the headset “{0}” could not be opened.</source>
        <translation>录音无法播放：无法打开耳机“{0}”。</translation>
    </message>
    <message>
        <source>The disk is full: this call is no longer recorded (what was recorded is kept). The call goes on; tell your team lead.</source>
        <translation>磁盘已满：本通话已停止录音（已录部分保留）。通话照常进行，请告知组长。</translation>
    </message>
    <message>
        <source>This call can no longer be recorded ({0}); what was recorded is kept. The call goes on.</source>
        <translation>本通话无法继续录音（{0}），已录部分保留。通话照常进行。</translation>
    </message>
    <message>
        <source>This computer has no password store (keyring), so the password cannot be saved. You can go on without saving it and enter it each time you start the softphone, or ask your administrator to set the password environment variable named in the settings (account.password_env).</source>
        <translation>本机没有密码库(keyring),因此无法保存密码。您可以不保存密码继续,每次启动软电话时输入;或请管理员设置“设置”中指定的密码环境变量(account.password_env)。</translation>
    </message>
    <message>
        <source>The password store (keyring) of this computer did not work. If it is locked, unlock it and try again; or enter the password without saving it.</source>
        <translation>本机的密码库(keyring)无法使用。如已锁定,请解锁后重试;或输入密码但不保存。</translation>
    </message>
    <message>
        <source>There is no case {0} in the case book.</source>
        <translation>案件库中没有案件 {0}。</translation>
    </message>
    <message>
        <source>The full number of this call is not stored, so it cannot be called back from here.</source>
        <translation>此通话未保存完整号码,因此无法从这里回拨。</translation>
    </message>
    <message>
        <source>The call history is not open yet.</source>
        <translation>通话记录尚未打开。</translation>
    </message>
    <message>
        <source>Listening in needs the lead&apos;s own phone: start the wallboard with --sip-config and --signing-key.</source>
        <translation>监听需要组长自己的话机：请用 --sip-config 和 --signing-key 启动看板。</translation>
    </message>
    <message>
        <source>No password is saved for this account, so the phone did not sign in. Enter it in Settings, save it in the keyring, or set the password variable named in the settings.</source>
        <translation>此账户没有保存密码,因此电话未登录。请在“设置”中输入密码、将其保存到密码库(keyring),或设置“设置”中指定的密码变量。</translation>
    </message>
    <message>
        <source>Your administrator does not allow playing back recordings on this computer.</source>
        <translation>管理员不允许在本机回放录音。</translation>
    </message>
    <message>
        <source>This call has no recording here (it was not answered, or it was recorded on another computer).</source>
        <translation>本机没有该通话的录音（未接通，或在其他电脑上录制）。</translation>
    </message>
    <message>
        <source>The recordings key is not on this computer, so its recordings cannot be opened.</source>
        <translation>本机没有录音密钥，因此无法打开录音。</translation>
    </message>
    <message>
        <source>This recording does not pass its integrity check, so it is not played. Tell your team lead.</source>
        <translation>该录音未通过完整性校验，因此不予播放。请告知组长。</translation>
    </message>
    <message>
        <source>Settings saved. They take effect when the current call ends, so the call is not dropped.</source>
        <translation>设置已保存。将在当前通话结束后生效,以免中断通话。</translation>
    </message>
    <message>
        <source>The new settings are in force.</source>
        <translation>新设置已生效。</translation>
    </message>
    <message>
        <source>This customer has no number of their own on file, so there is no one to call.</source>
        <translation>该客户没有登记本人号码，无法拨打。</translation>
    </message>
    <message>
        <source>Your team lead cannot follow your calls: {0}. Calls go on.</source>
        <translation>组长无法实时查看您的通话：{0}。通话不受影响。</translation>
    </message>
    <message>
        <source>The settings file {0} has a problem with &quot;{1}&quot;: {2}.</source>
        <translation>设置文件 {0} 中的“{1}”有问题:{2}。</translation>
    </message>
    <message>
        <source>The settings file {0} has a problem: {1}.</source>
        <translation>设置文件 {0} 有问题:{1}。</translation>
    </message>
    <message>
        <source>The settings have a problem with &quot;{0}&quot;: {1}.</source>
        <translation>设置中的“{0}”有问题:{1}。</translation>
    </message>
    <message>
        <source>The settings have a problem: {0}.</source>
        <translation>设置有问题:{0}。</translation>
    </message>
    <message>
        <source>You cannot {0} this call now (it is {1}).</source>
        <translation>现在无法对该通话执行 {0}(通话状态:{1})。</translation>
    </message>
    <message>
        <source>The {0} transport could not be started.</source>
        <translation>无法启动 {0} 传输。</translation>
    </message>
    <message>
        <source>The phone engine could not start.</source>
        <translation>电话引擎无法启动。</translation>
    </message>
    <message>
        <source>The SIP port {0} is in use or cannot be opened.</source>
        <translation>SIP 端口 {0} 已被占用或无法打开。</translation>
    </message>
    <message>
        <source>The secure (TLS) connection could not be set up.</source>
        <translation>无法建立安全(TLS)连接。</translation>
    </message>
    <message>
        <source>The header name “{0}” is not valid.</source>
        <translation>头字段名“{0}”无效。</translation>
    </message>
    <message>
        <source>The header “{0}” cannot be set by hand.</source>
        <translation>头字段“{0}”不能手动设置。</translation>
    </message>
    <message>
        <source>The value of “{0}” contains a line break.</source>
        <translation>“{0}”的值包含换行符。</translation>
    </message>
    <message>
        <source>Wrong user name or password: the server refused the sign-in.</source>
        <translation>用户名或密码错误:服务器拒绝登录。</translation>
    </message>
    <message>
        <source>The phone server does not answer. Check the server address and the network.</source>
        <translation>电话服务器没有响应。请检查服务器地址和网络。</translation>
    </message>
    <message>
        <source>The phone server&apos;s name could not be found. Check the server address.</source>
        <translation>找不到电话服务器的域名。请检查服务器地址。</translation>
    </message>
    <message>
        <source>The secure connection to the phone server failed (certificate not trusted?).</source>
        <translation>与电话服务器的安全连接失败(证书不受信任?)。</translation>
    </message>
    <message>
        <source>The connection to the phone server was lost; reconnecting.</source>
        <translation>与电话服务器的连接已断开,正在重新连接。</translation>
    </message>
    <message>
        <source>The phone server refused the sign-in.</source>
        <translation>电话服务器拒绝登录。</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>已退出登录。</translation>
    </message>
    <message>
        <source>The team&apos;s calls cannot be kept on this computer ({0}); the day&apos;s numbers are not counted.</source>
        <translation>本机无法保存团队通话记录（{0}），今日数据不会统计。</translation>
    </message>
    <message>
        <source>The team server {0} refused the user name or password. Check them, or ask your administrator whether this user may connect.</source>
        <translation>团队服务器 {0} 拒绝了用户名或密码。请检查，或询问管理员该用户是否允许连接。</translation>
    </message>
    <message>
        <source>The team server {0} cannot be reached; trying again. Calls go on.</source>
        <translation>无法连接团队服务器 {0}，正在重试。通话不受影响。</translation>
    </message>
    <message>
        <source>The link to the team server {0} dropped; trying again. Nothing is lost.</source>
        <translation>与团队服务器 {0} 的连接中断，正在重试。不会丢失任何消息。</translation>
    </message>
    <message>
        <source>Connected to the team server {0}.</source>
        <translation>已连接团队服务器 {0}。</translation>
    </message>
    <message>
        <source>The disk is full: the team lead&apos;s view of your calls is behind. Your calls go on.</source>
        <translation>磁盘已满：组长看到的通话情况会滞后。您的通话不受影响。</translation>
    </message>
    <message>
        <source>The messages for your team lead cannot be kept ({0}); the lead&apos;s view may be behind.</source>
        <translation>无法保存发给组长的消息（{0}）；组长看到的情况可能滞后。</translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation>已登录。</translation>
    </message>
    <message>
        <source>The SMS gateway headers in the settings must be a JSON object of header names and values.</source>
        <translation>设置中的短信网关请求头须为由名称和值组成的 JSON 对象。</translation>
    </message>
    <message>
        <source>The disk is full, so the call history cannot be saved. Free some disk space; calls saved earlier are kept.</source>
        <translation>磁盘已满,无法保存通话记录。请释放磁盘空间;之前保存的通话仍在。</translation>
    </message>
    <message>
        <source>The call history could not be saved or read. The calls themselves are not affected; if this keeps happening, tell your administrator.</source>
        <translation>无法保存或读取通话记录。通话本身不受影响;如果反复出现,请告知管理员。</translation>
    </message>
    <message>
        <source>The call could not be found in the call history.</source>
        <translation>通话记录中找不到该通话。</translation>
    </message>
    <message>
        <source>The call history was saved by a newer version of the softphone. Update the softphone to open it; nothing was changed.</source>
        <translation>通话记录由更新版本的软电话保存。请更新软电话后打开;未做任何更改。</translation>
    </message>
    <message>
        <source>The call history could not be saved.</source>
        <translation>无法保存通话记录。</translation>
    </message>
    <message>
        <source>The SMS gateway&apos;s password is kept in this computer&apos;s password store, and none is available.</source>
        <translation>短信网关的密码保存在本机密码库中，但当前没有可用的密码库。</translation>
    </message>
    <message>
        <source>This computer has no password store (keyring), so the call history cannot be encrypted. It keeps masked numbers only (138****5678): calls can be seen in the history but not redialled from it, and hand-off details are not kept.</source>
        <translation>本机没有密码库(keyring),因此无法加密通话记录。记录中只保存掩码号码(138****5678):可以查看通话,但不能从记录回拨,也不保存转接详情。</translation>
    </message>
    <message>
        <source>The key of the call history could not be read from the password store (keyring). Until it can, new calls are kept with masked numbers only. If the keyring is locked, unlock it and restart the softphone.</source>
        <translation>无法从密码库(keyring)读取通话记录的密钥。在此之前,新通话只保存掩码号码。如密码库已锁定,请解锁后重启软电话。</translation>
    </message>
    <message>
        <source>The key of the call history in the password store (keyring) is damaged. New calls are kept with masked numbers only; tell your administrator.</source>
        <translation>密码库(keyring)中的通话记录密钥已损坏。新通话只保存掩码号码;请告知管理员。</translation>
    </message>
    <message>
        <source>Part of the call history cannot be read with this computer&apos;s key: it was saved with another key, or the key was replaced. Masked numbers are shown.</source>
        <translation>部分通话记录无法用本机密钥读取:它们是用其他密钥保存的,或密钥已被更换。显示为掩码号码。</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Something went wrong: {0}</source>
        <translation>出现错误：{0}</translation>
    </message>
    <message>
        <source>Softphone</source>
        <translation>坐席软电话</translation>
    </message>
</context>
<context>
    <name>handoff</name>
    <message>
        <source>Customer</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>转人工原因</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>意图</translation>
    </message>
    <message>
        <source>Emotion</source>
        <translation>客户情绪</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
</context>
<context>
    <name>lead</name>
    <message>
        <source>Password of {0} on the team server:</source>
        <translation>{0} 在团队服务器上的密码：</translation>
    </message>
</context>
</TS>
