//! [`Healthcheck`]: how the daemon checks that a container (or a service's task) is healthy, with
//! durations as [`Duration`] instead of nanosecond integers.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::models::HealthConfig;
use crate::utils::duration::duration_to_nanos;

/// A healthcheck, built into the Engine API's `HealthConfig`.
///
/// ```
/// use std::time::Duration;
/// use docker_sdk::types::Healthcheck;
///
/// let check = Healthcheck::shell("wget -q -O- http://localhost/ || exit 1")
///     .interval(Duration::from_secs(5))
///     .timeout(Duration::from_secs(2))
///     .retries(3)
///     .build()?;
/// assert_eq!(check.test.as_deref().unwrap()[0], "CMD-SHELL");
/// assert_eq!(check.interval, Some(5_000_000_000));
/// assert!(Healthcheck::cmd(["true"]).interval(Duration::from_micros(10)).build().is_err());
/// # Ok::<(), docker_sdk::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Healthcheck {
    test: Option<Vec<String>>,
    interval: Option<Duration>,
    timeout: Option<Duration>,
    start_period: Option<Duration>,
    start_interval: Option<Duration>,
    retries: Option<u32>,
}

impl Healthcheck {
    /// Runs a command directly (`["CMD", args…]`).
    pub fn cmd<I, S>(args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut test = vec!["CMD".to_string()];
        test.extend(args.into_iter().map(Into::into));
        Healthcheck {
            test: Some(test),
            ..Default::default()
        }
    }

    /// Runs a command with the container's shell (`["CMD-SHELL", command]`).
    pub fn shell(command: impl Into<String>) -> Self {
        Healthcheck {
            test: Some(vec!["CMD-SHELL".to_string(), command.into()]),
            ..Default::default()
        }
    }

    /// Disables a healthcheck inherited from the image (`["NONE"]`).
    pub fn none() -> Self {
        Healthcheck {
            test: Some(vec!["NONE".to_string()]),
            ..Default::default()
        }
    }

    /// Keeps the image's check but changes its timing (an empty test inherits it).
    pub fn inherit() -> Self {
        Healthcheck {
            test: Some(Vec::new()),
            ..Default::default()
        }
    }

    /// Time between two checks.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = Some(interval);
        self
    }

    /// How long one check may run before it counts as failed.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Grace period after start during which failures do not count.
    pub fn start_period(mut self, period: Duration) -> Self {
        self.start_period = Some(period);
        self
    }

    /// Time between checks during the start period (API 1.44+).
    pub fn start_interval(mut self, interval: Duration) -> Self {
        self.start_interval = Some(interval);
        self
    }

    /// Consecutive failures before the container is unhealthy.
    pub fn retries(mut self, retries: u32) -> Self {
        self.retries = Some(retries);
        self
    }

    /// Checks the values and builds the Engine API's `HealthConfig`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a `CMD` without a command, or a duration between zero and one
    /// millisecond (the daemon's minimum).
    pub fn build(&self) -> Result<HealthConfig> {
        if let Some(test) = &self.test {
            if matches!(test.first().map(String::as_str), Some("CMD" | "CMD-SHELL"))
                && test[1..].iter().all(|a| a.trim().is_empty())
            {
                return Err(Error::invalid(
                    "healthcheck: CMD and CMD-SHELL need a command to run",
                ));
            }
        }
        for (name, value) in [
            ("interval", self.interval),
            ("timeout", self.timeout),
            ("start_period", self.start_period),
            ("start_interval", self.start_interval),
        ] {
            if let Some(d) = value {
                if !d.is_zero() && d < Duration::from_millis(1) {
                    return Err(Error::invalid(format!(
                        "healthcheck: {name} {d:?} is below the daemon's minimum of 1ms (use 0 for the default)"
                    )));
                }
            }
        }
        Ok(HealthConfig {
            test: self.test.clone(),
            interval: self.interval.map(duration_to_nanos),
            timeout: self.timeout.map(duration_to_nanos),
            retries: self.retries.map(i64::from),
            start_period: self.start_period.map(duration_to_nanos),
            start_interval: self.start_interval.map(duration_to_nanos),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_health_config() {
        let h = Healthcheck::cmd(["curl", "-f", "http://x/"])
            .timeout(Duration::from_secs(1))
            .start_period(Duration::from_millis(1500))
            .start_interval(Duration::ZERO)
            .retries(2)
            .build()
            .unwrap();
        assert_eq!(
            h.test.unwrap(),
            ["CMD", "curl", "-f", "http://x/"].map(String::from)
        );
        assert_eq!(h.timeout, Some(1_000_000_000));
        assert_eq!(h.start_period, Some(1_500_000_000));
        assert_eq!(h.start_interval, Some(0));
        assert_eq!(h.retries, Some(2));
        assert_eq!(h.interval, None);
        assert_eq!(Healthcheck::none().build().unwrap().test.unwrap(), ["NONE"]);
        assert_eq!(
            Healthcheck::inherit().build().unwrap().test,
            Some(Vec::new())
        );
    }

    #[test]
    fn rejects_bad_values() {
        assert!(Healthcheck::cmd(Vec::<String>::new()).build().is_err());
        assert!(Healthcheck::shell(" ").build().is_err());
        let err = Healthcheck::shell("true")
            .timeout(Duration::from_nanos(10))
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("timeout"), "{err}");
    }
}
