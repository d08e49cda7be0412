//! Retrying failed calls: which failures are worth another attempt, how long to wait (the
//! server's `Retry-After`, else exponential backoff with jitter), and when to stop (attempts
//! and a bound on the total time).
//!
//! The rule for safety: a call is repeated after a failure only when repeating it cannot do
//! twice what the caller asked once. A 429 means the server refused without acting, and a
//! failed connection means the request never reached it, so both are retried for any call.
//! A 5xx, a timeout or a connection lost mid-request may come after the server acted, so
//! those are retried only for idempotent calls: GET, PUT, DELETE, HEAD, OPTIONS, or an action
//! the spec marks `idempotent`.

use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::clock::Clock;
use super::Error;

/// How many times, how fast and for how long to retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    /// Retries after the first attempt (0 turns retrying off).
    pub max_retries: u32,
    /// The first backoff; doubled for each further retry.
    pub base_delay: Duration,
    /// The longest single backoff, and the longest `Retry-After` honoured: a server asking
    /// for a longer wait gets its error returned at once.
    pub max_delay: Duration,
    /// The bound on the time spent waiting between attempts of one call: a retry whose wait
    /// would go past it is not made.
    pub max_elapsed: Duration,
    /// Whether backoffs are randomised (to between half and all of their value), so clients
    /// failing together do not retry together. `Retry-After` waits are never randomised.
    pub jitter: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_retries: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
            max_elapsed: Duration::from_secs(120),
            jitter: true,
        }
    }
}

/// Whether a failed call may be repeated, and the wait the server asked for.
///
/// `idempotent` says that doing the call twice is as good as once (by method, or because the
/// spec marks the action so). Returns `None` when it must not be retried, else
/// `Some(retry_after)`.
pub fn retryable(error: &Error, idempotent: bool) -> Option<Option<Duration>> {
    match error {
        // Refused before acting.
        Error::RateLimited { retry_after } => Some(*retry_after),
        Error::Api { status: 429, .. } => Some(None),
        // Never reached the server.
        Error::Transport(e) if e.is_connect() => Some(None),
        // May have been acted on.
        Error::Api { status, .. } if (500..600).contains(status) && idempotent => Some(None),
        Error::Transport(_) | Error::Timeout if idempotent => Some(None),
        _ => None,
    }
}

/// Reads a `Retry-After` value as delay seconds (`120`, also with a fraction), an HTTP date
/// (`Wed, 21 Oct 2026 07:28:00 GMT`), an ISO-8601 timestamp (`2026-10-21T07:28:00Z`), or a Unix
/// timestamp in seconds; a time in the past means no wait. `now` is the current wall time.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        // Far too large for a delay: a Unix timestamp.
        if seconds >= 1_000_000_000 {
            let at = SystemTime::UNIX_EPOCH + Duration::from_secs(seconds);
            return Some(until(at, now));
        }
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    if let Ok(at) = httpdate::parse_http_date(value) {
        return Some(until(at, now));
    }
    let at = chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&chrono::Utc))
        .or_else(|_| {
            // ISO-8601 without an offset is read as UTC.
            chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.f")
                .map(|t| t.and_utc())
        })
        .ok()?;
    let at = SystemTime::from(at);
    Some(until(at, now))
}

fn until(at: SystemTime, now: SystemTime) -> Duration {
    at.duration_since(now).unwrap_or(Duration::ZERO)
}

/// The `Retry-After` wait of an answer's headers, read at `now`.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, now))
}

/// Runs calls with retries, on an injectable clock.
#[derive(Debug)]
pub struct Retrier {
    config: RetryConfig,
    clock: Clock,
    rng: Mutex<fastrand::Rng>,
}

impl Retrier {
    /// A retrier with `config` on the system clock.
    pub fn new(config: RetryConfig) -> Retrier {
        Retrier::with_clock(config, Clock::system())
    }

    /// A retrier with `config` on `clock`.
    pub fn with_clock(config: RetryConfig, clock: Clock) -> Retrier {
        Retrier {
            config,
            clock,
            rng: Mutex::new(fastrand::Rng::new()),
        }
    }

    /// Seeds the jitter, for reproducible waits.
    pub fn seed(self, seed: u64) -> Retrier {
        Retrier {
            rng: Mutex::new(fastrand::Rng::with_seed(seed)),
            ..self
        }
    }

