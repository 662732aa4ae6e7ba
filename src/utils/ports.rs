//! Port specs and port bindings: `"80"`, `"53/udp"`, `"8000-8010/tcp"`, `"127.0.0.1:8080:80"`.
//!
//! Ranges are expanded here, one binding per port, the way the Docker CLI does it: the daemon rejects a
//! range as a port key ("invalid port specification"), which is what docker-py sends.
//!
//! - A container range with a host range of the same length binds port by port
//!   (`8000-8001` → `9000-9001` gives 8000→9000 and 8001→9001).
//! - A single container port with a host range is kept as one binding whose host port is the range
//!   (`"9000-9010"`): the daemon picks a free port from it.
//! - A container range with no host port publishes every port on a random host port.
//! - Any other combination of lengths is an error.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use crate::error::{Error, Result};

/// A transport protocol of a port.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// `tcp`, the default.
    #[default]
    Tcp,
    /// `udp`.
    Udp,
    /// `sctp`.
    Sctp,
}

impl Protocol {
    /// The lowercase name used in port keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Sctp => "sctp",
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Protocol {
    type Err = Error;

    /// `tcp`, `udp` or `sctp`, in any case.
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "tcp" => Ok(Protocol::Tcp),
            "udp" => Ok(Protocol::Udp),
            "sctp" => Ok(Protocol::Sctp),
            _ => Err(Error::invalid(format!(
                "unknown port protocol {s:?}; use tcp, udp or sctp"
            ))),
        }
    }
}

/// A container port with its protocol: the key of `ExposedPorts` and `PortBindings` (`"80/tcp"`).
///
/// ```
/// use docker_sdk::utils::ports::{ContainerPort, Protocol};
///
/// let p: ContainerPort = "53/udp".parse()?;
/// assert_eq!(p, ContainerPort::new(53, Protocol::Udp));
/// assert_eq!(ContainerPort::tcp(80).to_string(), "80/tcp");
/// assert_eq!("80".parse::<ContainerPort>()?, ContainerPort::tcp(80));
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContainerPort {
    /// The port number.
    pub port: u16,
    /// Its protocol.
    pub protocol: Protocol,
}

impl ContainerPort {
    /// `port/protocol`.
    pub const fn new(port: u16, protocol: Protocol) -> Self {
        ContainerPort { port, protocol }
    }

    /// `port/tcp`.
    pub const fn tcp(port: u16) -> Self {
        ContainerPort::new(port, Protocol::Tcp)
    }

    /// `port/udp`.
    pub const fn udp(port: u16) -> Self {
        ContainerPort::new(port, Protocol::Udp)
    }
}

impl fmt::Display for ContainerPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.port, self.protocol)
    }
}

impl FromStr for ContainerPort {
    type Err = Error;

    /// `PORT` or `PORT/PROTOCOL` (one port; see [`parse_container_ports`] for ranges).
    fn from_str(s: &str) -> Result<Self> {
        let (range, protocol) = split_protocol(s)?;
        let (start, end) = parse_range(range, "container port", s)?;
        if start != end {
            return Err(Error::invalid(format!(
                "{s:?} is a port range where one port is expected; use parse_container_ports for ranges"
            )));
        }
        Ok(ContainerPort::new(start, protocol))
    }
}

impl Serialize for ContainerPort {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One host binding of a container port, as the Engine API's `PortBinding` object
/// (`{"HostIp": "…", "HostPort": "…"}`).
///
/// `None` means "any": all interfaces for the IP, a random free port for the port. `host_port` may be a
/// range (`"9000-9010"`) when a single container port should get any free port from it.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PortBinding {
    /// The host address to listen on.
    #[serde(rename = "HostIp", default, skip_serializing_if = "Option::is_none")]
    pub host_ip: Option<String>,
    /// The host port, or a range to pick from.
    #[serde(rename = "HostPort", default, skip_serializing_if = "Option::is_none")]
    pub host_port: Option<String>,
}

