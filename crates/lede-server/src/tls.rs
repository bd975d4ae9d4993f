//! TLS and mutual TLS (`--tls-cert`, `--tls-key`, `--tls-client-ca`) with rustls.
//!
//! The handshake runs in the connection layer (`connections.rs`), under the handshake
//! timeout, before tonic sees the connection: a client that opens a socket and never
//! finishes its handshake holds nothing for long. ALPN offers `h2` and, with gRPC-Web on,
//! `http/1.1`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject as _;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// Where the server's certificate and key are, and the client CA for mTLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// The certificate chain, PEM, the server's own certificate first.
    pub cert: PathBuf,
    /// The private key, PEM (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
    /// With mTLS: the CA certificates, PEM, that a client's certificate must chain to. A
    /// client without such a certificate cannot complete the handshake.
    pub client_ca: Option<PathBuf>,
}

/// A TLS file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// A PEM file cannot be read or holds nothing of the kind expected.
    #[error("{what} {path}: {problem}")]
    File {
        /// What the file should hold.
        what: &'static str,
        /// The file, as given.
        path: String,
        /// What is wrong.
        problem: String,
    },
    /// rustls refuses the combination (a key that does not match the certificate, say).
    #[error("TLS configuration: {0}")]
    Config(String),
}

fn file_error(what: &'static str, path: &Path, problem: impl ToString) -> TlsError {
    TlsError::File {
        what,
        path: path.display().to_string(),
        problem: problem.to_string(),
    }
}

fn certificates(what: &'static str, path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let certificates = CertificateDer::pem_file_iter(path)
        .map_err(|error| file_error(what, path, error))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| file_error(what, path, error))?;
    if certificates.is_empty() {
        return Err(file_error(what, path, "no PEM certificate in the file"));
    }
    Ok(certificates)
}

/// The ALPN protocols the server offers.
fn alpn(http1: bool) -> Vec<Vec<u8>> {
    let mut protocols = vec![b"h2".to_vec()];
    if http1 {
        protocols.push(b"http/1.1".to_vec());
    }
    protocols
}

impl TlsFiles {
    /// Reads the files into a rustls server configuration; `http1` also offers HTTP/1.1 in
    /// ALPN (for gRPC-Web).
    ///
    /// # Errors
    ///
    /// [`TlsError`] naming the file that cannot be read or parsed, or rustls's refusal.
    pub fn server_config(&self, http1: bool) -> Result<Arc<rustls::ServerConfig>, TlsError> {
        let chain = certificates("certificate chain (--tls-cert)", &self.cert)?;
        let key = PrivateKeyDer::from_pem_file(&self.key)
            .map_err(|error| file_error("private key (--tls-key)", &self.key, error))?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|error| TlsError::Config(error.to_string()))?;
        let builder = match &self.client_ca {
            None => builder.with_no_client_auth(),
            Some(path) => {
                let mut roots = rustls::RootCertStore::empty();
                for certificate in certificates("client CA (--tls-client-ca)", path)? {
                    roots
                        .add(certificate)
                        .map_err(|error| file_error("client CA (--tls-client-ca)", path, error))?;
                }
                let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
                    Arc::new(roots),
                    provider,
                )
                .build()
                .map_err(|error| TlsError::Config(error.to_string()))?;
                builder.with_client_cert_verifier(verifier)
            }
        };
        let mut config = builder
            .with_single_cert(chain, key)
            .map_err(|error| TlsError::Config(error.to_string()))?;
        config.alpn_protocols = alpn(http1);
        Ok(Arc::new(config))
    }
}
