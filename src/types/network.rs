//! Network request types: [`IPAMConfig`] and [`IPAMPool`] for creating a network, [`EndpointConfig`]
//! for connecting a container to one. Addresses are checked locally before anything is sent.

use std::collections::HashMap;
use std::net::IpAddr;

use crate::error::{Error, Result};
use crate::models::{EndpointIPAMConfig, EndpointSettings, IPAMConfig as IPAMPoolModel, IPAM};

/// A subnet in CIDR form, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub(crate) fn parse(text: &str, what: &str) -> Result<Cidr> {
        let bad = |why: &str| {
            Error::invalid(format!(
                "{what} {text:?} is not a subnet in CIDR form ({why}), e.g. 10.10.0.0/24 or fd00::/64"
            ))
        };
        let (addr, prefix) = text
            .trim()
            .split_once('/')
            .ok_or_else(|| bad("no /prefix"))?;
        let addr: IpAddr = addr.parse().map_err(|_| bad("bad address"))?;
        let prefix: u8 = prefix.parse().map_err(|_| bad("bad prefix length"))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        if prefix > max {
            return Err(bad("prefix length too long"));
        }
        Ok(Cidr { addr, prefix })
    }

    fn bits(addr: IpAddr) -> (u128, u8) {
        match addr {
            IpAddr::V4(a) => (u128::from(u32::from(a)), 32),
            IpAddr::V6(a) => (u128::from(a), 128),
        }
    }

    /// Whether `ip` lies in this subnet (same family, same network bits).
    pub(crate) fn contains(&self, ip: IpAddr) -> bool {
        if self.addr.is_ipv4() != ip.is_ipv4() {
            return false;
        }
        let (net, width) = Cidr::bits(self.addr);
        let (other, _) = Cidr::bits(ip);
        let host_bits = u32::from(width - self.prefix);
        let mask = if host_bits >= 128 {
            0
        } else {
            !((1u128 << host_bits) - 1)
        };
        net & mask == other & mask
    }

    /// Whether `other` lies entirely inside this subnet.
    pub(crate) fn covers(&self, other: &Cidr) -> bool {
        other.prefix >= self.prefix && self.contains(other.addr)
    }
}

fn parse_ip(text: &str, what: &str) -> Result<IpAddr> {
    text.trim()
        .parse()
        .map_err(|_| Error::invalid(format!("{what} {text:?} is not an IP address")))
}

/// The IP address management of a new network: its IPAM driver, address pools and driver options
/// (docker-py's `IPAMConfig`; the Engine API's `IPAM`).
///
/// ```
/// use docker_sdk::types::{IPAMConfig, IPAMPool};
///
/// let ipam = IPAMConfig::new()
///     .pool(IPAMPool::new("10.42.0.0/16").ip_range("10.42.5.0/24").gateway("10.42.0.1"))
///     .build()?;
/// assert_eq!(ipam.config.unwrap()[0].gateway.as_deref(), Some("10.42.0.1"));
/// // A gateway outside the subnet is refused before anything is sent:
/// assert!(IPAMConfig::new().pool(IPAMPool::new("10.42.0.0/16").gateway("10.43.0.1")).build().is_err());
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IPAMConfig {
    driver: Option<String>,
    pools: Vec<IPAMPool>,
    options: Option<HashMap<String, String>>,
}

impl IPAMConfig {
    /// The default IPAM driver, no pools yet (the daemon then picks a subnet).
    pub fn new() -> Self {
        IPAMConfig::default()
    }

    /// The IPAM driver (`default` unless a plugin provides another).
    pub fn driver(mut self, driver: impl Into<String>) -> Self {
        self.driver = Some(driver.into());
        self
    }

    /// Adds an address pool.
    pub fn pool(mut self, pool: IPAMPool) -> Self {
        self.pools.push(pool);
        self
    }

    /// Adds several address pools.
    pub fn pools(mut self, pools: impl IntoIterator<Item = IPAMPool>) -> Self {
        self.pools.extend(pools);
        self
    }

