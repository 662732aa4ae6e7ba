//! Durations and points in time in the forms the Engine API uses.
//!
//! - Nanosecond integers: healthcheck intervals, stop timeouts of services, restart delays …
//!   ([`duration_to_nanos`], [`nanos_to_duration`]).
//! - Go duration strings such as `1h30m` or `1.5s` ([`format_go_duration`], [`parse_go_duration`]).
//! - Unix timestamps, `SECONDS[.NANOSECONDS]`, for the `since` and `until` query parameters of logs,
//!   events and prune ([`Timestamp`], [`unix_timestamp`]).

use std::fmt::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};

const NANOS_PER_SEC: u128 = 1_000_000_000;

/// A duration as the Engine API's nanosecond integer, saturating at `i64::MAX` (about 292 years).
///
/// ```
/// use std::time::Duration;
/// use docker_sdk::utils::duration::duration_to_nanos;
///
/// assert_eq!(duration_to_nanos(Duration::from_secs(30)), 30_000_000_000);
/// assert_eq!(duration_to_nanos(Duration::MAX), i64::MAX);
/// ```
pub fn duration_to_nanos(d: Duration) -> i64 {
    i64::try_from(d.as_nanos()).unwrap_or(i64::MAX)
}

/// An Engine API nanosecond integer as a duration; negative values become zero.
///
/// ```
/// use std::time::Duration;
/// use docker_sdk::utils::duration::nanos_to_duration;
///
/// assert_eq!(nanos_to_duration(1_500_000_000), Duration::from_millis(1500));
/// assert_eq!(nanos_to_duration(-1), Duration::ZERO);
/// ```
pub fn nanos_to_duration(nanos: i64) -> Duration {
    Duration::from_nanos(u64::try_from(nanos).unwrap_or(0))
}

/// Formats `value / 10^prec` with its fraction, trailing zeros dropped: `(1500, 3)` → `"1.5"`.
fn with_fraction(out: &mut String, value: u128, prec: u32) {
    let scale = 10u128.pow(prec);
    let (whole, frac) = (value / scale, value % scale);
    let _ = write!(out, "{whole}");
    if frac != 0 {
        let digits = format!("{frac:0width$}", width = prec as usize);
        let _ = write!(out, ".{}", digits.trim_end_matches('0'));
    }
}

/// A duration as Go's `time.Duration.String()` writes it: `"0s"`, `"250ms"`, `"1.5µs"`, `"1m30s"`,
/// `"2h0m0s"`.
///
/// ```
/// use std::time::Duration;
/// use docker_sdk::utils::duration::format_go_duration;
///
/// assert_eq!(format_go_duration(Duration::from_secs(90)), "1m30s");
/// assert_eq!(format_go_duration(Duration::from_millis(1500)), "1.5s");
/// assert_eq!(format_go_duration(Duration::from_micros(250)), "250µs");
/// assert_eq!(format_go_duration(Duration::from_secs(7200)), "2h0m0s");
/// ```
pub fn format_go_duration(d: Duration) -> String {
    let nanos = d.as_nanos();
    let mut out = String::new();
    if nanos == 0 {
        return "0s".to_owned();
    }
    if nanos < NANOS_PER_SEC {
        let (prec, unit) = match nanos {
            n if n < 1_000 => (0, "ns"),
            n if n < 1_000_000 => (3, "µs"),
            _ => (6, "ms"),
        };
        with_fraction(&mut out, nanos, prec);
        out.push_str(unit);
        return out;
    }
    let secs = nanos / NANOS_PER_SEC;
    let minutes = secs / 60;
    if minutes > 0 {
        let hours = minutes / 60;
        if hours > 0 {
            let _ = write!(out, "{hours}h");
        }
        let _ = write!(out, "{}m", minutes % 60);
    }
    with_fraction(
        &mut out,
        (secs % 60) * NANOS_PER_SEC + nanos % NANOS_PER_SEC,
        9,
    );
    out.push('s');
    out
}