    /// The configuration.
    pub fn config(&self) -> &RetryConfig {
        &self.config
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The backoff before retry number `retry` (0 for the first), jitter applied.
    pub fn backoff(&self, retry: u32) -> Duration {
        let full = self
            .config
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.min(31)))
            .min(self.config.max_delay);
        if !self.config.jitter || full.is_zero() {
            return full;
        }
        let nanos = u64::try_from(full.as_nanos()).unwrap_or(u64::MAX);
        let half = nanos / 2;
        let mut rng = self.rng.lock().unwrap_or_else(|p| p.into_inner());
        Duration::from_nanos(half + rng.u64(0..=nanos - half))
    }

    /// Runs `attempt` until it succeeds, fails in a way that must not be retried, or the
    /// retries or the time bound run out; the last error is returned then.
    pub async fn run<T, F, Fut>(&self, idempotent: bool, mut attempt: F) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        self.run_attempts(idempotent, || {
            let attempt = attempt();
            async move { attempt.await.map_err(Attempt::Failed) }
        })
        .await
    }

    /// Like [`Retrier::run`], for attempts that can also end the call outright
    /// ([`Attempt::Final`]): a refusal by the client's own limits, which no retry would change.
    pub async fn run_attempts<T, F, Fut>(
        &self,
        idempotent: bool,
        mut attempt: F,
    ) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Attempt>>,
    {
        let started = self.clock.elapsed();
        let mut retry = 0;
        loop {
            let error = match attempt().await {
                Ok(value) => return Ok(value),
                Err(Attempt::Final(error)) => return Err(error),
                Err(Attempt::Failed(error)) => error,
            };
            if retry >= self.config.max_retries {
                return Err(error);
            }
            let Some(asked) = retryable(&error, idempotent) else {
                return Err(error);
            };
            let wait = match asked {
                Some(wait) if wait > self.config.max_delay => return Err(error),
                Some(wait) => wait,
                None => self.backoff(retry),
            };
            let spent = self.clock.elapsed().saturating_sub(started);
            if spent + wait > self.config.max_elapsed {
                return Err(error);
            }
            self.clock.sleep(wait).await;
            retry += 1;
        }
    }
}

/// How one attempt of [`Retrier::run_attempts`] failed.
#[derive(Debug)]
pub enum Attempt {
    /// The call failed; [`retryable`] decides whether to try again.
    Failed(Error),
    /// The call must not be tried again.
    Final(Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    // 2026-10-21T07:28:00Z
    const T0: u64 = 1_792_567_680;

    #[test]
    fn retry_after_in_every_form() {
        let now = at(T0);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2026 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("2026-10-21T07:29:00Z", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("2026-10-21T09:29:00+02:00", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("2026-10-21T07:28:10", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after(&(T0 + 45).to_string(), now),
            Some(Duration::from_secs(45))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }

    fn api(status: u16) -> Error {
        Error::Api {
            status,
            code: None,
            message: String::new(),
            details: Vec::new(),
            body: String::new(),
        }
    }

    #[test]
    fn only_safe_failures_are_retried() {
        assert_eq!(
            retryable(
                &Error::RateLimited {
                    retry_after: Some(Duration::from_secs(2))
                },
                false
            ),
            Some(Some(Duration::from_secs(2)))
        );
        assert_eq!(retryable(&api(503), true), Some(None));
        assert_eq!(retryable(&api(503), false), None);
        assert_eq!(retryable(&Error::Timeout, false), None);
        assert_eq!(retryable(&Error::Timeout, true), Some(None));
        assert_eq!(retryable(&api(400), true), None);
    }

    #[test]
    fn backoff_doubles_within_bounds_and_jitters() {
        let config = RetryConfig {
            jitter: false,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(5),
            ..RetryConfig::default()
        };
        let retrier = Retrier::new(config);
        let plain: Vec<_> = (0..5).map(|r| retrier.backoff(r).as_secs()).collect();
        assert_eq!(plain, vec![1, 2, 4, 5, 5]);
        let retrier = Retrier::new(RetryConfig {
            jitter: true,
            ..config
        })
        .seed(7);
        for retry in 0..6 {
            let full = Duration::from_secs(1 << retry.min(3)).min(config.max_delay);
            let wait = retrier.backoff(retry);
            assert!(wait >= full / 2 && wait <= full, "{wait:?} for {full:?}");
        }
    }

    #[tokio::test]
    async fn a_post_is_not_repeated_after_a_server_error() {
        let clock = Clock::manual(at(T0));
        let retrier = Retrier::with_clock(RetryConfig::default(), clock.clone());
        let mut calls = 0;
        let result: Result<(), Error> = retrier
            .run(false, || {
                calls += 1;
                async { Err(api(502)) }
            })
            .await;
        assert!(matches!(result, Err(Error::Api { status: 502, .. })));
        assert_eq!(calls, 1);
        // Marked idempotent, it is.
        let mut calls = 0;
        let _ = retrier
            .run(true, || {
                calls += 1;
                async { Err::<(), _>(api(502)) }
            })
            .await;
        assert_eq!(calls, 6);
    }

    #[tokio::test]
    async fn the_total_wait_is_bounded() {
        let clock = Clock::manual(at(T0));
        let config = RetryConfig {
            max_retries: 100,
            max_elapsed: Duration::from_secs(10),
            ..RetryConfig::default()
        };
        let retrier = Retrier::with_clock(config, clock.clone());
        let result: Result<(), Error> = retrier
            .run(false, || async {
                Err(Error::RateLimited {
                    retry_after: Some(Duration::from_secs(4)),
                })
            })
            .await;
        assert!(matches!(result, Err(Error::RateLimited { .. })));
        assert_eq!(clock.sleeps(), vec![Duration::from_secs(4); 2]);
        // A wait beyond the longest allowed is not attempted at all.
        let result: Result<(), Error> = retrier
            .run(false, || async {
                Err(Error::RateLimited {
                    retry_after: Some(Duration::from_secs(3600)),
                })
            })
            .await;
        assert!(result.is_err());
        assert_eq!(clock.sleeps().len(), 2);
    }
}