/// Where to publish a container port (or range) on the host, before validation and range expansion.
///
/// Converts from the forms docker-py takes for a `ports` value:
///
/// | Rust | docker-py | meaning |
/// |---|---|---|
/// | `8080` | `8080` | host port 8080 on all interfaces |
/// | `"9000-9010"` | — | the matching host range (or any port of it, for a single container port) |
/// | `("127.0.0.1", 8080)` | `('127.0.0.1', 8080)` | host port 8080 on one address |
/// | `("127.0.0.1", "9000-9010")` | — | a host range on one address |
/// | `("127.0.0.1",)` | `('127.0.0.1',)` | a random port on one address |
/// | [`HostBinding::random()`] | `None` | a random port on all interfaces |
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostBinding {
    /// The host address, if one is given (IPv6 may be written in brackets).
    pub host_ip: Option<String>,
    /// The host port or range (`"8080"`, `"9000-9010"`), if one is given.
    pub host_port: Option<String>,
}

impl HostBinding {
    /// A random free port on all interfaces.
    pub fn random() -> Self {
        HostBinding::default()
    }

    /// A random free port on `ip`.
    pub fn random_on(ip: impl Into<String>) -> Self {
        HostBinding {
            host_ip: Some(ip.into()),
            host_port: None,
        }
    }

    /// Host ports `start..=end` on all interfaces.
    pub fn range(start: u16, end: u16) -> Self {
        HostBinding {
            host_ip: None,
            host_port: Some(format!("{start}-{end}")),
        }
    }
}

impl From<u16> for HostBinding {
    fn from(port: u16) -> Self {
        HostBinding {
            host_ip: None,
            host_port: Some(port.to_string()),
        }
    }
}

impl From<&str> for HostBinding {
    /// A host port or range, e.g. `"8080"` or `"9000-9010"` (checked when bound).
    fn from(port: &str) -> Self {
        HostBinding {
            host_ip: None,
            host_port: Some(port.to_owned()),
        }
    }
}

impl From<String> for HostBinding {
    /// A host port or range, e.g. `"8080"` or `"9000-9010"` (checked when bound).
    fn from(port: String) -> Self {
        HostBinding {
            host_ip: None,
            host_port: Some(port),
        }
    }
}

impl From<(&str, u16)> for HostBinding {
    fn from((ip, port): (&str, u16)) -> Self {
        HostBinding {
            host_ip: Some(ip.to_owned()),
            host_port: Some(port.to_string()),
        }
    }
}

impl From<(String, u16)> for HostBinding {
    fn from((ip, port): (String, u16)) -> Self {
        HostBinding {
            host_ip: Some(ip),
            host_port: Some(port.to_string()),
        }
    }
}

impl From<(&str, &str)> for HostBinding {
    /// An address and a host port or range.
    fn from((ip, port): (&str, &str)) -> Self {
        HostBinding {
            host_ip: Some(ip.to_owned()),
            host_port: Some(port.to_owned()),
        }
    }
}

impl From<(&str,)> for HostBinding {
    fn from((ip,): (&str,)) -> Self {
        HostBinding::random_on(ip)
    }
}

impl From<(String,)> for HostBinding {
    fn from((ip,): (String,)) -> Self {
        HostBinding::random_on(ip)
    }
}

impl From<PortBinding> for HostBinding {
    fn from(b: PortBinding) -> Self {
        HostBinding {
            host_ip: b.host_ip,
            host_port: b.host_port,
        }
    }
}

/// Splits `RANGE[/PROTO]`.
fn split_protocol(s: &str) -> Result<(&str, Protocol)> {
    match s.split_once('/') {
        Some((range, proto)) => {
            let protocol = proto.parse().map_err(|_| {
                Error::invalid(format!(
                    "invalid port {s:?}: unknown protocol {proto:?}; use tcp, udp or sctp"
                ))
            })?;
            Ok((range, protocol))
        }
        None => Ok((s, Protocol::Tcp)),
    }
}

