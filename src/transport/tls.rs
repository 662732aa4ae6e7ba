//! TCP with TLS (rustls): a daemon listening with `--tlsverify`, client certificates, or verification off.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use super::tcp::connect_tcp;
use super::{Conn, Dial};
use crate::error::{Error, Result};

/// A PEM source: a file (named in errors) or bytes in memory.
#[derive(Clone, PartialEq, Eq)]
enum Pem {
    File(PathBuf),
    Bytes(String, Vec<u8>),
}

impl Pem {
    fn label(&self) -> String {
        match self {
            Pem::File(p) => p.display().to_string(),
            Pem::Bytes(label, _) => label.clone(),
        }
    }

    fn read(&self) -> Result<Vec<u8>> {
        match self {
            Pem::File(p) => {
                std::fs::read(p).map_err(|e| tls_error(format!("cannot read {}: {e}", p.display())))
            }
            Pem::Bytes(_, b) => Ok(b.clone()),
        }
    }
}

fn tls_error(message: String) -> Error {
    Error::Tls {
        message,
        source: None,
    }
}

/// TLS settings for a `tcp://` daemon.
///
/// Follows the Docker CLI: with verification on, the daemon's certificate must chain to the CA (`ca.pem`,
/// or the system's well-known roots when no CA is given) and match the host name; a client certificate
/// and key (`cert.pem`, `key.pem`; RSA PKCS#1, PKCS#8 or EC keys) are presented when given.
///
/// ```
/// use docker_sdk::transport::TlsConfig;
/// let tls = TlsConfig::new()
///     .ca_file("/certs/ca.pem")
///     .client_cert_files("/certs/cert.pem", "/certs/key.pem")
///     .server_name("docker.internal");
/// assert!(tls.verifies());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct TlsConfig {
    ca: Option<Pem>,
    cert: Option<Pem>,
    key: Option<Pem>,
    verify: bool,
    server_name: Option<String>,
}

impl std::fmt::Debug for TlsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsConfig")
            .field("ca", &self.ca.as_ref().map(Pem::label))
            .field("cert", &self.cert.as_ref().map(Pem::label))
            .field("key", &self.key.as_ref().map(|_| "<redacted>"))
            .field("verify", &self.verify)
            .field("server_name", &self.server_name)
            .finish()
    }
}

impl Default for TlsConfig {
    fn default() -> Self {
        TlsConfig::new()
    }
}

impl TlsConfig {
    /// TLS with verification on and no client certificate.
    pub fn new() -> Self {
        TlsConfig {
            ca: None,
            cert: None,
            key: None,
            verify: true,
            server_name: None,
        }
    }

    /// The files of a `DOCKER_CERT_PATH`-style directory: `ca.pem`, `cert.pem` and `key.pem`, each used
    /// only when it exists (like the CLI).
    pub fn from_cert_dir(dir: impl AsRef<Path>) -> Self {
        let dir = dir.as_ref();
        let mut tls = TlsConfig::new();
        if dir.join("ca.pem").exists() {
            tls = tls.ca_file(dir.join("ca.pem"));
        }
        if dir.join("cert.pem").exists() && dir.join("key.pem").exists() {
            tls = tls.client_cert_files(dir.join("cert.pem"), dir.join("key.pem"));
        }
        tls
    }

