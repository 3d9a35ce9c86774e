//! `healthcode-server`: starts the API and static server (configuration: see `config.rs`), or
//! runs an administrative subcommand (see `cli.rs`).

use healthcode_server::config::{Config, DatabaseLocation};
use healthcode_server::{cli, serve, AppState};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let config = Config::from_env()?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = cli::parse(&args)?;
    match &config.database {
        DatabaseLocation::Sqlite(path) => tracing::info!("database: SQLite at {}", path.display()),
        DatabaseLocation::Postgres(_) => tracing::info!("database: PostgreSQL (DATABASE_URL)"),
    }
    if command == cli::Command::Serve {
        config.check_sms_sender()?;
    }
    let state = AppState::from_config(&config).await?;
    if command != cli::Command::Serve {
        return cli::run(command, &state).await;
    }
    serve(&config, state, shutdown_signal()).await
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: draining in-flight requests");
}
