//! The one i18n mechanism: every UI string is a field of [`Strings`], so a language missing a
//! string does not compile. zh-CN is the default; the choice is remembered on the device.

use leptos::prelude::*;

pub mod checkin;
pub mod declare;
pub mod desk;
pub mod family;
pub mod offline;
pub mod scan;
pub mod staff;

pub use checkin::CheckinStrings;
pub use declare::DeclareStrings;
pub use desk::DeskStrings;
pub use family::FamilyStrings;
pub use offline::OfflineStrings;
pub use scan::ScanStrings;
pub use staff::StaffStrings;

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

const STORAGE_KEY: &str = "hc.locale";

impl Locale {
    /// The BCP 47 tag, for `<html lang>` and `Accept-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    /// Parses a stored tag; anything unknown is `None`.
    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag {
            "zh-CN" => Some(Locale::ZhCn),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The strings of this language.
    pub fn strings(self) -> &'static Strings {
        match self {
            Locale::ZhCn => &ZH_CN,
            Locale::En => &EN,
        }
    }

    /// The declaration form's strings in this language.
    pub fn declare(self) -> &'static DeclareStrings {
        match self {
            Locale::ZhCn => &declare::ZH_CN,
            Locale::En => &declare::EN,
        }
    }

    /// The check-in and history pages' strings in this language.
    pub fn checkin(self) -> &'static CheckinStrings {
        match self {
            Locale::ZhCn => &checkin::ZH_CN,
            Locale::En => &checkin::EN,
        }
    }

    /// The family and print strings in this language.
    pub fn family(self) -> &'static FamilyStrings {
        match self {
            Locale::ZhCn => &family::ZH_CN,
            Locale::En => &family::EN,
        }
    }

    /// The checkpoint scanner's strings in this language.
    pub fn scan(self) -> &'static ScanStrings {
        match self {
            Locale::ZhCn => &scan::ZH_CN,
            Locale::En => &scan::EN,
        }
    }

    /// The console's administration strings in this language.
    pub fn desk(self) -> &'static DeskStrings {
        match self {
            Locale::ZhCn => &desk::ZH_CN,
            Locale::En => &desk::EN,
        }
    }

    /// The staff console's strings in this language.
    pub fn staff(self) -> &'static StaffStrings {
        match self {
            Locale::ZhCn => &staff::ZH_CN,
            Locale::En => &staff::EN,
        }
    }

    /// The offline and outage strings in this language.
    pub fn offline(self) -> &'static OfflineStrings {
        match self {
            Locale::ZhCn => &offline::ZH_CN,
            Locale::En => &offline::EN,
        }
    }

    /// The message of a field error in this language.
    pub fn message(self, error: &healthcode_core::error::FieldError) -> String {
        match self {
            Locale::ZhCn => error.zh.clone(),
            Locale::En => error.en.clone(),
        }
    }

    /// One of a pair of names (zh, en) in this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::ZhCn => zh,
            Locale::En => en,
        }
    }
}

/// Every string the UI shows.
#[derive(Debug)]
pub struct Strings {
    pub app_title: &'static str,
    pub welcome_lead: &'static str,
    pub welcome_points_heading: &'static str,
    pub welcome_point_colours: &'static str,
    pub welcome_point_family: &'static str,
    pub welcome_point_documents: &'static str,
    pub welcome_point_offline: &'static str,
    pub language_label: &'static str,
    /// The name of the *other* language, on the switch button, in that language.
    pub switch_to: &'static str,
    pub service_status_label: &'static str,
    pub service_checking: &'static str,
    pub service_ok: &'static str,
    pub service_degraded: &'static str,
    pub service_unreachable: &'static str,
    pub not_found_title: &'static str,
    pub not_found_back: &'static str,
    pub start_now: &'static str,
    pub loading: &'static str,
    pub privacy_title: &'static str,
    pub privacy_text: &'static str,
    pub consent_health: &'static str,
    pub consent_whereabouts: &'static str,
    pub consent_required: &'static str,
    pub login_title: &'static str,
    pub phone_label: &'static str,
    pub phone_hint: &'static str,
    pub code_label: &'static str,
    pub get_code: &'static str,
    pub resend_in: fn(u64) -> String,
    pub code_sent: &'static str,
    pub log_in: &'static str,
    pub logging_in: &'static str,
    pub network_error: &'static str,
    pub wait_and_retry: fn(u64) -> String,
    pub log_out: &'static str,
    pub persons_title: &'static str,
    pub relation_self: &'static str,
    pub not_declared: &'static str,
    pub status_pending: &'static str,
    pub account_label: &'static str,
    pub valid_until_label: &'static str,
    pub time_left: fn(i64, i64) -> String,
    pub reasons_title: &'static str,
    pub refresh: &'static str,
    pub refreshing: &'static str,
    pub reviewing: &'static str,
    pub qr_label: fn(&str, &str) -> String,
    pub name_label: &'static str,
    pub document_label: &'static str,
    pub time_now_label: &'static str,
    pub back_home: &'static str,
    pub pass_green: &'static str,
    pub pass_not: &'static str,
    pub show_code: &'static str,
    pub declare_now: &'static str,
    pub edit_declaration: &'static str,
    pub check_in: &'static str,
    pub next_step_label: &'static str,
    pub history: &'static str,
}