/// Parses `PORT` or `START-END` into an inclusive range.
fn parse_range(s: &str, what: &str, whole: &str) -> Result<(u16, u16)> {
    let number = |p: &str| -> Result<u16> {
        let p = p.trim();
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid(format!(
                "invalid {what} in {whole:?}: {p:?} is not a port number"
            )));
        }
        p.parse::<u16>().map_err(|_| {
            Error::invalid(format!(
                "invalid {what} in {whole:?}: {p} is above the highest port, 65535"
            ))
        })
    };
    let (start, end) = match s.split_once('-') {
        Some((a, b)) => (number(a)?, number(b)?),
        None => {
            let p = number(s)?;
            (p, p)
        }
    };
    if end < start {
        return Err(Error::invalid(format!(
            "invalid {what} range in {whole:?}: the end ({end}) is below the start ({start})"
        )));
    }
    Ok((start, end))
}

/// Parses a host address, dropping IPv6 brackets; an empty address means "all interfaces".
fn parse_host_ip(ip: &str, whole: &str) -> Result<Option<String>> {
    let bare = ip
        .strip_prefix('[')
        .and_then(|i| i.strip_suffix(']'))
        .unwrap_or(ip);
    if bare.is_empty() {
        return Ok(None);
    }
    bare.parse::<IpAddr>().map_err(|_| {
        Error::invalid(format!(
            "invalid host IP {ip:?} in {whole:?}: not an IPv4 or IPv6 address"
        ))
    })?;
    Ok(Some(bare.to_owned()))
}

/// Expands a container range against an optional host range (see the module documentation).
fn expand(
    container: (u16, u16),
    protocol: Protocol,
    host_ip: Option<String>,
    host: Option<(u16, u16)>,
    whole: &str,
) -> Result<Vec<(ContainerPort, PortBinding)>> {
    let (c_start, c_end) = container;
    let count = usize::from(c_end - c_start) + 1;
    let binding = |port: Option<String>| PortBinding {
        host_ip: host_ip.clone(),
        host_port: port,
    };
    match host {
        None => Ok((c_start..=c_end)
            .map(|p| (ContainerPort::new(p, protocol), binding(None)))
            .collect()),
        Some((h_start, h_end)) => {
            let host_count = usize::from(h_end - h_start) + 1;
            if host_count == count {
                Ok((0..=c_end - c_start)
                    .map(|i| {
                        (
                            ContainerPort::new(c_start + i, protocol),
                            binding(Some((h_start + i).to_string())),
                        )
                    })
                    .collect())
            } else if count == 1 {
                Ok(vec![(
                    ContainerPort::new(c_start, protocol),
                    binding(Some(format!("{h_start}-{h_end}"))),
                )])
            } else {
                Err(Error::invalid(format!(
                    "port ranges don't match in length in {whole:?}: {count} container ports but \
                     {host_count} host ports; give host and container ranges of the same length, or a \
                     single container port"
                )))
            }
        }
    }
}

/// Parses a container port key, expanding a range: `"80"`, `"80/tcp"`, `"53/udp"`, `"8000-8010/tcp"`.
///
/// ```
/// use docker_sdk::utils::ports::{parse_container_ports, ContainerPort};
///
/// assert_eq!(parse_container_ports("80")?, [ContainerPort::tcp(80)]);
/// assert_eq!(parse_container_ports("53-54/udp")?, [ContainerPort::udp(53), ContainerPort::udp(54)]);
/// assert!(parse_container_ports("80/icmp").is_err());
/// # Ok::<(), docker_sdk::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] for a malformed port, an unknown protocol or a reversed range.
pub fn parse_container_ports(key: &str) -> Result<Vec<ContainerPort>> {
    let (range, protocol) = split_protocol(key.trim())?;
    let (start, end) = parse_range(range, "container port", key)?;
    Ok((start..=end)
        .map(|p| ContainerPort::new(p, protocol))
        .collect())
}