    /// Adds an IPAM driver option.
    pub fn option(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.options
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Checks every pool and builds the Engine API's `IPAM`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a malformed or inconsistent pool (see [`IPAMPool::build`]).
    pub fn build(&self) -> Result<IPAM> {
        let config = self
            .pools
            .iter()
            .map(IPAMPool::build)
            .collect::<Result<Vec<_>>>()?;
        Ok(IPAM {
            driver: Some(self.driver.clone().unwrap_or_else(|| "default".to_string())),
            config: Some(config),
            options: self.options.clone(),
        })
    }
}

/// One address pool of a network: subnet, allocation range, gateway and reserved addresses
/// (docker-py's `IPAMPool`; the Engine API's `IPAMConfig`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IPAMPool {
    subnet: Option<String>,
    ip_range: Option<String>,
    gateway: Option<String>,
    aux_addresses: Option<HashMap<String, String>>,
}

impl IPAMPool {
    /// A pool for `subnet` (CIDR, e.g. `10.42.0.0/16`).
    pub fn new(subnet: impl Into<String>) -> Self {
        IPAMPool {
            subnet: Some(subnet.into()),
            ..Default::default()
        }
    }

    /// A pool without a subnet (the IPAM driver chooses), only with a gateway or range.
    pub fn any_subnet() -> Self {
        IPAMPool::default()
    }

    /// Containers get addresses from this sub-range only (CIDR, inside the subnet).
    pub fn ip_range(mut self, range: impl Into<String>) -> Self {
        self.ip_range = Some(range.into());
        self
    }

    /// The gateway address (inside the subnet).
    pub fn gateway(mut self, gateway: impl Into<String>) -> Self {
        self.gateway = Some(gateway.into());
        self
    }

    /// Reserves `ip` under the name `host` so it is never given to a container.
    pub fn aux_address(mut self, host: impl Into<String>, ip: impl Into<String>) -> Self {
        self.aux_addresses
            .get_or_insert_with(HashMap::new)
            .insert(host.into(), ip.into());
        self
    }

    /// Checks the addresses and builds the Engine API's `IPAMConfig` (one pool).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a subnet or range not in CIDR form, an address that does not parse,
    /// or a range, gateway or reserved address outside the subnet.
    pub fn build(&self) -> Result<IPAMPoolModel> {
        let subnet = self
            .subnet
            .as_deref()
            .map(|s| Cidr::parse(s, "IPAM subnet"))
            .transpose()?;
        let outside = |what: &str, value: &str| {
            Error::invalid(format!(
                "IPAM {what} {value} is outside the subnet {}",
                self.subnet.as_deref().unwrap_or_default()
            ))
        };
        if let Some(range) = &self.ip_range {
            let r = Cidr::parse(range, "IPAM ip_range")?;
            if subnet.is_some_and(|s| !s.covers(&r)) {
                return Err(outside("ip_range", range));
            }
        }
        if let Some(gw) = &self.gateway {
            let ip = parse_ip(gw, "IPAM gateway")?;
            if subnet.is_some_and(|s| !s.contains(ip)) {
                return Err(outside("gateway", gw));
            }
        }
        for (host, addr) in self.aux_addresses.iter().flatten() {
            let ip = parse_ip(addr, &format!("IPAM aux address {host:?}"))?;
            if subnet.is_some_and(|s| !s.contains(ip)) {
                return Err(outside(&format!("aux address {host:?}"), addr));
            }
        }
        Ok(IPAMPoolModel {
            subnet: self.subnet.clone(),
            ip_range: self.ip_range.clone(),
            gateway: self.gateway.clone(),
            auxiliary_addresses: self.aux_addresses.clone(),
        })
    }
}