pub static ZH_CN: Strings = Strings {
    app_title: "健康码",
    welcome_lead:
        "健康码是您的电子健康凭证：如实登记后自动审核，生成绿、黄、红三色二维码，在卡口和测温点出示即可核验。",
    welcome_points_heading: "您可以",
    welcome_point_colours: "每天健康打卡，绿码有效期 3 天，按时打卡自动延期",
    welcome_point_family: "为没有手机的老人、孩子代为登记，并打印纸质码",
    welcome_point_documents: "使用居民身份证、港澳台通行证、护照或外国人永久居留身份证申请",
    welcome_point_offline: "没有网络时，也能出示最近一次同步的健康码",
    language_label: "语言",
    switch_to: "English",
    service_status_label: "服务状态：",
    service_checking: "正在连接…",
    service_ok: "正常",
    service_degraded: "部分功能暂不可用",
    service_unreachable: "暂时无法连接，请检查网络",
    not_found_title: "页面不存在",
    not_found_back: "返回首页",
    start_now: "立即使用",
    loading: "正在加载…",
    privacy_title: "个人信息保护告知",
    privacy_text: "为生成健康码，我们会处理您填报的身份、健康和行程信息，仅用于疫情防控，不作他用；页面和二维码中的姓名、证件号均作脱敏处理。",
    consent_health: "我同意为生成健康码处理我的健康信息（体温、症状、接触史）",
    consent_whereabouts: "我同意为生成健康码处理我的行程信息（居住地、来源地、14 天行程）",
    consent_required: "请阅读并勾选以上两项同意后再继续",
    login_title: "手机号登录",
    phone_label: "手机号码",
    phone_hint: "11 位手机号，用于接收验证码",
    code_label: "验证码",
    get_code: "获取验证码",
    resend_in: |s| format!("{s} 秒后重发"),
    code_sent: "验证码已发送，5 分钟内有效",
    log_in: "登录",
    logging_in: "正在登录…",
    network_error: "网络连接失败，请检查网络后重试",
    wait_and_retry: |s| format!("请 {s} 秒后再试"),
    log_out: "退出登录",
    persons_title: "我和家人",
    relation_self: "本人",
    not_declared: "未登记",
    status_pending: "审核中",
    account_label: "当前账号",
    valid_until_label: "有效期至",
    time_left: |h, m| format!("剩余 {h} 小时 {m} 分"),
    reasons_title: "赋码原因",
    refresh: "刷新",
    refreshing: "正在刷新…",
    reviewing: "审核中，请稍候…",
    qr_label: |colour, name| format!("健康码二维码：{colour}，{name}"),
    name_label: "姓名",
    document_label: "证件号码",
    time_now_label: "当前时间",
    back_home: "返回首页",
    pass_green: "测温正常即可通行",
    pass_not: "不予通行，请按提示处理",
    show_code: "查看健康码",
    declare_now: "去登记",
    edit_declaration: "修改信息",
    check_in: "健康打卡",
    next_step_label: "如何变化：",
    history: "打卡与赋码记录",
};

