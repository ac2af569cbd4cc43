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
    <message>
        <source>No hand-off details for this call.</source>
        <translation>本次通话没有转人工信息。</translation>
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
        <source>The demo customer speaks Mandarin. Install a Chinese speech model (docs/models.md) to see the live transcript here.</source>
        <translation>演示中的客户说普通话。安装中文语音模型（见 docs/models.md）后，这里会显示实时转写。</translation>
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
        <source>Save the password in the system keyring</source>
        <translation>将密码保存到系统密钥环</translation>
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
</TS>
