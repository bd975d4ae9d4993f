//! The `lede-server` binary: parses [`lede_server::Config`], loads the corpus and serves
//! until SIGINT or SIGTERM.

use std::sync::Arc;

use anyhow::Context as _;
use clap::Parser as _;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        // Logs go to standard error, with colour codes only for a person at a terminal.
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let config = lede_server::Config::parse();
    let collection = Arc::new(config.open_collection()?);
    match collection.location() {
        Some(path) => {
            tracing::info!(store = %path.display(), "durable: writes are committed to the store")
        }
        None => tracing::warn!("in memory: writes are lost when the server stops"),
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("binding {}", config.addr))?;
    tracing::info!(
        addr = %listener.local_addr()?,
        documents = collection.len(),
        "lede-server listening"
    );
    lede_server::serve(collection, config.limits(), listener, shutdown_signal()).await?;
    tracing::info!("lede-server stopped");
    Ok(())
}

/// Completes on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
