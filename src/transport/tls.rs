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
            Pem::File(p) => std::fs::read(p).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => {
                    tls_error(format!("{} does not exist", p.display()))
                }
                _ => tls_error(format!("cannot read {}: {e}", p.display())),
            }),
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
    /// The directory given to `from_cert_dir`, checked when the configuration is built.
    cert_dir: Option<PathBuf>,
}

impl std::fmt::Debug for TlsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsConfig")
            .field("ca", &self.ca.as_ref().map(Pem::label))
            .field("cert", &self.cert.as_ref().map(Pem::label))
            .field("key", &self.key.as_ref().map(|_| "<redacted>"))
            .field("verify", &self.verify)
            .field("server_name", &self.server_name)
            .field("cert_dir", &self.cert_dir)
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
            cert_dir: None,
        }
    }

    /// The files of a `DOCKER_CERT_PATH`-style directory, by the Docker CLI's rules: `ca.pem` is the CA
    /// the daemon's certificate must chain to, and `cert.pem` + `key.pem` the client certificate. A
    /// leading `~/` is the home directory (`$HOME`).
    ///
    /// Nothing is read here; [`DockerBuilder::build`](crate::DockerBuilder::build) fails with
    /// [`Error::Tls`] naming the full path when:
    /// - the directory does not exist;
    /// - `ca.pem` is missing while verification is on (the default). With [`verify(false)`](Self::verify)
    ///   it is not needed and not read (the CLI insists on it even then, and then ignores it);
    /// - only one of `cert.pem` and `key.pem` exists. With neither, no client certificate is presented
    ///   (the CLI ignores a missing `cert.pem` or `key.pem` too), and a daemon that demands one refuses
    ///   the connection with an error saying so.
    ///
    /// Later calls override single parts, e.g. [`ca_file`](Self::ca_file).
    ///
    /// ```
    /// use docker_sdk::transport::TlsConfig;
    /// let tls = TlsConfig::from_cert_dir("~/.docker");
    /// assert!(tls.verifies());
    /// ```
    pub fn from_cert_dir(dir: impl AsRef<Path>) -> Self {
        let dir = crate::config::expand_home(dir, &crate::config::Env::process());
        let mut tls = TlsConfig::new().ca_file(dir.join("ca.pem"));
        let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
        if cert.exists() || key.exists() {
            // Both are named: the missing one fails when read, with its path.
            tls = tls.client_cert_files(cert, key);
        }
        tls.cert_dir = Some(dir);
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
        if let Some(dir) = &self.cert_dir {
            check_cert_dir_exists(dir)?;
        }
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
                // Read both before parsing, so that a missing half is reported as missing.
                let key_pem = key.read()?;
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

fn check_cert_dir_exists(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    Err(tls_error(format!(
        "the TLS certificate directory {} does not exist (it should hold {}, cert.pem and key.pem; a `~` is expanded only at the start)",
        dir.display(),
        dir.join("ca.pem").display()
    )))
}

/// Checks a `DOCKER_CERT_PATH` directory by the rules of [`TlsConfig::from_cert_dir`], before its files are
/// loaded: the directory exists, `ca.pem` is there when verifying, and `cert.pem` and `key.pem` are both
/// there or both absent.
pub(crate) fn check_cert_dir(dir: &Path, verify: bool) -> Result<()> {
    check_cert_dir_exists(dir)?;
    let ca = dir.join("ca.pem");
    if verify && !ca.exists() {
        return Err(tls_error(format!(
            "{} does not exist: the daemon's certificate is verified against it (copy the daemon's CA there, or point DOCKER_CERT_PATH at the directory that has it)",
            ca.display()
        )));
    }
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    match (cert.exists(), key.exists()) {
        (true, false) | (false, true) => {
            let (missing, present) = if cert.exists() {
                (&key, &cert)
            } else {
                (&cert, &key)
            };
            Err(tls_error(format!(
                "{} does not exist but {} does: a client certificate needs both (add the missing one, or remove both to connect without a client certificate)",
                missing.display(),
                present.display()
            )))
        }
        _ => Ok(()),
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

    fn message(tls: &TlsConfig) -> String {
        tls.client_config().unwrap_err().to_string()
    }

    #[test]
    fn cert_dir_missing_directory_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("absent");
        for verify in [true, false] {
            let err = message(&TlsConfig::from_cert_dir(&dir).verify(verify));
            assert!(err.contains(&dir.display().to_string()), "{err}");
            assert!(
                err.contains("directory") && err.contains("does not exist"),
                "{err}"
            );
        }
    }

    #[test]
    fn cert_dir_expands_the_home_directory() {
        let home = std::env::var("HOME").expect("HOME is set for the tests");
        let unique = format!("docker-sdk-absent-{}", std::process::id());
        let err = message(&TlsConfig::from_cert_dir(format!("~/{unique}")));
        let expected = Path::new(&home).join(&unique).display().to_string();
        assert!(err.contains(&expected), "{err}");
    }

    #[test]
    fn cert_dir_needs_ca_only_when_verifying() {
        let tmp = tempfile::tempdir().unwrap();
        let err = message(&TlsConfig::from_cert_dir(tmp.path()));
        let ca = tmp.path().join("ca.pem").display().to_string();
        assert!(err.contains(&ca) && err.contains("does not exist"), "{err}");
        // Without verification the CA is not needed, and neither cert.pem nor key.pem means no client
        // certificate.
        let tls = TlsConfig::from_cert_dir(tmp.path()).verify(false);
        assert!(tls.cert.is_none() && tls.key.is_none());
        let config = tls.client_config().unwrap();
        assert!(!config.client_auth_cert_resolver.has_certs());
        // A present ca.pem is read when verifying (here it is not PEM).
        std::fs::write(tmp.path().join("ca.pem"), "junk").unwrap();
        let err = message(&TlsConfig::from_cert_dir(tmp.path()));
        assert!(err.contains(&ca) && err.contains("no certificate"), "{err}");
    }

    #[test]
    fn cert_dir_half_a_client_certificate_names_the_missing_file() {
        for (present, missing) in [("cert.pem", "key.pem"), ("key.pem", "cert.pem")] {
            let tmp = tempfile::tempdir().unwrap();
            std::fs::write(tmp.path().join(present), "x").unwrap();
            let err = message(&TlsConfig::from_cert_dir(tmp.path()).verify(false));
            let path = tmp.path().join(missing).display().to_string();
            assert!(
                err.contains(&path) && err.contains("does not exist"),
                "{err}"
            );
        }
    }

    #[test]
    fn check_cert_dir_rules() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        assert!(check_cert_dir(&dir.join("absent"), false).is_err());
        assert!(check_cert_dir(dir, false).is_ok());
        let err = check_cert_dir(dir, true).unwrap_err().to_string();
        assert!(
            err.contains(&dir.join("ca.pem").display().to_string()),
            "{err}"
        );
        std::fs::write(dir.join("ca.pem"), "x").unwrap();
        assert!(check_cert_dir(dir, true).is_ok());
        std::fs::write(dir.join("key.pem"), "x").unwrap();
        let err = check_cert_dir(dir, true).unwrap_err().to_string();
        assert!(
            err.contains(&dir.join("cert.pem").display().to_string()),
            "{err}"
        );
        std::fs::write(dir.join("cert.pem"), "x").unwrap();
        assert!(check_cert_dir(dir, true).is_ok());
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
