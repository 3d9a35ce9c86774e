//! Server configuration, read from the environment with defaults that suit `make run`.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context};

/// Where the server keeps its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseLocation {
    /// An SQLite file; created with its parent directory when missing.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

/// Everything the server needs to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `HEALTHCODE_ADDR`, default `127.0.0.1:8080`; port 0 picks a free port.
    pub addr: SocketAddr,
    /// `HEALTHCODE_DATA_DIR`, default `data`: database and signing keys.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`, default an SQLite file `healthcode.db` in the data dir.
    pub database: DatabaseLocation,
    /// `HEALTHCODE_STATIC_DIR`, default `dist`: the Trunk output served at `/`.
    pub static_dir: PathBuf,
    /// `HEALTHCODE_ISSUER`, default `42` (湖北): the division code of this region in tokens.
    pub issuer: String,
    /// `HEALTHCODE_SMS_OUTBOX`: append login codes to this file instead of printing them.
    pub sms_outbox: Option<PathBuf>,
    /// `HEALTHCODE_SMS_WEBHOOK` (+ `HEALTHCODE_SMS_WEBHOOK_TOKEN`): post login codes to an
    /// SMS gateway.
    pub sms_webhook: Option<(String, Option<String>)>,
    /// `HEALTHCODE_SMS_CONSOLE=1`: print login codes to the log (development; `make run` sets
    /// it). Without it, a gateway or an outbox, the server refuses to start.
    pub sms_console: bool,
    /// `HEALTHCODE_RULES`: a TOML file of rule thresholds (defaults: `config/rules.toml`).
    pub rules_file: Option<PathBuf>,
    /// `HEALTHCODE_SECURE_COOKIES=1`: mark cookies Secure (behind a TLS proxy).
    pub secure_cookies: bool,
    /// `HEALTHCODE_HOST_ORIGINS`: origins (`https://host[:port]`, comma-separated) of host apps
    /// that frame the app in a webview and may call the API from their pages. Default none.
    pub host_origins: Vec<String>,
    /// `HEALTHCODE_TIMEOUTS=header,body,handler` in seconds (default 10,20,30).
    pub timeouts: crate::shed::Timeouts,
    /// `HEALTHCODE_TRUSTED_PROXIES`: addresses or CIDR ranges of the proxies in front of the
    /// server, whose `X-Forwarded-For` names the client. Default none (the socket's address).
    pub trusted_proxies: crate::client::TrustedProxies,
    /// `HEALTHCODE_TEST_CLOCK=1`: let tests move the server clock. Never in production.
    pub test_clock: bool,
    /// `HEALTHCODE_SWEEP_SECS`: seconds between re-evaluations of every code (default 60).
    pub sweep_secs: u64,
    /// `HEALTHCODE_SLOTS=code,write,other`: requests in flight per class before load is shed
    /// (default [`default_slots`]).
    pub slots: [usize; 3],
}

