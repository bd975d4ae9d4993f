//! A PostgreSQL database of its own for each test that needs one (feature `postgres`).
//!
//! The server is named by `LEDE_TEST_POSTGRES` (a URL whose user may create databases;
//! `scripts/postgres.sh start` starts one and prints it). Without it a test is skipped with a
//! line on stderr saying so, unless `LEDE_REQUIRE_POSTGRES` is set (as CI sets it), when the
//! test fails instead: a CI that silently skips is no test.
//!
//! The synchronous client cannot run on an async runtime's threads, so every call here runs
//! on a thread of its own: a `#[tokio::test]` can use this as any other test.

use std::sync::atomic::{AtomicU64, Ordering};

/// The variable naming the PostgreSQL server for tests.
pub const URL_VAR: &str = "LEDE_TEST_POSTGRES";
/// Set (to anything) to fail instead of skipping without a server.
pub const REQUIRE_VAR: &str = "LEDE_REQUIRE_POSTGRES";

/// A database created for one test and dropped (with its connections) when this is.
#[derive(Debug)]
pub struct TestDatabase {
    admin: String,
    name: String,
    /// The database's URL.
    pub url: String,
}

impl TestDatabase {
    /// A new empty database for `test`, or `None` (after saying so on stderr) without a
    /// server to make it on.
    ///
    /// # Panics
    ///
    /// Without a server when [`REQUIRE_VAR`] is set, or if the server refuses to create it.
    #[must_use]
    pub fn create(test: &str) -> Option<Self> {
        let Some(admin) = std::env::var(URL_VAR).ok().filter(|url| !url.is_empty()) else {
            assert!(
                std::env::var_os(REQUIRE_VAR).is_none(),
                "{test}: {REQUIRE_VAR} is set but {URL_VAR} is not: start a server with \
                 `scripts/postgres.sh start` and export its URL"
            );
            eprintln!(
                "SKIPPED {test}: no PostgreSQL server ({URL_VAR} is not set; \
                 `scripts/postgres.sh start` starts one)"
            );
            return None;
        };
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "lede_test_{}_{}_{}",
            test.chars()
                .filter(char::is_ascii_alphanumeric)
                .take(24)
                .collect::<String>()
                .to_ascii_lowercase(),
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let (url, statement) = (admin.clone(), format!("CREATE DATABASE {name}"));
        off_thread(move || {
            connect(&url)
                .batch_execute(&statement)
                .unwrap_or_else(|error| panic!("{statement}: {error}"));
        });
        let url = with_database(&admin, &name);
        Some(Self { admin, name, url })
    }

    /// Runs `statement` on the database and returns the first column of its first row, as
    /// an `i64` (a count).
    ///
    /// # Panics
    ///
    /// If it cannot connect, the statement fails, or it returns no row.
    #[must_use]
    pub fn query_i64(&self, statement: &str) -> i64 {
        let (url, statement) = (self.url.clone(), statement.to_owned());
        off_thread(move || {
            connect(&url)
                .query_one(&statement, &[])
                .unwrap_or_else(|error| panic!("{statement}: {error}"))
                .get(0)
        })
    }

    /// Runs `statements` on the database.
    ///
    /// # Panics
    ///
    /// If it cannot connect or a statement fails.
    pub fn execute(&self, statements: &str) {
        let (url, statements) = (self.url.clone(), statements.to_owned());
        off_thread(move || {
            connect(&url)
                .batch_execute(&statements)
                .unwrap_or_else(|error| panic!("{statements}: {error}"));
        });
    }

    /// Terminates every other session on the database (as a failover or an operator
    /// would), and returns how many there were.
    ///
    /// # Panics
    ///
    /// If the server refuses.
    #[must_use]
    pub fn terminate_sessions(&self) -> u64 {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        off_thread(move || {
            let rows = connect(&admin)
                .query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE datname = $1 AND pid <> pg_backend_pid()",
                    &[&name],
                )
                .unwrap_or_else(|error| panic!("terminating the sessions: {error}"));
            rows.len() as u64
        })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        let dropping = std::thread::spawn(move || {
            if let Ok(mut client) = postgres::Client::connect(&admin, postgres::NoTls) {
                let _ =
                    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        });
        let _ = dropping.join();
    }
}

/// Runs `work` on a new thread and returns its result (or resumes its panic).
fn off_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match std::thread::spawn(work).join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

fn connect(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls)
        .unwrap_or_else(|error| panic!("connecting to {url}: {error}"))
}

/// `url` with its database replaced by `database`.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{database}?{query}"),
        None => format!("{base}/{database}"),
    }
}