/// Parses a publish spec as the CLI's `-p` takes it, `[IP:[HOST_PORT[-END]]:]CONTAINER_PORT[-END][/PROTO]`,
/// and expands ranges.
///
/// ```
/// use docker_sdk::utils::ports::{parse_port_spec, ContainerPort, PortBinding};
///
/// let bound = parse_port_spec("127.0.0.1:8080:80")?;
/// assert_eq!(bound, [(
///     ContainerPort::tcp(80),
///     PortBinding { host_ip: Some("127.0.0.1".into()), host_port: Some("8080".into()) },
/// )]);
///
/// let ranged = parse_port_spec("9000-9001:8000-8001/udp")?;
/// assert_eq!(ranged[1].0, ContainerPort::udp(8001));
/// assert_eq!(ranged[1].1.host_port.as_deref(), Some("9001"));
///
/// let v6 = parse_port_spec("[::1]::53/udp")?; // any host port on ::1
/// assert_eq!(v6[0].1, PortBinding { host_ip: Some("::1".into()), host_port: None });
/// # Ok::<(), docker_sdk::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] for malformed ports or addresses and for ranges whose lengths do not match.
pub fn parse_port_spec(spec: &str) -> Result<Vec<(ContainerPort, PortBinding)>> {
    let trimmed = spec.trim();
    let (rest, protocol) = match trimmed.rsplit_once('/') {
        Some((rest, proto)) => (
            rest,
            proto.parse::<Protocol>().map_err(|_| {
                Error::invalid(format!(
                    "invalid port spec {spec:?}: unknown protocol {proto:?}; use tcp, udp or sctp"
                ))
            })?,
        ),
        None => (trimmed, Protocol::Tcp),
    };
    let parts: Vec<&str> = rest.split(':').collect();
    let n = parts.len();
    let (ip, host, container) = match n {
        1 => ("", "", parts[0]),
        2 => ("", parts[0], parts[1]),
        _ => (
            &rest[..rest.len() - parts[n - 1].len() - parts[n - 2].len() - 2],
            parts[n - 2],
            parts[n - 1],
        ),
    };
    let container = parse_range(container, "container port", spec)?;
    let host_ip = parse_host_ip(ip, spec)?;
    let host = if host.is_empty() {
        None
    } else {
        Some(parse_range(host, "host port", spec)?)
    };
    expand(container, protocol, host_ip, host, spec)
}

/// Expands a container port key (`"80"`, `"8000-8010/tcp"`) bound to `host`: the building block of
/// [`PortBindings::bind`].
///
/// ```
/// use docker_sdk::utils::ports::{expand_binding, ContainerPort};
///
/// let bound = expand_binding("8000-8001", &("0.0.0.0", "9000-9001").into())?;
/// assert_eq!(bound.len(), 2);
/// assert_eq!(bound[0].0, ContainerPort::tcp(8000));
/// assert_eq!(bound[0].1.host_port.as_deref(), Some("9000"));
/// assert_eq!(bound[1].1.host_ip.as_deref(), Some("0.0.0.0"));
/// # Ok::<(), docker_sdk::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] for malformed ports or addresses and for ranges whose lengths do not match.
pub fn expand_binding(
    container: &str,
    host: &HostBinding,
) -> Result<Vec<(ContainerPort, PortBinding)>> {
    let (range, protocol) = split_protocol(container.trim())?;
    let container_range = parse_range(range, "container port", container)?;
    let host_ip = match &host.host_ip {
        Some(ip) => parse_host_ip(ip.trim(), container)?,
        None => None,
    };
    let host_range = match host.host_port.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => Some(parse_range(p, "host port", container)?),
    };
    expand(container_range, protocol, host_ip, host_range, container)
}

