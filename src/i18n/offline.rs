//! Strings of the offline and outage states (the kept code, automatic retries, queued
//! check-ins), both languages.

/// Every string shown when the network or the server fails.
#[derive(Debug)]
pub struct OfflineStrings {
    pub synced: fn(&str) -> String,
    pub offline_note: &'static str,
    pub busy: &'static str,
    pub unreachable: &'static str,
    pub retry_in: fn(u64) -> String,
    pub refresh_wait: fn(u64) -> String,
    pub expired_title: &'static str,
    pub expired_body: &'static str,
    pub nothing_kept: &'static str,
    pub paper_route: &'static str,
    pub kept_codes_title: &'static str,
    pub kept_codes_lead: &'static str,
    pub submit_retrying: fn(u32) -> String,
    pub checkin_queued: &'static str,
    pub checkin_sent: &'static str,
}

pub static ZH_CN: OfflineStrings = OfflineStrings {
    synced: |t| format!("离线 · 最后同步 {t}"),
    offline_note: "当前显示的是保存在本机的离线码，核验人员扫码会看到“离线码”。",
    busy: "服务繁忙，稍后自动重试",
    unreachable: "无法连接服务器，稍后自动重试",
    retry_in: |s| format!("{s} 秒后自动重试"),
    refresh_wait: |s| format!("刷新太频繁，请 {s} 秒后再试"),
    expired_title: "离线码已过期",
    expired_body: "保存在本机的健康码已超过有效期，不能再作为通行凭证。请联网后刷新。",
    nothing_kept: "无法获取健康码，本机也没有保存过该健康码。",
    paper_route: "没有网络或手机时，可请家人为您打印纸质健康码随身携带。",
    kept_codes_title: "保存在本机的健康码",
    kept_codes_lead: "暂时无法连接服务器。以下是最近一次联网时保存的健康码：",
    submit_retrying: |n| format!("网络中断，填写的内容已保留，正在自动重新提交（第 {n} 次）…"),
    checkin_queued: "打卡已保存在本机（待发送），联网后会自动提交，无需重复打卡。",
    checkin_sent: "本机保存的打卡已提交。",
};

pub static EN: OfflineStrings = OfflineStrings {
    synced: |t| format!("Offline · last synced {t}"),
    offline_note: "This is the offline code kept on this phone; a checker scanning it sees “offline code”.",
    busy: "The service is busy; retrying automatically",
    unreachable: "Cannot reach the server; retrying automatically",
    retry_in: |s| format!("Retrying in {s} s"),
    refresh_wait: |s| format!("Refreshing too often; try again in {s} s"),
    expired_title: "Offline code expired",
    expired_body:
        "The code kept on this phone is past its validity and cannot be used to pass. Go online and refresh.",
    nothing_kept: "The code cannot be fetched and none is kept on this phone.",
    paper_route: "Without network or a phone, a family member can print a paper code for you to carry.",
    kept_codes_title: "Codes kept on this phone",
    kept_codes_lead: "The server cannot be reached right now. These are the codes saved when last online:",
    submit_retrying: |n| {
        format!("Connection lost; your answers are kept and being sent again (attempt {n})…")
    },
    checkin_queued:
        "Check-in saved on this phone (pending); it will be sent when back online — no need to repeat it.",
    checkin_sent: "The check-in saved on this phone has been sent.",
};