    /// Trusts the CA certificates in this PEM file (instead of the well-known roots).
    pub fn ca_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca = Some(Pem::File(path.into()));
        self
    }

    /// Trusts the CA certificates in this PEM text.
    pub fn ca_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.ca = Some(Pem::Bytes("the CA PEM given in memory".into(), pem.into()));
        self
    }

    /// Presents this client certificate and key (PEM files).
    pub fn client_cert_files(mut self, cert: impl Into<PathBuf>, key: impl Into<PathBuf>) -> Self {
        self.cert = Some(Pem::File(cert.into()));
        self.key = Some(Pem::File(key.into()));
        self
    }

    /// Presents this client certificate and key (PEM text).
    pub fn client_cert_pem(mut self, cert: impl Into<Vec<u8>>, key: impl Into<Vec<u8>>) -> Self {
        self.cert = Some(Pem::Bytes(
            "the client certificate PEM given in memory".into(),
            cert.into(),
        ));
        self.key = Some(Pem::Bytes(
            "the client key PEM given in memory".into(),
            key.into(),
        ));
        self
    }

    /// Turns verification of the daemon's certificate on (default) or off. Off is insecure: anyone on the
    /// path can impersonate the daemon.
    pub fn verify(mut self, verify: bool) -> Self {
        self.verify = verify;
        self
    }

    /// The name the daemon's certificate must be valid for, instead of the host of the address.
    pub fn server_name(mut self, name: impl Into<String>) -> Self {
        self.server_name = Some(name.into());
        self
    }

    /// Whether the daemon's certificate is verified.
    pub fn verifies(&self) -> bool {
        self.verify
    }

    /// Builds the rustls configuration, reading and checking every file.
    pub(crate) fn client_config(&self) -> Result<ClientConfig> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| tls_error(format!("cannot set up TLS: {e}")))?;
        let builder = if self.verify {
            let mut roots = RootCertStore::empty();
            match &self.ca {
                Some(ca) => {
                    let pem = ca.read()?;
                    let mut count = 0;
                    for cert in CertificateDer::pem_slice_iter(&pem) {
                        let cert = cert.map_err(|e| {
                            tls_error(format!("{}: not a PEM certificate: {e}", ca.label()))
                        })?;
                        roots.add(cert).map_err(|e| {
                            tls_error(format!("{}: unusable CA certificate: {e}", ca.label()))
                        })?;
                        count += 1;
                    }
                    if count == 0 {
                        return Err(tls_error(format!(
                            "{}: no certificate found in it",
                            ca.label()
                        )));
                    }
                }
                None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
            }
            builder.with_root_certificates(roots)
        } else {
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(NoVerification(provider)))
        };
        match (&self.cert, &self.key) {
            (Some(cert), Some(key)) => {
                let cert_pem = cert.read()?;
                let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&cert_pem)
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|e| {
                        tls_error(format!("{}: not a PEM certificate: {e}", cert.label()))
                    })?;
                if certs.is_empty() {
                    return Err(tls_error(format!(
                        "{}: no certificate found in it",
                        cert.label()
                    )));
                }
                let key_pem = key.read()?;
                if String::from_utf8_lossy(&key_pem).contains("ENCRYPTED") {
                    return Err(tls_error(format!(
                        "{}: encrypted private keys are not supported; decrypt it (e.g. openssl pkey -in key.pem -out key.pem)",
                        key.label()
                    )));
                }
                let private = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| {
                    tls_error(format!(
                        "{}: no usable private key (RSA PKCS#1, PKCS#8 or EC) in it: {e}",
                        key.label()
                    ))
                })?;
                builder.with_client_auth_cert(certs, private).map_err(|e| {
                    tls_error(format!(
                        "{} and {} do not make a client identity: {e}",
                        cert.label(),
                        key.label()
                    ))
                })
            }
            (None, None) => Ok(builder.with_no_client_auth()),
            _ => Err(tls_error(
                "a client certificate needs both the certificate and its key".into(),
            )),
        }
    }
}