pub static EN: Strings = Strings {
    app_title: "Health Code",
    welcome_lead: "Your health code is an electronic health pass: declare truthfully, the review runs automatically, and you get a green, yellow or red QR code to show at checkpoints.",
    welcome_points_heading: "You can",
    welcome_point_colours: "check in daily: a green code is valid for 3 days and extends with each check-in",
    welcome_point_family: "declare for elderly relatives and children without a phone, and print paper codes",
    welcome_point_documents: "apply with a resident ID card, a Hong Kong, Macao or Taiwan permit, a passport or a foreign permanent resident ID",
    welcome_point_offline: "show your last synced code even without a network",
    language_label: "Language",
    switch_to: "中文",
    service_status_label: "Service status: ",
    service_checking: "Connecting…",
    service_ok: "Operational",
    service_degraded: "Some features are temporarily unavailable",
    service_unreachable: "Cannot connect right now; please check your network",
    not_found_title: "Page not found",
    not_found_back: "Back to the home page",
    start_now: "Get started",
    loading: "Loading…",
    privacy_title: "How we handle your personal information",
    privacy_text: "To issue your health code we process the identity, health and travel information you declare, for epidemic control only; names and document numbers are masked on screen and in the QR code.",
    consent_health: "I agree that my health information (temperature, symptoms, contacts) is processed to issue my health code",
    consent_whereabouts: "I agree that my whereabouts (residence, origin, 14-day itinerary) are processed to issue my health code",
    consent_required: "Please read and tick both consents to continue",
    login_title: "Log in with your mobile number",
    phone_label: "Mobile number",
    phone_hint: "11 digits; we send the verification code to it",
    code_label: "Verification code",
    get_code: "Get code",
    resend_in: |s| format!("Resend in {s} s"),
    code_sent: "Code sent; it is valid for 5 minutes",
    log_in: "Log in",
    logging_in: "Logging in…",
    network_error: "No connection; please check your network and try again",
    wait_and_retry: |s| format!("Please try again in {s} s"),
    log_out: "Log out",
    persons_title: "Me and my family",
    relation_self: "Me",
    not_declared: "Not declared yet",
    status_pending: "Under review",
    account_label: "Account",
    valid_until_label: "Valid until",
    time_left: |h, m| format!("{h} h {m} min left"),
    reasons_title: "Why this colour",
    refresh: "Refresh",
    refreshing: "Refreshing…",
    reviewing: "Under review, please wait…",
    qr_label: |colour, name| format!("Health code QR: {colour}, {name}"),
    name_label: "Name",
    document_label: "Document",
    time_now_label: "Time now",
    back_home: "Back to the home page",
    pass_green: "Passes after a normal temperature check",
    pass_not: "Does not pass; follow the reasons below",
    show_code: "Show code",
    declare_now: "Declare",
    edit_declaration: "Edit details",
    check_in: "Daily check-in",
    next_step_label: "What changes it:",
    history: "Check-ins and colour history",
};

/// The app's language, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// The current language (tracked).
    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    /// The current language, without tracking (for event handlers and tasks).
    pub fn locale_untracked(&self) -> Locale {
        self.locale.get_untracked()
    }

    /// The current language's strings (tracked).
    pub fn t(&self) -> &'static Strings {
        self.locale.get().strings()
    }

    /// The current language's declaration strings (tracked).
    pub fn d(&self) -> &'static DeclareStrings {
        self.locale.get().declare()
    }

    /// The current language's check-in strings (tracked).
    pub fn c(&self) -> &'static CheckinStrings {
        self.locale.get().checkin()
    }

    /// The current language's family and print strings (tracked).
    pub fn f(&self) -> &'static FamilyStrings {
        self.locale.get().family()
    }

    /// The current language's checkpoint scanner strings (tracked).
    pub fn s(&self) -> &'static ScanStrings {
        self.locale.get().scan()
    }

    /// The current language's offline and outage strings (tracked).
    pub fn o(&self) -> &'static OfflineStrings {
        self.locale.get().offline()
    }

    /// The current language's administration strings (tracked).
    pub fn ad(&self) -> &'static DeskStrings {
        self.locale.get().desk()
    }

    /// The current language's staff console strings (tracked).
    pub fn st(&self) -> &'static StaffStrings {
        self.locale.get().staff()
    }

    /// Switches language and remembers the choice on this device.
    pub fn set(&self, locale: Locale) {
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(STORAGE_KEY, locale.tag());
        }
        self.locale.set(locale);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored_locale() -> Option<Locale> {
    Locale::from_tag(&local_storage()?.get_item(STORAGE_KEY).ok()??)
}

/// The current [`I18n`]; panics outside [`I18nProvider`], which wraps the whole app.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Provides [`I18n`] to its children and keeps `<html lang>` and the document title in step.
#[component]
pub fn I18nProvider(
    /// The app, or the part of it under test.
    children: Children,
) -> impl IntoView {
    let i18n = I18n {
        locale: RwSignal::new(stored_locale().unwrap_or_default()),
    };
    provide_context(i18n);
    Effect::new(move |_| {
        let locale = i18n.locale();
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = document.document_element() {
                let _ = root.set_attribute("lang", locale.tag());
            }
            document.set_title(locale.strings().app_title);
        }
    });
    children()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_unknown_tags_are_refused() {
        for locale in [Locale::ZhCn, Locale::En] {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(Locale::default(), Locale::ZhCn);
    }

    #[test]
    fn the_default_title_is_jiankangma() {
        assert_eq!(Locale::default().strings().app_title, "健康码");
    }
}
