//! Human byte sizes (`"512m"`, `"1g"`, `"1.5GiB"`) as accepted for memory limits, shm size and the like.
//!
//! Units are binary multiples, as in docker-py and the Docker CLI: `k` = 1024, `m` = 1024², `g` = 1024³,
//! `t` = 1024⁴, `p` = 1024⁵; `b` or no unit means bytes.
//!
//! What is accepted is the union of docker-py's `parse_bytes` and the CLI's `RAMInBytes`:
//!
//! | input | docker-py | CLI | here |
//! |---|---|---|---|
//! | `1024`, `10b`, `100k`, `512m`, `1g`, any case | ✓ | ✓ | ✓ |
//! | `512mb`, `512MB` (unit + `b`) | ✓ | ✓ | ✓ |
//! | `1.5g` (decimal) | ✓ (float, truncated) | ✓ | ✓ (exact, then truncated) |
//! | `2t`, `1p` | ✗ | ✓ | ✓ |
//! | `512MiB`, `512mi` | ✗ | ✓ | ✓ |
//! | `512 m` (one space) | ✗ | ✓ | ✓ |
//! | `""` | 0 | ✗ | ✗ (an empty limit is almost always a mistake) |
//! | `-1` | ✓ | ✗ | ✓ (means "unlimited" for `memswap_limit`) |
//! | `1e3`, `.5k`, `inf` | ✓ (Python `float`) | ✗ | ✗ |
//!
//! Surrounding whitespace is ignored.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Parses a human byte size into a number of bytes.
///
/// See the [module documentation](self) for the accepted forms.
///
/// ```
/// use docker_sdk::utils::bytes_size::parse_bytes;
///
/// assert_eq!(parse_bytes("512m")?, 512 * 1024 * 1024);
/// assert_eq!(parse_bytes("1G")?, 1 << 30);
/// assert_eq!(parse_bytes("100kb")?, 102_400);
/// assert_eq!(parse_bytes("1.5GiB")?, 3 << 29);
/// assert_eq!(parse_bytes("10b")?, 10);
/// assert_eq!(parse_bytes("1024")?, 1024);
/// assert!(parse_bytes("12x").is_err());
/// # Ok::<(), docker_sdk::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] for anything else, or for a size that does not fit in an `i64`.
pub fn parse_bytes(input: &str) -> Result<i64> {
    let s = input.trim();
    let bad = |why: &str| {
        Error::invalid(format!(
            "invalid byte size {input:?}: {why}; expected a number with an optional unit b, k, m, g, t or p \
             (binary multiples, e.g. \"512m\" for 512 MiB; \"kb\"/\"KiB\" spellings also work)"
        ))
    };
    if s.is_empty() {
        return Err(bad("it is empty"));
    }
    if s == "-1" {
        return Ok(-1);
    }

    let digits_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, rest) = s.split_at(digits_end);
    let (int_part, frac_part) = match number.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (number, None),
    };
    if int_part.is_empty() {
        return Err(bad("it does not start with a number"));
    }
    if let Some(f) = frac_part {
        if f.is_empty() || f.contains('.') {
            return Err(bad("the number is malformed"));
        }
    }

    let unit = rest.strip_prefix(' ').unwrap_or(rest).to_ascii_lowercase();
    let shift = match unit.as_str() {
        "" | "b" => 0,
        "k" | "kb" | "ki" | "kib" => 10,
        "m" | "mb" | "mi" | "mib" => 20,
        "g" | "gb" | "gi" | "gib" => 30,
        "t" | "tb" | "ti" | "tib" => 40,
        "p" | "pb" | "pi" | "pib" => 50,
        _ => return Err(bad("the unit is not one of b, k, m, g, t, p")),
    };
    let multiplier: u128 = 1 << shift;

    let too_large = || bad("it is too large");
    let whole: u128 = int_part.parse().map_err(|_| too_large())?;
    let mut total = whole.checked_mul(multiplier).ok_or_else(too_large)?;
    if let Some(f) = frac_part {
        // Exact: fraction × multiplier / 10^digits, truncated. Digits past 20 cannot change the result
        // (the multiplier is below 10^16), and 10^20 × 2^50 still fits in a u128.
        let f = &f[..f.len().min(20)];
        let numerator: u128 = f.parse().map_err(|_| too_large())?;
        let fraction = numerator * multiplier / 10u128.pow(f.len() as u32);
        total = total.checked_add(fraction).ok_or_else(too_large)?;
    }
    i64::try_from(total).map_err(|_| too_large())
}

