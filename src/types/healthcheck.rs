//! Container health checks with `Duration`s instead of nanoseconds.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::models::HealthConfig;
use crate::utils::duration::duration_to_nanos;

/// The shortest non-zero healthcheck duration the daemon accepts.
const MINIMUM_DURATION: Duration = Duration::from_millis(1);

/// How the daemon checks a container's health.
///
/// ```
/// use std::time::Duration;
/// use docker_sdk::types::Healthcheck;
/// let hc = Healthcheck::shell("wget -q -O- http://localhost/ || exit 1")
///     .interval(Duration::from_secs(2))
///     .retries(3);
/// let model = hc.to_model();
/// assert_eq!(model.test.unwrap(), ["CMD-SHELL", "wget -q -O- http://localhost/ || exit 1"]);
/// assert_eq!(model.interval, Some(2_000_000_000));
/// // The daemon refuses non-zero durations under a millisecond; this is caught before sending.
/// assert!(Healthcheck::cmd(["true"]).timeout(Duration::from_micros(10)).validate().is_err());
/// ```
///
/// The container builders and the service [`ContainerSpec`](crate::types::services::ContainerSpec)
/// call [`validate`](Self::validate) on the healthcheck they are given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Healthcheck {
    test: Vec<String>,
    interval: Option<Duration>,
    timeout: Option<Duration>,
    retries: Option<u32>,
    start_period: Option<Duration>,
    start_interval: Option<Duration>,
}

impl Healthcheck {
    /// Runs a command directly (`CMD`); healthy when it exits 0.
    pub fn cmd<I, S>(args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut test = vec!["CMD".to_string()];
        test.extend(args.into_iter().map(Into::into));
        Healthcheck {
            test,
            ..Default::default()
        }
    }

    /// Runs a command with the container's shell (`CMD-SHELL`).
    pub fn shell(command: impl Into<String>) -> Self {
        Healthcheck {
            test: vec!["CMD-SHELL".to_string(), command.into()],
            ..Default::default()
        }
    }

    /// Disables a health check inherited from the image (`NONE`).
    pub fn none() -> Self {
        Healthcheck {
            test: vec!["NONE".to_string()],
            ..Default::default()
        }
    }

    /// Keeps the image's check but overrides its timings.
    pub fn inherit() -> Self {
        Healthcheck::default()
    }

    /// Time between checks.
    pub fn interval(mut self, d: Duration) -> Self {
        self.interval = Some(d);
        self
    }

    /// How long one check may take.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = Some(d);
        self
    }

    /// Consecutive failures before the container is unhealthy.
    pub fn retries(mut self, n: u32) -> Self {
        self.retries = Some(n);
        self
    }

    /// Grace period after start during which failures don't count.
    pub fn start_period(mut self, d: Duration) -> Self {
        self.start_period = Some(d);
        self
    }

    /// Time between checks during the start period (API 1.44+).
    pub fn start_interval(mut self, d: Duration) -> Self {
        self.start_interval = Some(d);
        self
    }

    /// Checks the values the way the daemon does, so a bad healthcheck fails before any request is sent:
    /// each of interval, timeout, start period and start interval is either zero (the default) or at least
    /// one millisecond, and a `CMD` / `CMD-SHELL` test has a command.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the offending value.
    pub fn validate(&self) -> Result<()> {
        let durations = [
            ("interval", self.interval),
            ("timeout", self.timeout),
            ("start_period", self.start_period),
            ("start_interval", self.start_interval),
        ];
        for (name, d) in durations {
            if let Some(d) = d.filter(|d| !d.is_zero() && *d < MINIMUM_DURATION) {
                return Err(Error::invalid(format!(
                    "healthcheck {name} {d:?} is too short: the daemon accepts 0 (the default) or at \
                     least 1ms"
                )));
            }
        }
        match self.test.first().map(String::as_str) {
            Some("CMD") if self.test.len() < 2 || self.test[1].is_empty() => Err(Error::invalid(
                "healthcheck CMD has no command: give the program and its arguments",
            )),
            Some("CMD-SHELL") if self.test.get(1).is_none_or(|c| c.trim().is_empty()) => Err(
                Error::invalid("healthcheck CMD-SHELL has no command: give the shell command"),
            ),
            _ => Ok(()),
        }
    }

    /// The model sent to the daemon.
    pub fn to_model(&self) -> HealthConfig {
        let ns = |d: Option<Duration>| d.map(duration_to_nanos);
        HealthConfig {
            test: (!self.test.is_empty()).then(|| self.test.clone()),
            interval: ns(self.interval),
            timeout: ns(self.timeout),
            retries: self.retries.map(i64::from),
            start_period: ns(self.start_period),
            start_interval: ns(self.start_interval),
        }
    }
}

impl From<Healthcheck> for HealthConfig {
    fn from(h: Healthcheck) -> HealthConfig {
        h.to_model()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_durations() {
        assert_eq!(
            Healthcheck::cmd(["true"]).to_model().test.unwrap(),
            ["CMD", "true"]
        );
        assert_eq!(Healthcheck::none().to_model().test.unwrap(), ["NONE"]);
        let m = Healthcheck::inherit()
            .timeout(Duration::from_millis(1500))
            .start_period(Duration::from_secs(1))
            .to_model();
        assert_eq!(m.test, None);
        assert_eq!(m.timeout, Some(1_500_000_000));
        assert_eq!(m.start_period, Some(1_000_000_000));
    }

    #[test]
    fn validate_enforces_the_daemon_minimums() {
        let ms = Duration::from_millis(1);
        Healthcheck::cmd(["true"])
            .interval(ms)
            .timeout(Duration::ZERO)
            .start_period(Duration::from_secs(3))
            .start_interval(ms)
            .retries(0)
            .validate()
            .unwrap();
        Healthcheck::none().validate().unwrap();
        Healthcheck::inherit().interval(ms).validate().unwrap();
        let short = Duration::from_micros(999);
        let cases = [
            (Healthcheck::inherit().interval(short), "interval"),
            (Healthcheck::inherit().timeout(short), "timeout"),
            (Healthcheck::inherit().start_period(short), "start_period"),
            (
                Healthcheck::inherit().start_interval(short),
                "start_interval",
            ),
            (Healthcheck::cmd(Vec::<String>::new()), "CMD has no command"),
            (Healthcheck::shell(" "), "CMD-SHELL has no command"),
        ];
        for (hc, needle) in cases {
            let err = hc.validate().expect_err(needle);
            assert!(
                err.to_string().contains(needle),
                "{err} should mention {needle}"
            );
        }
    }
}
