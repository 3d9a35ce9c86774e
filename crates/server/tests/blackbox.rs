//! Black-box test: the real `healthcode-server` binary on a free loopback port with a fresh
//! data directory, spoken to over HTTP.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Server {
    child: Child,
    base: String,
    log: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

fn start(data_dir: &std::path::Path) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_healthcode-server"))
        .env("HEALTHCODE_ADDR", "127.0.0.1:0")
        .env("HEALTHCODE_DATA_DIR", data_dir)
        .env("HEALTHCODE_STATIC_DIR", data_dir.join("no-dist"))
        .env_remove("DATABASE_URL")
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
            return server;
        }
    }
}

#[tokio::test]
async fn binary_creates_its_database_and_answers_health() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    assert!(
        server
            .log
            .iter()
            .any(|l| l.contains("database: SQLite at") && l.contains("healthcode.db")),
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
    assert!(dir.path().join("healthcode.db").exists());
}
