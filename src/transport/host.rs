//! Parsing daemon addresses (`DOCKER_HOST` values).

use std::fmt;
use std::path::PathBuf;

use crate::error::{Error, Result};

/// The default daemon address on Unix.
pub const DEFAULT_UNIX_SOCKET: &str = "unix:///var/run/docker.sock";
/// The default daemon address on Windows.
pub const DEFAULT_NAMED_PIPE: &str = "npipe:////./pipe/docker_engine";

/// Where the daemon listens, parsed from a `DOCKER_HOST`-style address.
///
/// ```
/// use docker_sdk::transport::DaemonHost;
/// let h: DaemonHost = "tcp://127.0.0.1:2375".parse().unwrap();
/// assert_eq!(h, DaemonHost::Tcp { host: "127.0.0.1".into(), port: 2375, tls: false });
/// let u: DaemonHost = "unix:///run/podman/podman.sock".parse().unwrap();
/// assert_eq!(u.to_string(), "unix:///run/podman/podman.sock");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DaemonHost {
    /// A Unix domain socket (`unix:///var/run/docker.sock`).
    Unix(PathBuf),
    /// TCP (`tcp://host:port`, `http://…`, `https://…`); `tls` is set for `https://`, and may be turned on for
    /// `tcp://` by TLS settings.
    Tcp {
        /// Host name or IP address (IPv6 without brackets).
        host: String,
        /// Port.
        port: u16,
        /// Whether the address itself asks for TLS (`https://`).
        tls: bool,
    },
    /// SSH (`ssh://[user@]host[:port][/socket]`), spoken through the user's `ssh` and
    /// `docker system dial-stdio` on the remote side.
    Ssh {
        /// Login name, if given.
        user: Option<String>,
        /// Host name or IP address.
        host: String,
        /// Port, if given.
        port: Option<u16>,
        /// The remote daemon socket, if the URL has a path.
        socket: Option<String>,
    },
    /// A Windows named pipe (`npipe:////./pipe/docker_engine`).
    NamedPipe(String),
}

impl DaemonHost {
    /// Parses an address, with the Docker CLI's defaults: a bare `host:port` is TCP, and a missing TCP port
    /// is 2376 when `tls` is true, else 2375.
    pub fn parse_with_tls(addr: &str, tls: bool) -> Result<DaemonHost> {
        let addr = addr.trim();
        if addr.is_empty() {
            return Err(Error::invalid("the daemon address is empty"));
        }
        let (scheme, rest) = match addr.split_once("://") {
            Some((s, r)) => (s.to_ascii_lowercase(), r),
            None => ("tcp".to_string(), addr),
        };
        match scheme.as_str() {
            "unix" => {
                if rest.is_empty() {
                    return Err(Error::invalid(format!("{addr:?}: a unix:// address needs a socket path")));
                }
                Ok(DaemonHost::Unix(PathBuf::from(rest)))
            }
            "npipe" => {
                let pipe = if rest.is_empty() { "//./pipe/docker_engine" } else { rest };
                Ok(DaemonHost::NamedPipe(pipe.replace('/', "\\")))
            }
            "tcp" | "http" | "https" => {
                let want_tls = scheme == "https" || tls;
                let default_port = if want_tls { 2376 } else { 2375 };
                let authority = rest.split('/').next().unwrap_or_default();
                let (host, port) = split_host_port(authority, addr)?;
                if host.is_empty() {
                    return Err(Error::invalid(format!("{addr:?}: no host in the address")));
                }
                Ok(DaemonHost::Tcp {
                    host,
                    port: port.unwrap_or(default_port),
                    tls: scheme == "https",
                })
            }
            "ssh" => parse_ssh(rest, addr),
            "fd" => Err(Error::invalid(format!(
                "{addr:?}: fd:// addresses are only meaningful for dockerd itself, not for a client"
            ))),
            other => Err(Error::invalid(format!(
                "{addr:?}: unsupported scheme {other:?} (use unix://, tcp://, http://, https://, ssh:// or npipe://)"
            ))),
        }
    }

    /// A short label used in errors and traces (never includes credentials).
    pub fn display_name(&self) -> String {
        self.to_string()
    }
}

fn split_host_port(authority: &str, addr: &str) -> Result<(String, Option<u16>)> {
    let bad_port = || {
        Error::invalid(format!(
            "{addr:?}: the port is not a number between 1 and 65535"
        ))
    };
    if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or_else(|| Error::invalid(format!("{addr:?}: unclosed '[' in an IPv6 address")))?;
        let port = match after.strip_prefix(':') {
            Some(p) if !p.is_empty() => Some(p.parse().map_err(|_| bad_port())?),
            _ => None,
        };
        return Ok((host.to_string(), port));
    }
    match authority.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => {
            let port = if p.is_empty() {
                None
            } else {
                Some(p.parse().map_err(|_| bad_port())?)
            };
            Ok((h.to_string(), port))
        }
        _ => Ok((authority.to_string(), None)),
    }
}

