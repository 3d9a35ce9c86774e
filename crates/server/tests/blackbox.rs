//! Black-box test: the real `healthcode-server` binary on a free loopback port with a fresh
//! data directory, spoken to over HTTP. With `HEALTHCODE_TEST_POSTGRES` set, the binary is
//! given a new PostgreSQL database through `DATABASE_URL` instead of its SQLite file.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Server {
    child: Child,
    base: String,
    log: Vec<String>,
    lines: Option<std::sync::mpsc::Receiver<String>>,
}

impl Server {
    /// Every log line so far, waiting briefly for the server to flush.
    fn full_log(&mut self) -> Vec<String> {
        std::thread::sleep(Duration::from_millis(300));
        if let Some(rx) = &self.lines {
            self.log.extend(rx.try_iter());
        }
        self.log.clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// A server's home: its data dir, and its PostgreSQL database when the tests use one.
struct Site {
    dir: tempfile::TempDir,
    database_url: Option<String>,
}

impl Site {
    async fn new() -> Self {
        let database_url = match std::env::var("HEALTHCODE_TEST_POSTGRES") {
            Ok(server) if !server.is_empty() => {
                use sqlx::Connection;
                let name = format!("hc_blackbox_{:016x}", rand::random::<u64>());
                let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
                    .await
                    .unwrap();
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .await
                    .unwrap();
                Some(format!("{server}/{name}"))
            }
            _ => None,
        };
        Self {
            dir: tempfile::tempdir().unwrap(),
            database_url,
        }
    }

    fn path(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// The server binary, pointed at this site's data dir and database.
    fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_healthcode-server"));
        command.env("HEALTHCODE_DATA_DIR", self.path());
        match &self.database_url {
            Some(url) => command.env("DATABASE_URL", url),
            None => command.env_remove("DATABASE_URL"),
        };
        command
    }
}

/// Runs an administrative subcommand to completion; returns its standard output.
fn admin(site: &Site, args: &[&str]) -> String {
    let output = site
        .command()
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn start(site: &Site) -> Server {
    start_with(site, &[])
}

/// [`start`] with more environment.
fn start_with(site: &Site, env: &[(&str, &str)]) -> Server {
    let child = site
        .command()
        .envs(env.iter().copied())
        .env("HEALTHCODE_SMS_OUTBOX", site.path().join("sms.jsonl"))
        .env("HEALTHCODE_ADDR", "127.0.0.1:0")
        .env("HEALTHCODE_TEST_CLOCK", "1")
        .env("HEALTHCODE_STATIC_DIR", site.path().join("no-dist"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("server starts");
    // Owned by `Server` from here on, so a failed start still kills and reaps the process.
    let mut server = Server {
        child,
        base: String::new(),
        log: Vec::new(),
        lines: None,
    };
    let stdout = server.child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    loop {
        let line = rx.recv_timeout(Duration::from_secs(30)).unwrap_or_else(|_| {
            panic!(
                "server did not say where it listens; log so far: {:#?}",
                server.log
            )
        });
        server.log.push(line.clone());
        if let Some(pos) = line.find("listening on http://") {
            server.base = line[pos + "listening on ".len()..].trim().to_owned();
            server.lines = Some(rx);
            return server;
        }
    }
}

#[tokio::test]
async fn binary_creates_its_database_and_answers_health() {
    let dir = Site::new().await;
    let server = start(&dir);
    let said = |words: &[&str]| server.log.iter().any(|l| words.iter().all(|w| l.contains(w)));
    assert!(
        match dir.database_url {
            None => said(&["database: SQLite at", "healthcode.db"]),
            Some(_) => said(&["database: PostgreSQL"]),
        },
        "the log says where the database is: {:#?}",
        server.log
    );
    let health: serde_json::Value = reqwest::get(format!("{}/api/v1/health", server.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["database"]["status"], "ok");
    assert_eq!(
        dir.path().join("healthcode.db").exists(),
        dir.database_url.is_none()
    );
    // The data dir and the database are the server account's alone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(dir.path()), 0o700, "data dir");
        if dir.database_url.is_none() {
            for file in ["healthcode.db", "healthcode.db-wal", "healthcode.db-shm"] {
                assert_eq!(mode(&dir.path().join(file)), 0o600, "{file}");
            }
        }
    }
    assert_eq!(
        health["database"]["backend"],
        if dir.database_url.is_none() {
            "sqlite"
        } else {
            "postgres"
        }
    );
    // A build without the test-clock feature (as release builds are) has no test clock, even
    // with HEALTHCODE_TEST_CLOCK=1 (`start` sets it).
    let clock = reqwest::Client::new()
        .post(format!("{}/api/v1/test/clock", server.base))
        .json(&serde_json::json!({"advance_secs": 3600}))
        .send()
        .await
        .unwrap();
    assert_eq!(clock.status(), reqwest::StatusCode::NOT_FOUND);
}

/// Sends a request and reads its JSON answer.
async fn json_of(request: reqwest::RequestBuilder) -> serde_json::Value {
    request.send().await.unwrap().json().await.unwrap()
}

#[tokio::test]
async fn admin_changes_reach_a_resident_over_http() {
    let dir = Site::new().await;
    // Seed FAQ 1: a new community missing from the dataset is added by an admin.
    let out = admin(&dir, &["divisions", "add", "140802001999", "新建社区居委会"]);
    assert!(out.contains("added division 140802001999"), "{out}");
    let out = admin(&dir, &["risk-areas", "set", "4206", "high", "test notice"]);
    assert!(out.contains("4206: high"), "{out}");
    assert!(admin(&dir, &["risk-areas", "list"]).contains("4206\t襄阳市\thigh"));

    let mut server = start(&dir);
    let http = reqwest::Client::new();
    let base = &server.base.clone();
    let villages = json_of(http.get(format!("{base}/api/v1/divisions?parent=140802001"))).await;
    assert!(villages
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v["code"] == "140802001999"));

    let phone = "13900001111";
    let sent = http
        .post(format!("{base}/api/v1/auth/otp"))
        .json(&serde_json::json!({ "phone": phone }))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 202);
    let outbox = std::fs::read_to_string(dir.path().join("sms.jsonl")).unwrap();
    let code = serde_json::from_str::<serde_json::Value>(outbox.lines().last().unwrap()).unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let login = http
        .post(format!("{base}/api/v1/auth/session"))
        .json(&serde_json::json!({ "phone": phone, "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let me = json_of(http.get(format!("{base}/api/v1/me")).header("cookie", &cookie)).await;
    let person = me["persons"][0]["id"].as_str().unwrap();

    let today = chrono::Utc::now().date_naive();
    let declaration = serde_json::json!({
        "name": "李华", "sex": "female", "nationality": "CHN",
        "document_type": "resident_id", "document_number": "11010519491231002X", "phone": phone,
        "residence_division": "140802001999", "residence_address": "新建小区 1 号",
        "from_outside_province": true, "origin_division": "420602",
        "arrival_date": (today - chrono::Duration::days(2)).to_string(),
        "temperature_c": 36.5, "commitment": true
    });
    let saved = http
        .put(format!("{base}/api/v1/persons/{person}/declaration"))
        .header("cookie", &cookie)
        .header("idempotency-key", "blackbox-001")
        .json(&declaration)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
    let code = json_of(
        http.get(format!("{base}/api/v1/persons/{person}/code"))
            .header("cookie", &cookie),
    )
    .await;
    assert_eq!(code["colour"], "red", "arrived from a high-risk area: {code}");
    assert_eq!(code["reasons"][0]["rule"], "risk_area");
    let verdict = json_of(
        http.post(format!("{base}/api/v1/verify"))
            .json(&serde_json::json!({ "token": code["token"] })),
    )
    .await;
    assert_eq!(
        (verdict["valid"].as_bool(), verdict["colour"].as_str()),
        (Some(true), Some("red"))
    );
    let log = server.full_log();
    assert!(
        log.iter()
            .any(|l| l.contains("/api/v1/persons/") && l.contains("status=200")),
        "request lines were logged and read: {log:#?}"
    );
    assert!(
        !log.iter()
            .any(|l| l.contains(phone) || l.contains("11010519491231002X")),
        "no personal data in the log: {log:#?}"
    );

    // `keys rotate` while the server runs: the code shown before still verifies, and within
    // seconds new codes are signed with the new key (no restart) and verify too.
    let out = admin(&dir, &["keys", "rotate"]);
    assert!(out.contains("signing key k2 replaces k1"), "{out}");
    let still = json_of(
        http.post(format!("{base}/api/v1/verify"))
            .json(&serde_json::json!({ "token": code["token"] })),
    )
    .await;
    assert_eq!(still["valid"], true, "{still}");
    let key_of = |trust: &serde_json::Value, token: &str| {
        let list: healthcode_core::token::TrustList = serde_json::from_value(trust.clone()).unwrap();
        healthcode_core::token::verify(token, &list, chrono::Utc::now().timestamp()).map(|c| c.key_id)
    };
    let mut signed_by = String::new();
    for _ in 0..50 {
        let fresh = json_of(
            http.get(format!("{base}/api/v1/persons/{person}/code"))
                .header("cookie", &cookie),
        )
        .await;
        let trust = json_of(http.get(format!("{base}/api/v1/trust-list"))).await;
        signed_by = key_of(&trust, fresh["token"].as_str().unwrap()).expect("a fresh code verifies");
        if signed_by == "k2" {
            let verdict = json_of(
                http.post(format!("{base}/api/v1/verify"))
                    .json(&serde_json::json!({ "token": fresh["token"] })),
            )
            .await;
            assert_eq!(verdict["valid"], true, "{verdict}");
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(signed_by, "k2", "the running server switched to the rotated key");
    let old = json_of(
        http.post(format!("{base}/api/v1/verify"))
            .json(&serde_json::json!({ "token": code["token"] })),
    )
    .await;
    assert_eq!(old["valid"], true, "the old key's code after the switch: {old}");
}

/// The first bytes a connection answers within `secs` (empty when it was closed unanswered).
async fn first_answer(stream: &mut tokio::net::TcpStream, secs: u64) -> String {
    use tokio::io::AsyncReadExt;
    let mut buf = vec![0u8; 256];
    let n = tokio::time::timeout(Duration::from_secs(secs), stream.read(&mut buf))
        .await
        .expect("answered or closed in time")
        .unwrap_or(0);
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[tokio::test]
async fn slow_clients_hold_no_write_slot_and_are_cut_off_at_their_limits() {
    use tokio::io::AsyncWriteExt;
    let site = Site::new().await;
    let server = start_with(
        &site,
        &[("HEALTHCODE_TIMEOUTS", "2,2,10"), ("HEALTHCODE_SLOTS", "8,16,64")],
    );
    let addr = server.base.trim_start_matches("http://").to_owned();
    // As many writers as there are write slots send their headers, then trickle the body.
    let mut tricklers = Vec::new();
    for _ in 0..16 {
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let head = format!(
            "PUT /api/v1/persons/x/declaration HTTP/1.1\r\nHost: {addr}\r\n\
             Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        tricklers.push(stream);
    }
    // And one that never finishes its headers.
    let mut headless = tokio::net::TcpStream::connect(&addr).await.unwrap();
    headless
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    // A 17th client's write is served, not refused or queued behind them.
    let started = std::time::Instant::now();
    let otp = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/otp", server.base))
        .json(&serde_json::json!({ "phone": "13900000111" }))
        .send()
        .await
        .unwrap();
    assert_eq!(otp.status(), reqwest::StatusCode::ACCEPTED);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "answered within the body limit plus 1 s"
    );

    // Each trickler gets 408 at the body limit; the header trickler is cut off unanswered.
    for stream in &mut tricklers {
        stream.write_all(b" ").await.ok();
    }
    for stream in &mut tricklers {
        let answer = first_answer(stream, 5).await;
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    }
    let answer = first_answer(&mut headless, 15).await;
    assert!(!answer.contains("200 OK"), "{answer:?}");
}