/// Parses a Go duration string: decimal numbers, each with a unit (`ns`, `us`/`µs`, `ms`, `s`, `m`,
/// `h`), e.g. `"300ms"`, `"1.5h"`, `"2h45m"`; `"0"` alone needs no unit.
///
/// ```
/// use std::time::Duration;
/// use docker_sdk::utils::duration::parse_go_duration;
///
/// assert_eq!(parse_go_duration("1m30s")?, Duration::from_secs(90));
/// assert_eq!(parse_go_duration("1.5h")?, Duration::from_secs(5400));
/// assert_eq!(parse_go_duration("250ms")?, Duration::from_millis(250));
/// assert!(parse_go_duration("10").is_err()); // a unit is required
/// # Ok::<(), docker_sdk::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidArgument`] for a malformed string, an unknown unit, a negative duration, or one
/// longer than Go can represent (about 292 years).
pub fn parse_go_duration(input: &str) -> Result<Duration> {
    let bad = |why: &str| {
        Error::invalid(format!(
            "invalid duration {input:?}: {why}; expected numbers with units such as \"30s\", \"1m30s\", \
             \"1.5h\" or \"250ms\" (units ns, us, ms, s, m, h)"
        ))
    };
    let mut s = input.trim();
    let negative = s.starts_with('-');
    if let Some(rest) = s.strip_prefix(['-', '+']) {
        s = rest;
    }
    if s == "0" {
        return Ok(Duration::ZERO);
    }
    if s.is_empty() {
        return Err(bad("it is empty"));
    }
    let mut total: u128 = 0;
    while !s.is_empty() {
        let int_len = s.bytes().take_while(u8::is_ascii_digit).count();
        let (int_part, rest) = s.split_at(int_len);
        let (frac_part, rest) = match rest.strip_prefix('.') {
            Some(after) => {
                let n = after.bytes().take_while(u8::is_ascii_digit).count();
                after.split_at(n)
            }
            None => ("", rest),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(bad("a number is missing"));
        }
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let (unit, rest) = rest.split_at(unit_len);
        let scale: u128 = match unit {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => NANOS_PER_SEC,
            "m" => 60 * NANOS_PER_SEC,
            "h" => 3600 * NANOS_PER_SEC,
            "" => return Err(bad("a unit is missing")),
            _ => return Err(bad(&format!("unknown unit {unit:?}"))),
        };
        let too_long = || bad("it is longer than about 292 years");
        let whole: u128 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().map_err(|_| too_long())?
        };
        let mut part = whole.checked_mul(scale).ok_or_else(too_long)?;
        if !frac_part.is_empty() {
            // Digits past 20 cannot change the result: the scale is below 10^13.
            let f = &frac_part[..frac_part.len().min(20)];
            let numerator: u128 = f.parse().map_err(|_| too_long())?;
            part += numerator * scale / 10u128.pow(f.len() as u32);
        }
        total = total.checked_add(part).ok_or_else(too_long)?;
        if total > i64::MAX as u128 {
            return Err(too_long());
        }
        s = rest;
    }
    if negative && total != 0 {
        return Err(bad("it is negative"));
    }
    Ok(Duration::from_nanos(total as u64))
}

/// `t` as a Unix timestamp with nanoseconds, `SECONDS.NNNNNNNNN`, the form the Docker CLI sends for
/// `since` and `until`. Times before 1970 give negative seconds (with the nanoseconds counted forward,
/// as Go does).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use docker_sdk::utils::duration::unix_timestamp;
///
/// let t = UNIX_EPOCH + Duration::new(1_700_000_000, 5);
/// assert_eq!(unix_timestamp(t), "1700000000.000000005");
/// ```
pub fn unix_timestamp(t: SystemTime) -> String {
    let (secs, nanos) = match t.duration_since(UNIX_EPOCH) {
        Ok(after) => (after.as_secs() as i128, after.subsec_nanos()),
        Err(e) => {
            let before = e.duration();
            match before.subsec_nanos() {
                0 => (-(before.as_secs() as i128), 0),
                n => (-(before.as_secs() as i128) - 1, 1_000_000_000 - n),
            }
        }
    };
    format!("{secs}.{nanos:09}")
}

