//! Engine API versions: parsing, ordering and the range this crate speaks.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// An Engine API version such as `1.41`.
///
/// Versions compare numerically part by part, so `1.9 < 1.10`.
///
/// ```
/// use docker_sdk::ApiVersion;
/// let v: ApiVersion = "v1.43".parse().unwrap();
/// assert_eq!(v, ApiVersion::new(1, 43));
/// assert!(ApiVersion::new(1, 9) < ApiVersion::new(1, 10));
/// assert_eq!(v.to_string(), "1.43");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApiVersion {
    major: u16,
    minor: u16,
}

impl ApiVersion {
    /// The oldest API version this crate supports (Docker Engine 20.10).
    pub const MIN: ApiVersion = ApiVersion::new(1, 41);
    /// The newest API version this crate knows (the spec its models are generated from).
    pub const MAX: ApiVersion = ApiVersion::new(1, 56);

    /// Engine API 1.41 (Docker 20.10).
    pub const V1_41: ApiVersion = ApiVersion::new(1, 41);
    /// Engine API 1.42 (Docker 23.0).
    pub const V1_42: ApiVersion = ApiVersion::new(1, 42);
    /// Engine API 1.43 (Docker 24.0).
    pub const V1_43: ApiVersion = ApiVersion::new(1, 43);
    /// Engine API 1.44 (Docker 25.0).
    pub const V1_44: ApiVersion = ApiVersion::new(1, 44);
    /// Engine API 1.45 (Docker 26.0).
    pub const V1_45: ApiVersion = ApiVersion::new(1, 45);
    /// Engine API 1.46 (Docker 27.0).
    pub const V1_46: ApiVersion = ApiVersion::new(1, 46);
    /// Engine API 1.47 (Docker 27.2).
    pub const V1_47: ApiVersion = ApiVersion::new(1, 47);
    /// Engine API 1.48 (Docker 28.0).
    pub const V1_48: ApiVersion = ApiVersion::new(1, 48);
    /// Engine API 1.52 (Docker 29.0).
    pub const V1_52: ApiVersion = ApiVersion::new(1, 52);
    /// Engine API 1.55 (Docker 29.6).
    pub const V1_55: ApiVersion = ApiVersion::new(1, 55);

    /// A version from its two parts.
    pub const fn new(major: u16, minor: u16) -> Self {
        ApiVersion { major, minor }
    }

    /// The major part (always 1 today).
    pub const fn major(self) -> u16 {
        self.major
    }

    /// The minor part.
    pub const fn minor(self) -> u16 {
        self.minor
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for ApiVersion {
    type Err = Error;

    /// Parses `MAJOR.MINOR`, with an optional leading `v`.
    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = || {
            Error::invalid(format!(
                "API version {s:?} is not of the form MAJOR.MINOR (e.g. 1.41)"
            ))
        };
        let t = s.trim();
        let t = t.strip_prefix('v').unwrap_or(t);
        let (major, minor) = t.split_once('.').ok_or_else(bad)?;
        let major = major.parse().map_err(|_| bad())?;
        let minor = minor.parse().map_err(|_| bad())?;
        Ok(ApiVersion { major, minor })
    }
}

impl serde::Serialize for ApiVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for ApiVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders() {
        assert_eq!("1.41".parse::<ApiVersion>().unwrap(), ApiVersion::V1_41);
        assert_eq!(" v1.56 ".parse::<ApiVersion>().unwrap(), ApiVersion::MAX);
        assert!("1".parse::<ApiVersion>().is_err());
        assert!("1.x".parse::<ApiVersion>().is_err());
        assert!("".parse::<ApiVersion>().is_err());
        assert!(ApiVersion::new(1, 9) < ApiVersion::new(1, 10));
        assert!(ApiVersion::new(2, 0) > ApiVersion::new(1, 99));
        assert_eq!(ApiVersion::MIN.min(ApiVersion::MAX), ApiVersion::MIN);
    }
}