fn parse_ssh(rest: &str, addr: &str) -> Result<DaemonHost> {
    if rest.contains('?') || rest.contains('#') {
        return Err(Error::invalid(format!(
            "{addr:?}: ssh:// addresses take no query or fragment"
        )));
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], Some(&rest[i..])),
        None => (rest, None),
    };
    let (user, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => {
            if u.contains(':') {
                return Err(Error::invalid(format!(
                    "{addr:?}: passwords in ssh:// addresses are not supported; use an ssh key or agent"
                )));
            }
            (Some(u.to_string()), h)
        }
        None => (None, authority),
    };
    let (host, port) = split_host_port(hostport, addr)?;
    if host.is_empty() {
        return Err(Error::invalid(format!(
            "{addr:?}: no host in the ssh:// address"
        )));
    }
    let socket = path.filter(|p| *p != "/").map(str::to_string);
    Ok(DaemonHost::Ssh {
        user,
        host,
        port,
        socket,
    })
}

impl std::str::FromStr for DaemonHost {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        DaemonHost::parse_with_tls(s, false)
    }
}

impl fmt::Display for DaemonHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DaemonHost::Unix(p) => write!(f, "unix://{}", p.display()),
            DaemonHost::Tcp { host, port, tls } => {
                let scheme = if *tls { "https" } else { "tcp" };
                if host.contains(':') {
                    write!(f, "{scheme}://[{host}]:{port}")
                } else {
                    write!(f, "{scheme}://{host}:{port}")
                }
            }
            DaemonHost::Ssh {
                user,
                host,
                port,
                socket,
            } => {
                write!(f, "ssh://")?;
                if let Some(u) = user {
                    write!(f, "{u}@")?;
                }
                write!(f, "{host}")?;
                if let Some(p) = port {
                    write!(f, ":{p}")?;
                }
                if let Some(s) = socket {
                    write!(f, "{s}")?;
                }
                Ok(())
            }
            DaemonHost::NamedPipe(p) => write!(f, "npipe://{}", p.replace('\\', "/")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> DaemonHost {
        s.parse().unwrap()
    }

    #[test]
    fn parses_every_scheme() {
        assert_eq!(
            p("unix:///var/run/docker.sock"),
            DaemonHost::Unix("/var/run/docker.sock".into())
        );
        assert_eq!(
            p("tcp://10.0.0.1"),
            DaemonHost::Tcp {
                host: "10.0.0.1".into(),
                port: 2375,
                tls: false
            }
        );
        assert_eq!(
            DaemonHost::parse_with_tls("tcp://10.0.0.1", true).unwrap(),
            DaemonHost::Tcp {
                host: "10.0.0.1".into(),
                port: 2376,
                tls: false
            }
        );
        assert_eq!(
            p("https://example.com"),
            DaemonHost::Tcp {
                host: "example.com".into(),
                port: 2376,
                tls: true
            }
        );
        assert_eq!(
            p("http://localhost:1234/"),
            DaemonHost::Tcp {
                host: "localhost".into(),
                port: 1234,
                tls: false
            }
        );
        assert_eq!(
            p("localhost:99"),
            DaemonHost::Tcp {
                host: "localhost".into(),
                port: 99,
                tls: false
            }
        );
        assert_eq!(
            p("tcp://[::1]:2375"),
            DaemonHost::Tcp {
                host: "::1".into(),
                port: 2375,
                tls: false
            }
        );
        assert_eq!(p("tcp://[::1]:2375").to_string(), "tcp://[::1]:2375");
        assert_eq!(
            p("ssh://me@box:2222/run/docker.sock"),
            DaemonHost::Ssh {
                user: Some("me".into()),
                host: "box".into(),
                port: Some(2222),
                socket: Some("/run/docker.sock".into())
            }
        );
        assert_eq!(p("ssh://box").to_string(), "ssh://box");
        assert_eq!(
            p("npipe:////./pipe/docker_engine"),
            DaemonHost::NamedPipe(r"\\.\pipe\docker_engine".into())
        );
    }

    #[test]
    fn rejects_bad_addresses() {
        for bad in [
            "",
            "ftp://x",
            "tcp://:80",
            "tcp://h:notaport",
            "ssh://u:pw@h",
            "ssh://h?x=1",
            "unix://",
            "fd://",
        ] {
            let err = bad.parse::<DaemonHost>().unwrap_err();
            assert!(matches!(err, Error::InvalidArgument(_)), "{bad}: {err}");
        }
    }
}