/// Container ports and their host bindings, ready for `HostConfig.PortBindings` (and, through
/// [`container_ports`](Self::container_ports), `Config.ExposedPorts`).
///
/// Ranges are expanded as they are added; identical bindings are kept once. It serializes as the
/// Engine API's map (`{"80/tcp": [{"HostPort": "8080"}]}`).
///
/// ```
/// use docker_sdk::utils::ports::{ContainerPort, HostBinding, PortBindings};
///
/// let mut ports = PortBindings::new();
/// ports
///     .bind("80", 8080)?                              // 80/tcp → 0.0.0.0:8080
///     .bind("53/udp", ("127.0.0.1", 5353))?           // 53/udp → 127.0.0.1:5353
///     .bind_all("443", [8443, 9443])?                 // two host ports for one container port
///     .bind("7000-7001", "17000-17001")?              // ranges, port by port
///     .bind("9090", HostBinding::random_on("::1"))?   // any free port on ::1
///     .add_spec("127.0.0.1::6379")?;                  // CLI -p syntax
/// assert_eq!(ports.len(), 7);
/// assert_eq!(ports.get(&ContainerPort::tcp(443)).unwrap().len(), 2);
/// let json = serde_json::to_value(&ports).unwrap();
/// assert_eq!(json["7001/tcp"][0]["HostPort"], "17001");
/// assert_eq!(json["53/udp"][0]["HostIp"], "127.0.0.1");
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortBindings {
    map: BTreeMap<ContainerPort, Vec<PortBinding>>,
}

impl PortBindings {
    /// No ports.
    pub fn new() -> Self {
        PortBindings::default()
    }

    fn insert(&mut self, expanded: Vec<(ContainerPort, PortBinding)>) {
        for (port, binding) in expanded {
            let list = self.map.entry(port).or_default();
            if !list.contains(&binding) {
                list.push(binding);
            }
        }
    }

    /// Publishes `container` (a port or range, with an optional protocol) on `host`. Binding the same
    /// container port again adds another host binding.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for malformed ports or addresses and for ranges whose lengths do not
    /// match; nothing is added then.
    pub fn bind(&mut self, container: &str, host: impl Into<HostBinding>) -> Result<&mut Self> {
        let expanded = expand_binding(container, &host.into())?;
        self.insert(expanded);
        Ok(self)
    }

    /// Publishes `container` on each of `hosts`.
    ///
    /// # Errors
    ///
    /// As [`bind`](Self::bind); when one host binding is invalid, none is added.
    pub fn bind_all<H>(
        &mut self,
        container: &str,
        hosts: impl IntoIterator<Item = H>,
    ) -> Result<&mut Self>
    where
        H: Into<HostBinding>,
    {
        let mut all = Vec::new();
        for host in hosts {
            all.extend(expand_binding(container, &host.into())?);
        }
        self.insert(all);
        Ok(self)
    }

    /// Adds a CLI-style publish spec (see [`parse_port_spec`]).
    ///
    /// # Errors
    ///
    /// As [`parse_port_spec`].
    pub fn add_spec(&mut self, spec: &str) -> Result<&mut Self> {
        let expanded = parse_port_spec(spec)?;
        self.insert(expanded);
        Ok(self)
    }

    /// Parses several CLI-style publish specs.
    ///
    /// ```
    /// let ports = docker_sdk::utils::ports::PortBindings::parse(["80", "8443:443", "53/udp"])?;
    /// assert_eq!(ports.container_ports().map(|p| p.to_string()).collect::<Vec<_>>(), ["53/udp", "80/tcp", "443/tcp"]);
    /// # Ok::<(), docker_sdk::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`parse_port_spec`], for the first invalid spec.
    pub fn parse<I, S>(specs: I) -> Result<Self>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut ports = PortBindings::new();
        for spec in specs {
            ports.add_spec(spec.as_ref())?;
        }
        Ok(ports)
    }

    /// The host bindings of one container port.
    pub fn get(&self, port: &ContainerPort) -> Option<&[PortBinding]> {
        self.map.get(port).map(Vec::as_slice)
    }

    /// Every container port with its bindings, in port order.
    pub fn iter(&self) -> impl Iterator<Item = (&ContainerPort, &[PortBinding])> {
        self.map.iter().map(|(k, v)| (k, v.as_slice()))
    }

    /// The container ports, in port order (for `Config.ExposedPorts`).
    pub fn container_ports(&self) -> impl Iterator<Item = &ContainerPort> {
        self.map.keys()
    }

    /// How many container ports there are.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no port is bound.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The bindings keyed by `"PORT/PROTO"` strings, as the Engine API's `PortBindings` map.
    pub fn to_map(&self) -> BTreeMap<String, Vec<PortBinding>> {
        self.map
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }
}

