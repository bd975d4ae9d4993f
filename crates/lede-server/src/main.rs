//! The `lede-server` binary: parses [`lede_server::Config`], loads the corpus and serves
//! until SIGINT or SIGTERM.

use std::sync::Arc;

use anyhow::Context as _;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _telemetry = lede_server::telemetry::init()?;
    let config = lede_server::Config::load().unwrap_or_else(|error| error.exit());
    // Files and the exposure check first: a bad TLS key should not wait for a corpus load.
    let options = config.options()?;
    // Off the runtime's workers: a shared store's client blocks.
    let opening = config.clone();
    let mut collection = tokio::task::spawn_blocking(move || opening.open_collection())
        .await
        .context("opening the corpus")??;
    if let Some(addr) = config.metrics_addr {
        let listener = lede_server::metrics::bind(addr).await?;
        tracing::info!(addr = %listener.local_addr()?, "metrics at /metrics");
        collection = collection.with_metrics(lede_server::Metrics::new());
        let metrics = collection.metrics().clone();
        tokio::spawn(async move {
            let served =
                lede_server::metrics::serve_metrics(listener, metrics, std::future::pending());
            if let Err(error) = served.await {
                tracing::error!(error = format!("{error:#}"), "metrics listener stopped");
            }
        });
    }
    let collection = Arc::new(collection);
    match collection.location() {
        Some(store) if collection.is_shared() => tracing::info!(
            store,
            "shared: writes are committed to the store, and its change log is followed"
        ),
        Some(store) => {
            tracing::info!(store, "durable: writes are committed to the store")
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
    if let Some(limit) = lede_server::open_files_limit() {
        let needed = u64::try_from(options.connections.max_connections)
            .unwrap_or(u64::MAX)
            .saturating_add(64);
        if needed > limit {
            tracing::warn!(
                max_connections = options.connections.max_connections,
                open_files_limit = limit,
                "--max-connections is above what the open-files limit (ulimit -n) allows: \
                 raise the limit or lower --max-connections"
            );
        }
    }
    tracing::info!(
        tls = options.tls.is_some(),
        mutual_tls = config.tls_client_ca.is_some(),
        tokens = options.tokens.as_ref().map_or(0, |tokens| tokens.len()),
        grpc_web = options.grpc_web,
        max_connections = options.connections.max_connections,
        "security and limits"
    );
    lede_server::serve_with(collection, options, listener, shutdown_signal()).await?;
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
