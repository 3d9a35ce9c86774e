//! Sending login codes. Development prints to the console, tests read an outbox file; a real
//! deployment plugs in its SMS gateway behind [`SmsSender`].

use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

use async_trait::async_trait;
use healthcode_core::phone::MobileNumber;

#[async_trait]
pub trait SmsSender: Send + Sync + std::fmt::Debug {
    /// Delivers `code` to `phone`.
    async fn send_login_code(&self, phone: &MobileNumber, code: &str) -> anyhow::Result<()>;
}

/// Prints `[sms] 138****0000 code 123456` (the default for `make run`, so a new user can log
/// in). The phone number is masked even here.
#[derive(Debug, Default)]
pub struct ConsoleSender;

#[async_trait]
impl SmsSender for ConsoleSender {
    async fn send_login_code(&self, phone: &MobileNumber, code: &str) -> anyhow::Result<()> {
        println!("[sms] {} code {code}", phone.masked());
        Ok(())
    }
}

/// Appends `{"phone","code","sent_at"}` JSON lines to a file (`HEALTHCODE_SMS_OUTBOX`), for
/// tests that log in like a user would.
#[derive(Debug)]
pub struct OutboxSender {
    path: PathBuf,
    lock: Mutex<()>,
}

impl OutboxSender {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            lock: Mutex::new(()),
        }
    }
}

#[async_trait]
impl SmsSender for OutboxSender {
    async fn send_login_code(&self, phone: &MobileNumber, code: &str) -> anyhow::Result<()> {
        let line = serde_json::json!({
            "phone": phone.expose(),
            "code": code,
            "sent_at": chrono::Utc::now().to_rfc3339(),
        });
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        writeln!(file, "{line}")?;
        Ok(())
    }
}

/// Posts each code to an SMS gateway (`HEALTHCODE_SMS_WEBHOOK`) as JSON
/// `{"phone","code","ttl_secs","purpose":"login"}`, with `Authorization: Bearer …` when
/// `HEALTHCODE_SMS_WEBHOOK_TOKEN` is set. Any answer but 2xx, or none within 5 s, fails the
/// send, and the resident is told to retry.
#[derive(Debug)]
pub struct WebhookSender {
    url: String,
    token: Option<String>,
    client: reqwest::Client,
}

impl WebhookSender {
    pub fn new(url: String, token: Option<String>) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(5))
            .build()?;
        Ok(Self { url, token, client })
    }
}

#[async_trait]
impl SmsSender for WebhookSender {
    async fn send_login_code(&self, phone: &MobileNumber, code: &str) -> anyhow::Result<()> {
        let mut request = self.client.post(&self.url).json(&serde_json::json!({
            "phone": phone.expose(),
            "code": code,
            "ttl_secs": crate::routes::OTP_TTL_SECS,
            "purpose": "login",
        }));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        anyhow::ensure!(
            response.status().is_success(),
            "SMS gateway answered {}",
            response.status()
        );
        Ok(())
    }
}