/// A point in time for `since` / `until` parameters: an absolute time, a time relative to now, or a
/// Unix timestamp.
///
/// [`Timestamp::ago`] is resolved when the query is built ([`to_query_value`](Self::to_query_value)),
/// like the CLI's `--since 10m`.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use docker_sdk::utils::duration::Timestamp;
///
/// assert_eq!(Timestamp::unix(1_700_000_000).to_query_value(), "1700000000");
/// let now = UNIX_EPOCH + Duration::from_secs(1_000);
/// assert_eq!(Timestamp::ago(Duration::from_secs(600)).to_query_value_at(now), "400.000000000");
/// assert_eq!(Timestamp::parse("10m")?, Timestamp::ago(Duration::from_secs(600)));
/// assert_eq!(Timestamp::parse("1700000000.5")?.to_query_value(), "1700000000.500000000");
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timestamp {
    /// An absolute time.
    At(SystemTime),
    /// This long before the moment the request is built (the epoch at the earliest).
    Ago(Duration),
    /// Seconds (and nanoseconds) since the Unix epoch.
    Unix {
        /// Whole seconds; negative before 1970.
        secs: i64,
        /// Nanoseconds added to `secs` (below 1 000 000 000).
        nanos: u32,
    },
}

impl Timestamp {
    /// The current time.
    pub fn now() -> Self {
        Timestamp::At(SystemTime::now())
    }

    /// An absolute time.
    pub fn at(t: SystemTime) -> Self {
        Timestamp::At(t)
    }

    /// `d` before the moment the request is built.
    pub fn ago(d: Duration) -> Self {
        Timestamp::Ago(d)
    }

    /// Whole seconds since the Unix epoch.
    pub fn unix(secs: i64) -> Self {
        Timestamp::Unix { secs, nanos: 0 }
    }

    /// Parses what the CLI's `--since` / `--until` take besides dates: a Go duration (`"10m"`, `"1h30m"`,
    /// meaning that long ago) or a Unix timestamp (`"1700000000"`, `"1700000000.123456789"`).
    /// For RFC 3339 dates, convert them to a `SystemTime` and use [`Timestamp::at`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when `s` is neither.
    pub fn parse(s: &str) -> Result<Self> {
        let t = s.trim();
        let bytes_ok = !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
        if bytes_ok {
            let (secs_part, frac) = t.split_once('.').unwrap_or((t, ""));
            let secs: Option<i64> = secs_part.parse().ok();
            let frac_ok = frac.len() <= 9 && frac.bytes().all(|b| b.is_ascii_digit());
            if let (Some(secs), true) = (secs, frac_ok) {
                let nanos = if frac.is_empty() {
                    0
                } else {
                    format!("{frac:0<9}").parse().unwrap_or(0)
                };
                return Ok(Timestamp::Unix { secs, nanos });
            }
        }
        parse_go_duration(t).map(Timestamp::Ago).map_err(|_| {
            Error::invalid(format!(
                "invalid timestamp {s:?}: expected a Unix timestamp (e.g. 1700000000 or 1700000000.5) or a \
                 duration ago (e.g. 10m, 1h30m); for dates, pass a SystemTime"
            ))
        })
    }

    /// The query parameter value, resolving [`Timestamp::Ago`] against the current time.
    pub fn to_query_value(&self) -> String {
        self.to_query_value_at(SystemTime::now())
    }

    /// The query parameter value, resolving [`Timestamp::Ago`] against `now`.
    pub fn to_query_value_at(&self, now: SystemTime) -> String {
        match *self {
            Timestamp::At(t) => unix_timestamp(t),
            Timestamp::Ago(d) => unix_timestamp(
                now.checked_sub(d)
                    .filter(|t| *t >= UNIX_EPOCH)
                    .unwrap_or(UNIX_EPOCH),
            ),
            Timestamp::Unix { secs, nanos: 0 } => secs.to_string(),
            Timestamp::Unix { secs, nanos } => format!("{secs}.{nanos:09}"),
        }
    }
}

impl From<SystemTime> for Timestamp {
    fn from(t: SystemTime) -> Self {
        Timestamp::At(t)
    }
}