/// A size in bytes, for options such as `mem_limit` and `shm_size`.
///
/// Made from an integer (a byte count) or parsed from a human size with [`ByteSize::parse`] /
/// `"512m".parse()` / `ByteSize::try_from("512m")`. Option setters take [`IntoByteSize`], so they accept
/// both. It serializes as the plain integer the Engine API expects.
///
/// ```
/// use docker_sdk::utils::bytes_size::ByteSize;
///
/// assert_eq!(ByteSize::parse("512m")?, ByteSize::mib(512));
/// assert_eq!(ByteSize::from(1024).bytes(), 1024);
/// assert_eq!(ByteSize::try_from("1g")?.to_string(), "1073741824");
/// assert_eq!(serde_json::to_string(&ByteSize::kib(4)).unwrap(), "4096");
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct ByteSize(i64);

impl ByteSize {
    /// `bytes` bytes.
    pub const fn new(bytes: i64) -> Self {
        ByteSize(bytes)
    }

    /// `n` KiB (saturating).
    pub const fn kib(n: i64) -> Self {
        ByteSize(n.saturating_mul(1 << 10))
    }

    /// `n` MiB (saturating).
    pub const fn mib(n: i64) -> Self {
        ByteSize(n.saturating_mul(1 << 20))
    }

    /// `n` GiB (saturating).
    pub const fn gib(n: i64) -> Self {
        ByteSize(n.saturating_mul(1 << 30))
    }

    /// The number of bytes.
    pub const fn bytes(self) -> i64 {
        self.0
    }

    /// Parses a human size such as `"512m"`; see [`parse_bytes`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when `s` is not a size.
    pub fn parse(s: &str) -> Result<Self> {
        parse_bytes(s).map(ByteSize)
    }
}

impl fmt::Display for ByteSize {
    /// The number of bytes, as the Engine API takes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<ByteSize> for i64 {
    fn from(size: ByteSize) -> i64 {
        size.0
    }
}

macro_rules! from_signed {
    ($($t:ty),*) => {$(
        impl From<$t> for ByteSize {
            /// That many bytes.
            fn from(n: $t) -> Self {
                ByteSize(i64::from(n))
            }
        }
    )*};
}
from_signed!(i64, i32, u32);

