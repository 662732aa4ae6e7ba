//! PEM files for a TLS connection to a daemon.

use std::fmt;
use std::path::Path;

use crate::{Error, Result};

/// PEM files for a TLS connection: CA bundle, client certificate and client key. Each is optional.
///
/// `Debug` shows only which parts are present and their sizes, never the key.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TlsMaterial {
    /// CA certificates (PEM) to verify the daemon with; `None` means the system roots.
    pub ca: Option<Vec<u8>>,
    /// Client certificate (PEM).
    pub cert: Option<Vec<u8>>,
    /// Client private key (PEM).
    pub key: Option<Vec<u8>>,
}

impl fmt::Debug for TlsMaterial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let size = |v: &Option<Vec<u8>>| v.as_ref().map(|b| format!("<{} bytes>", b.len()));
        f.debug_struct("TlsMaterial")
            .field("ca", &size(&self.ca))
            .field("cert", &size(&self.cert))
            .field("key", &self.key.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl TlsMaterial {
    /// True when no file is present.
    pub fn is_empty(&self) -> bool {
        self.ca.is_none() && self.cert.is_none() && self.key.is_none()
    }

    /// Reads `ca.pem`, `cert.pem` and `key.pem` from `dir`; missing files are skipped.
    ///
    /// # Errors
    ///
    /// [`Error::Tls`] when a file exists but cannot be read, or the key is encrypted (not supported, as in
    /// the CLI).
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Self> {
        let dir = dir.as_ref();
        let material = TlsMaterial {
            ca: read_optional(&dir.join("ca.pem"))?,
            cert: read_optional(&dir.join("cert.pem"))?,
            key: read_optional(&dir.join("key.pem"))?,
        };
        material.check_key(&dir.join("key.pem"))?;
        Ok(material)
    }

    pub(crate) fn check_key(&self, path: &Path) -> Result<()> {
        let Some(key) = &self.key else { return Ok(()) };
        let text = String::from_utf8_lossy(key);
        if text.contains("Proc-Type: 4,ENCRYPTED") || text.contains("BEGIN ENCRYPTED PRIVATE KEY") {
            return Err(Error::Tls {
                message: format!(
                    "{}: encrypted private keys are not supported; decrypt it (e.g. `openssl pkey -in key.pem -out key.pem`)",
                    path.display()
                ),
                source: None,
            });
        }
        Ok(())
    }
}

fn read_optional(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::Tls {
            message: format!("cannot read {}", path.display()),
            source: Some(Box::new(e)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_dir_skips_missing_files() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(TlsMaterial::load_dir(tmp.path()).unwrap().is_empty());
        std::fs::write(tmp.path().join("cert.pem"), b"CERT").unwrap();
        let material = TlsMaterial::load_dir(tmp.path()).unwrap();
        assert_eq!(material.cert.as_deref(), Some(&b"CERT"[..]));
        assert_eq!((material.ca, material.key), (None, None));
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_file_is_a_tls_error_naming_it() {
        let tmp = tempfile::tempdir().unwrap();
        // A directory where a file is expected cannot be read as one.
        std::fs::create_dir(tmp.path().join("ca.pem")).unwrap();
        let err = TlsMaterial::load_dir(tmp.path()).unwrap_err();
        assert!(matches!(err, Error::Tls { .. }));
        assert!(err.to_string().contains("ca.pem"), "{err}");
    }

    #[test]
    fn debug_hides_key_bytes() {
        let tls = TlsMaterial {
            ca: Some(b"CA-BYTES".to_vec()),
            cert: None,
            key: Some(b"KEY-BYTES-SECRET".to_vec()),
        };
        let shown = format!("{tls:?}");
        assert!(
            !shown.contains("SECRET") && !shown.contains("75, 69"),
            "{shown}"
        );
        assert!(shown.contains("<8 bytes>"), "{shown}");
    }
}