/// Seconds for APIs that only take whole seconds, rounded up so a short grace period never becomes 0.
///
/// ```
/// use std::time::Duration;
/// use docker_sdk::utils::duration::whole_seconds_rounding_up;
/// assert_eq!(whole_seconds_rounding_up(Duration::from_millis(500)), 1);
/// assert_eq!(whole_seconds_rounding_up(Duration::from_secs(3)), 3);
/// ```
pub fn whole_seconds_rounding_up(d: Duration) -> i64 {
    let secs = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    i64::try_from(secs).unwrap_or(i64::MAX)
}

/// A duration means "this long ago".
impl From<Duration> for Timestamp {
    fn from(d: Duration) -> Self {
        Timestamp::Ago(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_format() {
        let cases: &[(Duration, &str)] = &[
            (Duration::ZERO, "0s"),
            (Duration::from_nanos(1), "1ns"),
            (Duration::from_nanos(999), "999ns"),
            (Duration::from_nanos(1_100), "1.1µs"),
            (Duration::from_micros(2_200), "2.2ms"),
            (Duration::from_nanos(3_300_000), "3.3ms"),
            (Duration::from_millis(999), "999ms"),
            (Duration::from_secs(1), "1s"),
            (Duration::from_nanos(1_000_000_001), "1.000000001s"),
            (Duration::from_millis(4_500), "4.5s"),
            (Duration::from_secs(60), "1m0s"),
            (Duration::from_secs(61), "1m1s"),
            (Duration::from_millis(5 * 60_000 + 6_700), "5m6.7s"),
            (Duration::from_secs(3600), "1h0m0s"),
            (Duration::from_secs(8 * 3600 + 60 + 9), "8h1m9s"),
            (
                Duration::from_nanos(i64::MAX as u64),
                "2562047h47m16.854775807s",
            ),
        ];
        for (d, want) in cases {
            assert_eq!(format_go_duration(*d), *want, "{d:?}");
        }
    }

    #[test]
    fn go_parse() {
        let cases: &[(&str, Duration)] = &[
            ("0", Duration::ZERO),
            ("-0", Duration::ZERO),
            ("+5s", Duration::from_secs(5)),
            ("5s", Duration::from_secs(5)),
            ("30s", Duration::from_secs(30)),
            ("1478s", Duration::from_secs(1478)),
            ("1.5s", Duration::from_millis(1500)),
            (".5s", Duration::from_millis(500)),
            ("1.s", Duration::from_secs(1)),
            ("1.004s", Duration::from_millis(1004)),
            ("100.00100s", Duration::from_millis(100_001)),
            ("10ns", Duration::from_nanos(10)),
            ("11us", Duration::from_micros(11)),
            ("12µs", Duration::from_micros(12)),
            ("12μs", Duration::from_micros(12)),
            ("13ms", Duration::from_millis(13)),
            ("14m", Duration::from_secs(14 * 60)),
            ("15h", Duration::from_secs(15 * 3600)),
            ("3h30m", Duration::from_secs(3 * 3600 + 1800)),
            ("10.5s4m", Duration::from_millis(4 * 60_000 + 10_500)),
            ("1h1m1s1ms1us1ns", Duration::from_nanos(3_661_001_001_001)),
            (
                "0.3333333333333333333h",
                Duration::from_nanos(1_199_999_999_999),
            ),
            (
                "9223372036854775807ns",
                Duration::from_nanos(i64::MAX as u64),
            ),
            (
                "2562047h47m16.854775807s",
                Duration::from_nanos(i64::MAX as u64),
            ),
            ("  2m  ", Duration::from_secs(120)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_go_duration(input).unwrap(), *want, "{input}");
        }
    }

    #[test]
    fn go_parse_errors() {
        let cases = [
            ("", "empty"),
            ("-", "empty"),
            ("3", "unit is missing"),
            ("s", "number is missing"),
            (".s", "number is missing"),
            ("1d", "unknown unit"),
            ("1S", "unknown unit"),
            ("-1s", "negative"),
            ("1s-2s", "unknown unit"),
            ("9223372036854775808ns", "292 years"),
            ("2562048h", "292 years"),
            ("99999999999999999999999999999999999999999h", "292 years"),
        ];
        for (input, why) in cases {
            let err = parse_go_duration(input).unwrap_err();
            assert!(err.to_string().contains(why), "{input}: {err}");
        }
    }

    #[test]
    fn format_then_parse_round_trips() {
        for nanos in [
            1u64,
            999,
            1_234,
            1_234_567,
            59_999_999_999,
            3_600_000_000_001,
            86_400_000_000_000,
        ] {
            let d = Duration::from_nanos(nanos);
            assert_eq!(
                parse_go_duration(&format_go_duration(d)).unwrap(),
                d,
                "{nanos}"
            );
        }
    }

    #[test]
    fn nanos() {
        assert_eq!(duration_to_nanos(Duration::from_millis(1)), 1_000_000);
        assert_eq!(duration_to_nanos(Duration::new(u64::MAX, 0)), i64::MAX);
        assert_eq!(nanos_to_duration(0), Duration::ZERO);
        assert_eq!(nanos_to_duration(i64::MIN), Duration::ZERO);
        assert_eq!(
            nanos_to_duration(i64::MAX),
            Duration::from_nanos(i64::MAX as u64)
        );
    }

    #[test]
    fn timestamps() {
        assert_eq!(unix_timestamp(UNIX_EPOCH), "0.000000000");
        assert_eq!(
            unix_timestamp(UNIX_EPOCH + Duration::from_millis(1_500)),
            "1.500000000"
        );
        assert_eq!(
            unix_timestamp(UNIX_EPOCH - Duration::from_millis(1_500)),
            "-2.500000000"
        );
        assert_eq!(
            unix_timestamp(UNIX_EPOCH - Duration::from_secs(3)),
            "-3.000000000"
        );

        let now = UNIX_EPOCH + Duration::new(2_000, 250);
        let cases: Vec<(Timestamp, &str)> = vec![
            (
                Timestamp::at(UNIX_EPOCH + Duration::from_secs(5)),
                "5.000000000",
            ),
            (Timestamp::from(UNIX_EPOCH), "0.000000000"),
            (Timestamp::ago(Duration::from_secs(1_000)), "1000.000000250"),
            (
                Timestamp::ago(Duration::from_secs(1_000_000)),
                "0.000000000",
            ),
            (Timestamp::unix(42), "42"),
            (Timestamp::unix(-1), "-1"),
            (Timestamp::Unix { secs: 1, nanos: 7 }, "1.000000007"),
        ];
        for (ts, want) in cases {
            assert_eq!(ts.to_query_value_at(now), want, "{ts:?}");
        }
        let live = Timestamp::ago(Duration::from_secs(60)).to_query_value();
        let secs: f64 = live.parse().unwrap();
        let expected = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs_f64()
            - 60.0;
        assert!((secs - expected).abs() < 5.0, "{live}");
        assert!(matches!(Timestamp::now(), Timestamp::At(_)));
    }

    #[test]
    fn timestamp_parse() {
        let cases: Vec<(&str, Timestamp)> = vec![
            ("1700000000", Timestamp::unix(1_700_000_000)),
            (
                "1700000000.25",
                Timestamp::Unix {
                    secs: 1_700_000_000,
                    nanos: 250_000_000,
                },
            ),
            (
                "1700000000.123456789",
                Timestamp::Unix {
                    secs: 1_700_000_000,
                    nanos: 123_456_789,
                },
            ),
            ("-5", Timestamp::unix(-5)),
            ("10m", Timestamp::ago(Duration::from_secs(600))),
            ("1h30m", Timestamp::ago(Duration::from_secs(5400))),
            (" 2s ", Timestamp::ago(Duration::from_secs(2))),
        ];
        for (input, want) in cases {
            assert_eq!(Timestamp::parse(input).unwrap(), want, "{input}");
        }
        for bad in [
            "",
            "yesterday",
            "1.2.3",
            "1.1234567890",
            "2024-01-01T00:00:00Z",
            "-10m",
        ] {
            let err = Timestamp::parse(bad).unwrap_err();
            assert!(
                err.to_string().contains("invalid timestamp"),
                "{bad}: {err}"
            );
        }
    }
}