/// In-flight requests per class (code display, writes, other API calls). Small on purpose: a
/// request past these would only wait for a CPU or the one SQLite writer, so it is answered
/// 503 + Retry-After at once instead. Code display is CPU-bound (two signatures), so four per
/// core keep every core busy. Measured by `make bench` at 3x capacity on 2 cores (the load
/// tool on the same cores): 512 slots gave accepted p99 2.4 s, 64 gave 413 ms, 16 gave ~200 ms,
/// 8 gave 81 ms at 7 % less peak throughput.
pub fn default_slots() -> [usize; 3] {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    [(4 * cores).max(8), 16, 64]
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|key| std::env::var(key).ok().filter(|v| !v.is_empty()))
    }

    /// Reads configuration through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let addr = lookup("HEALTHCODE_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into());
        let addr: SocketAddr = addr
            .parse()
            .with_context(|| format!("HEALTHCODE_ADDR {addr:?} is not an address like 127.0.0.1:8080"))?;
        let data_dir = PathBuf::from(lookup("HEALTHCODE_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database = match lookup("DATABASE_URL") {
            None => DatabaseLocation::Sqlite(data_dir.join("healthcode.db")),
            Some(url) => parse_database_url(&url)?,
        };
        let static_dir = PathBuf::from(lookup("HEALTHCODE_STATIC_DIR").unwrap_or_else(|| "dist".into()));
        let issuer = lookup("HEALTHCODE_ISSUER").unwrap_or_else(|| "42".into());
        healthcode_core::division::DivisionCode::parse("HEALTHCODE_ISSUER", &issuer)
            .map_err(|e| anyhow::anyhow!("HEALTHCODE_ISSUER {issuer:?}: {}", e.en))?;
        let flag = |name: &str| lookup(name).is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
        Ok(Self {
            addr,
            data_dir,
            database,
            static_dir,
            issuer,
            sms_outbox: lookup("HEALTHCODE_SMS_OUTBOX").map(PathBuf::from),
            sms_webhook: lookup("HEALTHCODE_SMS_WEBHOOK")
                .map(|url| (url, lookup("HEALTHCODE_SMS_WEBHOOK_TOKEN"))),
            sms_console: flag("HEALTHCODE_SMS_CONSOLE"),
            rules_file: lookup("HEALTHCODE_RULES").map(PathBuf::from),
            secure_cookies: flag("HEALTHCODE_SECURE_COOKIES"),
            host_origins: match lookup("HEALTHCODE_HOST_ORIGINS") {
                None => Vec::new(),
                Some(v) => parse_origins(&v).with_context(|| {
                    format!("HEALTHCODE_HOST_ORIGINS {v:?} is not a comma-separated list of origins like https://app.example.cn")
                })?,
            },
            timeouts: match lookup("HEALTHCODE_TIMEOUTS") {
                None => crate::shed::Timeouts::default(),
                Some(v) => parse_timeouts(&v).with_context(|| {
                    format!("HEALTHCODE_TIMEOUTS {v:?} is not three numbers of seconds above 0 like 10,20,30")
                })?,
            },
            trusted_proxies: match lookup("HEALTHCODE_TRUSTED_PROXIES") {
                None => Default::default(),
                Some(v) => crate::client::TrustedProxies::parse(&v).map_err(|bad| {
                    anyhow::anyhow!("HEALTHCODE_TRUSTED_PROXIES: {bad:?} is not an address or a range like 10.0.0.0/8")
                })?,
            },
            test_clock: flag("HEALTHCODE_TEST_CLOCK"),
            sweep_secs: match lookup("HEALTHCODE_SWEEP_SECS") {
                None => 60,
                Some(v) => v.parse().ok().filter(|s| *s > 0).with_context(|| {
                    format!("HEALTHCODE_SWEEP_SECS {v:?} is not a whole number of seconds above 0")
                })?,
            },
            slots: match lookup("HEALTHCODE_SLOTS") {
                None => default_slots(),
                Some(v) => parse_slots(&v).with_context(|| {
                    format!("HEALTHCODE_SLOTS {v:?} is not three numbers above 0 like 64,16,64")
                })?,
            },
        })
    }
}

impl Config {
    /// A server must have somewhere to send login codes: printing them to a log in production
    /// would hand every account to whoever reads it.
    pub fn check_sms_sender(&self) -> anyhow::Result<()> {
        if self.sms_webhook.is_none() && self.sms_outbox.is_none() && !self.sms_console {
            bail!(
                "no SMS sender: set HEALTHCODE_SMS_WEBHOOK to the SMS gateway, or for development \
                 HEALTHCODE_SMS_CONSOLE=1 to print login codes to the log"
            );
        }
        Ok(())
    }
}

fn parse_timeouts(text: &str) -> Option<crate::shed::Timeouts> {
    let [header, body, handler] = parse_slots(text)?.map(|secs| std::time::Duration::from_secs(secs as u64));
    Some(crate::shed::Timeouts {
        header,
        body,
        handler,
    })
}

fn parse_slots(text: &str) -> Option<[usize; 3]> {
    let numbers: Vec<usize> = text
        .split(',')
        .map(|n| n.trim().parse().ok().filter(|n| *n > 0))
        .collect::<Option<_>>()?;
    numbers.try_into().ok()
}

/// Origins only: a scheme, a host, maybe a port; no path, query or wildcard.
fn parse_origins(text: &str) -> Option<Vec<String>> {
    text.split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|origin| {
            let (scheme, rest) = origin.split_once("://")?;
            let host_ok = !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
            (matches!(scheme, "http" | "https") && host_ok).then(|| origin.to_owned())
        })
        .collect()
}