/// How a container is attached to a network: aliases, links, static addresses, driver options
/// (docker-py's `EndpointConfig`; the Engine API's `EndpointSettings`).
///
/// ```
/// use docker_sdk::types::EndpointConfig;
///
/// let ep = EndpointConfig::new().alias("db").ipv4_address("10.42.0.10").build()?;
/// assert_eq!(ep.aliases.unwrap(), ["db"]);
/// assert_eq!(ep.ipam_config.unwrap().ipv4_address.as_deref(), Some("10.42.0.10"));
/// assert!(EndpointConfig::new().ipv4_address("fd00::1").build().is_err());
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointConfig {
    aliases: Option<Vec<String>>,
    links: Option<Vec<String>>,
    ipv4_address: Option<String>,
    ipv6_address: Option<String>,
    link_local_ips: Option<Vec<String>>,
    driver_opts: Option<HashMap<String, String>>,
    mac_address: Option<String>,
    gw_priority: Option<i64>,
}

impl EndpointConfig {
    /// No settings yet.
    pub fn new() -> Self {
        EndpointConfig::default()
    }

    /// Adds a network-scoped alias other containers can resolve.
    pub fn alias(mut self, alias: impl Into<String>) -> Self {
        self.aliases.get_or_insert_with(Vec::new).push(alias.into());
        self
    }

    /// Adds several aliases.
    pub fn aliases<I, S>(mut self, aliases: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.aliases
            .get_or_insert_with(Vec::new)
            .extend(aliases.into_iter().map(Into::into));
        self
    }

    /// Adds a legacy link to `container`, resolvable as `alias` (`container:alias`).
    pub fn link(mut self, container: impl Into<String>, alias: impl Into<String>) -> Self {
        self.links.get_or_insert_with(Vec::new).push(format!(
            "{}:{}",
            container.into(),
            alias.into()
        ));
        self
    }

    /// A static IPv4 address (the network needs a user-defined subnet).
    pub fn ipv4_address(mut self, ip: impl Into<String>) -> Self {
        self.ipv4_address = Some(ip.into());
        self
    }

    /// A static IPv6 address.
    pub fn ipv6_address(mut self, ip: impl Into<String>) -> Self {
        self.ipv6_address = Some(ip.into());
        self
    }

    /// Adds a link-local address.
    pub fn link_local_ip(mut self, ip: impl Into<String>) -> Self {
        self.link_local_ips
            .get_or_insert_with(Vec::new)
            .push(ip.into());
        self
    }