macro_rules! from_unsigned_saturating {
    ($($t:ty),*) => {$(
        impl From<$t> for ByteSize {
            /// That many bytes, saturating at `i64::MAX` (8 EiB).
            fn from(n: $t) -> Self {
                ByteSize(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
from_unsigned_saturating!(u64, usize);

impl FromStr for ByteSize {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        ByteSize::parse(s)
    }
}

impl TryFrom<&str> for ByteSize {
    type Error = Error;

    fn try_from(s: &str) -> Result<Self> {
        ByteSize::parse(s)
    }
}

impl TryFrom<String> for ByteSize {
    type Error = Error;

    fn try_from(s: String) -> Result<Self> {
        ByteSize::parse(&s)
    }
}

/// Values an option setter accepts as a size: integers (bytes), [`ByteSize`], and strings such as
/// `"512m"`, which are parsed when the request is built.
///
/// ```
/// use docker_sdk::utils::bytes_size::{ByteSize, IntoByteSize};
///
/// fn mem_limit(size: impl IntoByteSize) -> docker_sdk::Result<i64> {
///     Ok(size.into_byte_size()?.bytes())
/// }
/// assert_eq!(mem_limit(1024)?, 1024);
/// assert_eq!(mem_limit("2k")?, 2048);
/// assert_eq!(mem_limit(ByteSize::mib(1))?, 1 << 20);
/// assert!(mem_limit("lots").is_err());
/// # Ok::<(), docker_sdk::Error>(())
/// ```
pub trait IntoByteSize {
    /// Converts (or parses) the value.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a string that is not a size.
    fn into_byte_size(self) -> Result<ByteSize>;
}

impl IntoByteSize for ByteSize {
    fn into_byte_size(self) -> Result<ByteSize> {
        Ok(self)
    }
}

macro_rules! into_byte_size_via_from {
    ($($t:ty),*) => {$(
        impl IntoByteSize for $t {
            fn into_byte_size(self) -> Result<ByteSize> {
                Ok(ByteSize::from(self))
            }
        }
    )*};
}
into_byte_size_via_from!(i64, i32, u32, u64, usize);

impl IntoByteSize for &str {
    fn into_byte_size(self) -> Result<ByteSize> {
        ByteSize::parse(self)
    }
}

impl IntoByteSize for String {
    fn into_byte_size(self) -> Result<ByteSize> {
        ByteSize::parse(&self)
    }
}

impl IntoByteSize for &String {
    fn into_byte_size(self) -> Result<ByteSize> {
        ByteSize::parse(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const K: i64 = 1024;
    const M: i64 = 1024 * 1024;
    const G: i64 = 1024 * 1024 * 1024;

    #[test]
    fn accepted_forms() {
        let cases: &[(&str, i64)] = &[
            ("0", 0),
            ("1024", 1024),
            ("10b", 10),
            ("10B", 10),
            ("100k", 100 * K),
            ("100K", 100 * K),
            ("100kb", 100 * K),
            ("100KB", 100 * K),
            ("100KiB", 100 * K),
            ("100ki", 100 * K),
            ("512m", 512 * M),
            ("512mb", 512 * M),
            ("512MB", 512 * M),
            ("512 MiB", 512 * M),
            ("1g", G),
            ("1GB", G),
            ("2t", 2 * 1024 * G),
            ("1p", 1024 * 1024 * G),
            ("1.5g", 3 * G / 2),
            ("0.5k", 512),
            ("0.1k", 102), // 102.4, truncated
            ("1.999b", 1),
            ("  64m  ", 64 * M),
            ("-1", -1),
            ("8589934591g", 8_589_934_591 * G), // just below i64::MAX
            ("9223372036854775807", i64::MAX),
            ("0.0000000000000000000000000000000001k", 0),
        ];
        for (input, want) in cases {
            assert_eq!(parse_bytes(input).unwrap(), *want, "{input:?}");
        }
    }

    #[test]
    fn rejected_forms() {
        let cases: &[(&str, &str)] = &[
            ("", "it is empty"),
            ("   ", "it is empty"),
            ("m", "does not start with a number"),
            (".5k", "does not start with a number"),
            ("-5m", "does not start with a number"),
            ("1.k", "malformed"),
            ("1.2.3k", "malformed"),
            ("12x", "unit"),
            ("12kk", "unit"),
            ("12 ", "12"), // trimmed: fine, checked below
            ("12  m", "unit"),
            ("1e3", "unit"),
            ("8589934592g", "too large"),
            ("9223372036854775808", "too large"),
            ("99999999999999999999999999999999999999999", "too large"),
        ];
        for (input, why) in cases {
            if *input == "12 " {
                assert_eq!(parse_bytes(input).unwrap(), 12);
                continue;
            }
            let err = parse_bytes(input).unwrap_err();
            assert!(matches!(err, Error::InvalidArgument(_)), "{input:?}");
            assert!(err.to_string().contains(why), "{input:?}: {err}");
        }
    }

    #[test]
    fn byte_size_conversions() {
        assert_eq!(ByteSize::from(5u64), ByteSize::new(5));
        assert_eq!(ByteSize::from(u64::MAX).bytes(), i64::MAX);
        assert_eq!(ByteSize::from(7usize).bytes(), 7);
        assert_eq!(ByteSize::from(-1i64).bytes(), -1);
        assert_eq!(ByteSize::gib(2).bytes(), 2 * G);
        assert_eq!(ByteSize::gib(i64::MAX).bytes(), i64::MAX);
        assert_eq!("3m".parse::<ByteSize>().unwrap(), ByteSize::mib(3));
        assert_eq!(
            ByteSize::try_from(String::from("1k")).unwrap(),
            ByteSize::kib(1)
        );
        assert!(ByteSize::try_from("nope").is_err());
        assert_eq!(i64::from(ByteSize::kib(1)), 1024);
        assert_eq!(
            serde_json::from_str::<ByteSize>("77").unwrap(),
            ByteSize::new(77)
        );
        assert_eq!(
            String::from("1b").into_byte_size().unwrap(),
            ByteSize::new(1)
        );
        assert_eq!(
            (&String::from("2b")).into_byte_size().unwrap(),
            ByteSize::new(2)
        );
    }
}