/// Accepts any certificate: `verify(false)`.
#[derive(Debug)]
struct NoVerification(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for NoVerification {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

pub(crate) struct TlsDialer {
    host: String,
    port: u16,
    label: String,
    server_name: ServerName<'static>,
    connector: tokio_rustls::TlsConnector,
    has_client_cert: bool,
}

impl TlsDialer {
    pub(crate) fn new(host: String, port: u16, label: String, tls: &TlsConfig) -> Result<Self> {
        let config = tls.client_config()?;
        let name = tls.server_name.clone().unwrap_or_else(|| host.clone());
        let server_name = ServerName::try_from(name.clone())
            .map_err(|_| tls_error(format!("{name:?} is not a valid TLS server name")))?;
        Ok(TlsDialer {
            host,
            port,
            label,
            server_name,
            connector: tokio_rustls::TlsConnector::from(Arc::new(config)),
            has_client_cert: tls.cert.is_some(),
        })
    }
}

impl Dial for TlsDialer {
    fn dial(&self) -> Pin<Box<dyn Future<Output = Result<Conn>> + Send>> {
        let (host, port, label) = (self.host.clone(), self.port, self.label.clone());
        let connector = self.connector.clone();
        let name = self.server_name.clone();
        let has_client_cert = self.has_client_cert;
        Box::pin(async move {
            let tcp = connect_tcp(&host, port, &label).await?;
            match connector.connect(name.clone(), tcp).await {
                Ok(stream) => Ok(Conn::new(stream)),
                Err(e) => Err(explain_handshake(&label, &name, has_client_cert, e)),
            }
        })
    }
}

/// Says which check failed, from the handshake error.
fn explain_handshake(
    label: &str,
    name: &ServerName<'_>,
    has_client_cert: bool,
    e: std::io::Error,
) -> Error {
    use rustls::{AlertDescription, CertificateError};
    let inner = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>());
    let message = match inner {
        Some(rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer)) => format!(
            "the certificate of {label} is not signed by a trusted CA (give the daemon's CA with ca_file / DOCKER_CERT_PATH/ca.pem)"
        ),
        Some(rustls::Error::InvalidCertificate(CertificateError::NotValidForName))
        | Some(rustls::Error::InvalidCertificate(CertificateError::NotValidForNameContext { .. })) => format!(
            "the certificate of {label} is not valid for the name {name:?} (connect with a name it lists, or set server_name)"
        ),
        Some(rustls::Error::InvalidCertificate(other)) => format!("the certificate of {label} was rejected: {other:?}"),
        Some(rustls::Error::AlertReceived(
            AlertDescription::CertificateRequired | AlertDescription::BadCertificate | AlertDescription::HandshakeFailure,
        )) if !has_client_cert => format!(
            "{label} requires a client certificate (give cert.pem and key.pem with client_cert_files / DOCKER_CERT_PATH)"
        ),
        Some(rustls::Error::AlertReceived(AlertDescription::BadCertificate | AlertDescription::UnknownCA)) => {
            format!("{label} refused our client certificate (is it signed by the CA the daemon trusts?)")
        }
        Some(other) => format!("TLS handshake with {label} failed: {other}"),
        None => format!("TLS handshake with {label} failed: {e}"),
    };
    Error::Tls {
        message,
        source: Some(Box::new(e)),
    }
}

/// With TLS 1.3 the daemon refuses a missing or untrusted client certificate only after the handshake, on
/// the first read: turns such an I/O error into [`Error::Tls`] saying so.
pub(crate) fn explain_tls_io(label: &str, e: &std::io::Error) -> Option<Error> {
    use rustls::AlertDescription;
    let inner = e
        .get_ref()
        .and_then(|i| i.downcast_ref::<rustls::Error>())?;
    let message = match inner {
        rustls::Error::AlertReceived(
            AlertDescription::CertificateRequired | AlertDescription::BadCertificate | AlertDescription::UnknownCA,
        ) => format!(
            "{label} refused the connection: it requires a client certificate signed by a CA it trusts (give cert.pem and key.pem with client_cert_files / DOCKER_CERT_PATH)"
        ),
        other => format!("TLS error talking to {label}: {other}"),
    };
    Some(Error::Tls {
        message,
        source: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_files_are_named() {
        let err = TlsConfig::new()
            .ca_file("/nonexistent/ca.pem")
            .client_config()
            .unwrap_err();
        assert!(err.to_string().contains("/nonexistent/ca.pem"), "{err}");
        let err = TlsConfig::new()
            .ca_pem("not pem")
            .client_config()
            .unwrap_err();
        assert!(err.to_string().contains("no certificate"), "{err}");
    }

    #[test]
    fn encrypted_keys_are_refused_with_advice() {
        let err = TlsConfig::new()
            .verify(false)
            .client_cert_pem(
                "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n",
            )
            .client_config()
            .unwrap_err();
        assert!(err.to_string().contains("encrypted private keys"), "{err}");
    }

    #[test]
    fn debug_hides_the_key() {
        let tls = TlsConfig::new().client_cert_pem("cert", "SECRET-KEY");
        assert!(!format!("{tls:?}").contains("SECRET"));
    }
}