    /// Adds an option for the network driver.
    pub fn driver_opt(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.driver_opts
            .get_or_insert_with(HashMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// The endpoint's MAC address (`aa:bb:cc:dd:ee:ff`).
    pub fn mac_address(mut self, mac: impl Into<String>) -> Self {
        self.mac_address = Some(mac.into());
        self
    }

    /// Which network's gateway is the default route when a container has several (API 1.55+ here).
    pub fn gw_priority(mut self, priority: i64) -> Self {
        self.gw_priority = Some(priority);
        self
    }

    /// Checks the addresses and builds the Engine API's `EndpointSettings`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an address of the wrong family or a malformed MAC address.
    pub fn build(&self) -> Result<EndpointSettings> {
        if let Some(ip) = &self.ipv4_address {
            if !parse_ip(ip, "ipv4_address")?.is_ipv4() {
                return Err(Error::invalid(format!(
                    "ipv4_address {ip} is an IPv6 address: use ipv6_address"
                )));
            }
        }
        if let Some(ip) = &self.ipv6_address {
            if !parse_ip(ip, "ipv6_address")?.is_ipv6() {
                return Err(Error::invalid(format!(
                    "ipv6_address {ip} is an IPv4 address: use ipv4_address"
                )));
            }
        }
        for ip in self.link_local_ips.iter().flatten() {
            parse_ip(ip, "link-local IP")?;
        }
        if let Some(mac) = &self.mac_address {
            let ok = mac.split(':').count() == 6
                && mac
                    .split(':')
                    .all(|b| b.len() == 2 && b.bytes().all(|c| c.is_ascii_hexdigit()));
            if !ok {
                return Err(Error::invalid(format!(
                    "mac_address {mac:?} is not of the form aa:bb:cc:dd:ee:ff"
                )));
            }
        }
        let ipam = (self.ipv4_address.is_some()
            || self.ipv6_address.is_some()
            || self.link_local_ips.is_some())
        .then(|| EndpointIPAMConfig {
            ipv4_address: self.ipv4_address.clone(),
            ipv6_address: self.ipv6_address.clone(),
            link_local_ips: self.link_local_ips.clone(),
        });
        Ok(EndpointSettings {
            ipam_config: ipam,
            links: self.links.clone(),
            mac_address: self.mac_address.clone(),
            aliases: self.aliases.clone(),
            driver_opts: self.driver_opts.clone(),
            gw_priority: self.gw_priority,
            ..Default::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_containment() {
        let net = Cidr::parse("10.1.0.0/16", "s").unwrap();
        assert!(net.contains("10.1.200.3".parse().unwrap()));
        assert!(!net.contains("10.2.0.1".parse().unwrap()));
        assert!(!net.contains("fd00::1".parse().unwrap()));
        assert!(net.covers(&Cidr::parse("10.1.5.0/24", "r").unwrap()));
        assert!(!net.covers(&Cidr::parse("10.0.0.0/8", "r").unwrap()));
        let v6 = Cidr::parse("fd00:1::/64", "s").unwrap();
        assert!(v6.contains("fd00:1::42".parse().unwrap()));
        assert!(!v6.contains("fd00:2::42".parse().unwrap()));
        assert!(Cidr::parse("0.0.0.0/0", "s")
            .unwrap()
            .contains("8.8.8.8".parse().unwrap()));
        for bad in ["10.0.0.0", "10.0.0.0/33", "x/8", "10.0.0.0/x"] {
            assert!(Cidr::parse(bad, "subnet").is_err(), "{bad}");
        }
    }

    #[test]
    fn ipam_builds_and_validates() {
        let ipam = IPAMConfig::new()
            .driver("default")
            .option("foo", "bar")
            .pool(
                IPAMPool::new("172.28.0.0/16")
                    .ip_range("172.28.5.0/24")
                    .gateway("172.28.5.254")
                    .aux_address("host1", "172.28.1.5"),
            )
            .build()
            .unwrap();
        let json = serde_json::to_value(&ipam).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "Driver": "default",
                "Options": {"foo": "bar"},
                "Config": [{
                    "Subnet": "172.28.0.0/16",
                    "IPRange": "172.28.5.0/24",
                    "Gateway": "172.28.5.254",
                    "AuxiliaryAddresses": {"host1": "172.28.1.5"}
                }]
            })
        );
        let bad = [
            IPAMPool::new("172.28.0.0"),
            IPAMPool::new("172.28.0.0/16").ip_range("172.29.0.0/24"),
            IPAMPool::new("172.28.0.0/16").gateway("172.28.0"),
            IPAMPool::new("172.28.0.0/16").aux_address("h", "10.0.0.1"),
        ];
        for pool in bad {
            assert!(
                IPAMConfig::new().pool(pool.clone()).build().is_err(),
                "{pool:?}"
            );
        }
        assert!(IPAMPool::any_subnet().gateway("10.0.0.1").build().is_ok());
    }

    #[test]
    fn endpoint_config_builds_and_validates() {
        let ep = EndpointConfig::new()
            .aliases(["a", "b"])
            .link("db", "database")
            .ipv6_address("fd00::5")
            .link_local_ip("169.254.1.1")
            .driver_opt("k", "v")
            .mac_address("02:42:ac:11:00:02")
            .build()
            .unwrap();
        assert_eq!(ep.links.unwrap(), ["db:database"]);
        let ipam = ep.ipam_config.unwrap();
        assert_eq!(ipam.ipv4_address, None);
        assert_eq!(ipam.ipv6_address.as_deref(), Some("fd00::5"));
        assert_eq!(EndpointConfig::new().build().unwrap().ipam_config, None);
        for bad in [
            EndpointConfig::new().ipv6_address("10.0.0.1"),
            EndpointConfig::new().link_local_ip("nope"),
            EndpointConfig::new().mac_address("02:42:ac:11:00"),
        ] {
            assert!(bad.build().is_err(), "{bad:?}");
        }
    }
}