impl Serialize for PortBindings {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.map.len()))?;
        for (port, bindings) in &self.map {
            map.serialize_entry(port, bindings)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(ip: Option<&str>, port: Option<&str>) -> PortBinding {
        PortBinding {
            host_ip: ip.map(str::to_owned),
            host_port: port.map(str::to_owned),
        }
    }

    #[test]
    fn port_specs() {
        let t = ContainerPort::tcp;
        let u = ContainerPort::udp;
        let cases: Vec<(&str, Vec<(ContainerPort, PortBinding)>)> = vec![
            ("80", vec![(t(80), b(None, None))]),
            ("80/tcp", vec![(t(80), b(None, None))]),
            ("53/UDP", vec![(u(53), b(None, None))]),
            (
                "132/sctp",
                vec![(ContainerPort::new(132, Protocol::Sctp), b(None, None))],
            ),
            ("8080:80", vec![(t(80), b(None, Some("8080")))]),
            (
                "0.0.0.0:8080:80",
                vec![(t(80), b(Some("0.0.0.0"), Some("8080")))],
            ),
            ("127.0.0.1::80", vec![(t(80), b(Some("127.0.0.1"), None))]),
            (
                "[::1]:8080:80/udp",
                vec![(u(80), b(Some("::1"), Some("8080")))],
            ),
            ("::1:8080:80", vec![(t(80), b(Some("::1"), Some("8080")))]),
            ("[fe80::1]::80", vec![(t(80), b(Some("fe80::1"), None))]),
            (
                "8000-8002",
                vec![
                    (t(8000), b(None, None)),
                    (t(8001), b(None, None)),
                    (t(8002), b(None, None)),
                ],
            ),
            (
                "9000-9001:8000-8001",
                vec![
                    (t(8000), b(None, Some("9000"))),
                    (t(8001), b(None, Some("9001"))),
                ],
            ),
            // A single container port with a host range: the daemon picks one from the range.
            ("9000-9010:80", vec![(t(80), b(None, Some("9000-9010")))]),
            (
                "1.2.3.4:9000-9010:80/udp",
                vec![(u(80), b(Some("1.2.3.4"), Some("9000-9010")))],
            ),
            (" 80 ", vec![(t(80), b(None, None))]),
            ("0:80", vec![(t(80), b(None, Some("0")))]),
        ];
        for (spec, want) in cases {
            assert_eq!(parse_port_spec(spec).unwrap(), want, "{spec}");
        }
    }

    #[test]
    fn bad_port_specs() {
        let cases = [
            ("", "not a port number"),
            ("abc", "not a port number"),
            ("80/icmp", "unknown protocol"),
            ("65536", "above the highest port"),
            ("8080:", "not a port number"),
            ("90-80", "below the start"),
            ("9000:8000-8001", "don't match in length"),
            ("9000-9002:8000-8001", "don't match in length"),
            ("999.1.1.1:80:80", "not an IPv4 or IPv6 address"),
            ("localhost:80:80", "not an IPv4 or IPv6 address"),
            ("-80", "not a port number"),
            ("80-", "not a port number"),
        ];
        for (spec, why) in cases {
            let err = parse_port_spec(spec).unwrap_err();
            assert!(matches!(err, Error::InvalidArgument(_)), "{spec}");
            assert!(err.to_string().contains(why), "{spec}: {err}");
        }
    }

    #[test]
    fn container_port_keys() {
        assert_eq!(
            parse_container_ports("80").unwrap(),
            [ContainerPort::tcp(80)]
        );
        assert_eq!(
            parse_container_ports("8000-8002/udp").unwrap(),
            [8000, 8001, 8002].map(ContainerPort::udp)
        );
        assert_eq!(parse_container_ports("65535").unwrap().len(), 1);
        assert_eq!(parse_container_ports("1-65535").unwrap().len(), 65535);
        assert!(parse_container_ports("80/").is_err());
        assert!(parse_container_ports("/tcp").is_err());
        assert!("8000-8001".parse::<ContainerPort>().is_err());
        assert_eq!(
            "443/TCP".parse::<ContainerPort>().unwrap(),
            ContainerPort::tcp(443)
        );
    }

    #[test]
    fn docker_py_style_bindings() {
        // The value forms of docker-py's `ports={...}` argument.
        let cases: Vec<(&str, HostBinding, Vec<PortBinding>)> = vec![
            ("80", 8080.into(), vec![b(None, Some("8080"))]),
            (
                "80/tcp",
                ("127.0.0.1", 8080).into(),
                vec![b(Some("127.0.0.1"), Some("8080"))],
            ),
            (
                "80",
                ("127.0.0.1",).into(),
                vec![b(Some("127.0.0.1"), None)],
            ),
            ("80", HostBinding::random(), vec![b(None, None)]),
            ("80", "".into(), vec![b(None, None)]),
            ("80", ("", 8080).into(), vec![b(None, Some("8080"))]),
            ("80", ("[::]".to_owned(),).into(), vec![b(Some("::"), None)]),
            (
                "80",
                HostBinding::range(9000, 9005),
                vec![b(None, Some("9000-9005"))],
            ),
        ];
        for (container, host, want) in cases {
            let got: Vec<PortBinding> = expand_binding(container, &host)
                .unwrap()
                .into_iter()
                .map(|(_, b)| b)
                .collect();
            assert_eq!(got, want, "{container} {host:?}");
        }
        assert!(expand_binding("80", &("nope", 1).into()).is_err());
        assert!(expand_binding("80", &"99999".into()).is_err());
        assert!(expand_binding("8000-8001", &8080.into()).is_err());
    }

    #[test]
    fn port_bindings_collection() {
        let mut ports = PortBindings::new();
        ports
            .bind("80", 8080)
            .unwrap()
            .bind("80", 8080) // duplicate: kept once
            .unwrap()
            .bind("80", ("127.0.0.1", 8081))
            .unwrap()
            .bind_all("7000-7001/udp", ["17000-17001", "27000-27001"])
            .unwrap();
        assert_eq!(ports.len(), 3);
        assert_eq!(
            ports.get(&ContainerPort::tcp(80)).unwrap(),
            [b(None, Some("8080")), b(Some("127.0.0.1"), Some("8081"))]
        );
        assert_eq!(
            ports.get(&ContainerPort::udp(7001)).unwrap(),
            [b(None, Some("17001")), b(None, Some("27001"))]
        );
        // A failed bind adds nothing.
        assert!(ports
            .bind_all("443", [HostBinding::from(1), HostBinding::from("x")])
            .is_err());
        assert!(ports.get(&ContainerPort::tcp(443)).is_none());

        let json = serde_json::to_string(&ports).unwrap();
        assert_eq!(
            json,
            r#"{"80/tcp":[{"HostPort":"8080"},{"HostIp":"127.0.0.1","HostPort":"8081"}],"7000/udp":[{"HostPort":"17000"},{"HostPort":"27000"}],"7001/udp":[{"HostPort":"17001"},{"HostPort":"27001"}]}"#
        );
        let keys: Vec<String> = ports.to_map().into_keys().collect();
        assert_eq!(keys, ["7000/udp", "7001/udp", "80/tcp"]);
        assert_eq!(
            ports.iter().map(|(p, _)| p.port).collect::<Vec<_>>(),
            [80, 7000, 7001]
        );
    }

    #[test]
    fn port_binding_round_trips_engine_json() {
        let parsed: PortBinding =
            serde_json::from_str(r#"{"HostIp":"0.0.0.0","HostPort":"49153"}"#).unwrap();
        assert_eq!(parsed, b(Some("0.0.0.0"), Some("49153")));
        let empty: PortBinding = serde_json::from_str("{}").unwrap();
        assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
    }
}