fn parse_database_url(url: &str) -> anyhow::Result<DatabaseLocation> {
    if let Some(rest) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        // Drop connection parameters: the server sets its own pragmas.
        let path = rest.split('?').next().unwrap_or_default();
        if path.is_empty() || path == ":memory:" {
            bail!("DATABASE_URL {url:?} must name an SQLite file (an in-memory database would lose every declaration)");
        }
        return Ok(DatabaseLocation::Sqlite(PathBuf::from(path)));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(DatabaseLocation::Postgres(url.to_owned()));
    }
    bail!("DATABASE_URL must start with sqlite:// or postgres://")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> anyhow::Result<Config> {
        let vars: HashMap<String, String> =
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| vars.get(k).cloned())
    }

    #[test]
    fn defaults_suit_make_run() {
        let c = config(&[]).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.data_dir, PathBuf::from("data"));
        assert_eq!(
            c.database,
            DatabaseLocation::Sqlite(PathBuf::from("data/healthcode.db"))
        );
        assert_eq!(c.static_dir, PathBuf::from("dist"));
        assert_eq!(c.issuer, "42");
        assert!(!c.test_clock && !c.secure_cookies);
        assert_eq!(c.sms_outbox, None);
        assert!(c.host_origins.is_empty());
        let err = c.check_sms_sender().unwrap_err();
        assert!(err.to_string().contains("HEALTHCODE_SMS_CONSOLE"));
        assert!(config(&[("HEALTHCODE_SMS_CONSOLE", "1")])
            .unwrap()
            .check_sms_sender()
            .is_ok());
        assert!(config(&[("HEALTHCODE_SMS_WEBHOOK", "https://sms.example/send")])
            .unwrap()
            .check_sms_sender()
            .is_ok());
        let c = config(&[(
            "HEALTHCODE_HOST_ORIGINS",
            "https://app.city.gov.cn, http://10.0.0.5:8000",
        )])
        .unwrap();
        assert_eq!(
            c.host_origins,
            ["https://app.city.gov.cn", "http://10.0.0.5:8000"]
        );
    }

    #[test]
    fn database_file_follows_the_data_dir() {
        let c = config(&[("HEALTHCODE_DATA_DIR", "/var/lib/hc")]).unwrap();
        assert_eq!(
            c.database,
            DatabaseLocation::Sqlite(PathBuf::from("/var/lib/hc/healthcode.db"))
        );
    }

    #[test]
    fn database_url_overrides_the_default() {
        let c = config(&[("DATABASE_URL", "sqlite:///tmp/x.db?mode=rwc")]).unwrap();
        assert_eq!(c.database, DatabaseLocation::Sqlite(PathBuf::from("/tmp/x.db")));
        let c = config(&[("DATABASE_URL", "postgres://u@127.0.0.1:5433/hc")]).unwrap();
        assert_eq!(
            c.database,
            DatabaseLocation::Postgres("postgres://u@127.0.0.1:5433/hc".into())
        );
    }

    #[test]
    fn bad_values_are_refused_with_the_variable_named() {
        let err = config(&[("HEALTHCODE_ADDR", "localhost")]).unwrap_err();
        assert!(err.to_string().contains("HEALTHCODE_ADDR"));
        let err = config(&[("DATABASE_URL", "mysql://x")]).unwrap_err();
        assert!(err.to_string().contains("DATABASE_URL"));
        assert!(config(&[("DATABASE_URL", "sqlite::memory:")]).is_err());
        let err = config(&[("HEALTHCODE_ISSUER", "Hubei")]).unwrap_err();
        assert!(err.to_string().contains("HEALTHCODE_ISSUER"));
        for bad in [
            "app.example.cn",
            "https://app.example.cn/path",
            "https://*.example.cn",
        ] {
            let err = config(&[("HEALTHCODE_HOST_ORIGINS", bad)]).unwrap_err();
            assert!(err.to_string().contains("HEALTHCODE_HOST_ORIGINS"), "{bad}");
        }
        assert!(config(&[("HEALTHCODE_TIMEOUTS", "10,0,30")])
            .unwrap_err()
            .to_string()
            .contains("HEALTHCODE_TIMEOUTS"));
        let err = config(&[("HEALTHCODE_TRUSTED_PROXIES", "10.0.0.1,proxy")]).unwrap_err();
        assert!(err.to_string().contains("\"proxy\""), "{err}");
        for bad in ["64,16", "64,0,64", "a,b,c", "1,2,3,4"] {
            let err = config(&[("HEALTHCODE_SLOTS", bad)]).unwrap_err();
            assert!(err.to_string().contains("HEALTHCODE_SLOTS"), "{bad}");
        }
    }

    #[test]
    fn load_shedding_slots_are_configurable() {
        assert_eq!(config(&[]).unwrap().slots, default_slots());
        assert_eq!(
            config(&[("HEALTHCODE_SLOTS", "8, 2,4")]).unwrap().slots,
            [8, 2, 4]
        );
    }
}
