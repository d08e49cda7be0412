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

/// How many times, how fast and for how long a call is retried: the one retry setting of a
/// client (`Client::with_retry_config` on a generated client).
///
/// Start from [`RetryConfig::standard`] (the default) or [`RetryConfig::disabled`] and change
/// what you need:
///
/// ```
/// use std::time::Duration;
/// use connectors::runtime::RetryConfig;
///
/// let config = RetryConfig::standard()
///     .with_max_retries(3)
///     .with_total_timeout(Duration::from_secs(30));
/// assert_eq!(config.max_retries, 3);
/// assert_eq!(RetryConfig::disabled().max_retries, 0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Retries after the first attempt (0 turns retrying off); 5 by default.
    pub max_retries: u32,
    /// The first backoff, doubled for each further retry; 0.5 s by default.
    pub base_delay: Duration,
    /// The longest single backoff, and the longest `Retry-After` honoured: a server asking
    /// for a longer wait gets its error returned at once. 60 s by default.
    pub max_delay: Duration,
    /// The bound on the whole call: every attempt (each request with its own timeout) and
    /// every wait between attempts. An attempt still running when it passes is dropped and
    /// the call fails with [`Error::Timeout`]; a retry whose wait would reach it is not made.
    /// Waits for the client's own rate limits are not counted (bound those with
    /// `LimitMode::WaitUpTo`). 120 s by default.
    pub total_timeout: Duration,
    /// Whether backoffs are randomised (to between half and all of their value), so clients
    /// failing together do not retry together. `Retry-After` waits are never randomised.
    /// On by default.
    pub jitter: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig::standard()
    }
}

impl RetryConfig {
    /// The default: 5 retries, backoff from 0.5 s up to 60 s with jitter, 120 s in all.
    pub fn standard() -> RetryConfig {
        RetryConfig {
            max_retries: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
            total_timeout: Duration::from_secs(120),
            jitter: true,
        }
    }

    /// No retries: every call is one attempt (still bounded by the total timeout).
    pub fn disabled() -> RetryConfig {
        RetryConfig::standard().with_max_retries(0)
    }

    /// Sets the retries after the first attempt.
    pub fn with_max_retries(mut self, max_retries: u32) -> RetryConfig {
        self.max_retries = max_retries;
        self
    }

    /// Sets the first backoff.
    pub fn with_base_delay(mut self, base_delay: Duration) -> RetryConfig {
        self.base_delay = base_delay;
        self
    }

    /// Sets the longest backoff and the longest `Retry-After` honoured.
    pub fn with_max_delay(mut self, max_delay: Duration) -> RetryConfig {
        self.max_delay = max_delay;
        self
    }

    /// Sets the bound on the whole call, attempts and waits included.
    pub fn with_total_timeout(mut self, total_timeout: Duration) -> RetryConfig {
        self.total_timeout = total_timeout;
        self
    }

    /// Turns the randomising of backoffs on or off.
    pub fn with_jitter(mut self, jitter: bool) -> RetryConfig {
        self.jitter = jitter;
        self
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
    /// retries or the total timeout run out; the last error is returned then, or
    /// [`Error::Timeout`] when the total timeout cut an attempt short.
    pub async fn run<T, F, Fut>(&self, idempotent: bool, attempt: F) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        self.run_gated(idempotent, || async { Ok(()) }, attempt)
            .await
    }

    /// Like [`Retrier::run`], with `gate` awaited before every attempt: the client's own rate
    /// limits. The time spent in `gate` is not counted in the total timeout, and an error of
    /// `gate` (a refusal by the limits, which no retry would change) ends the call at once.
    pub async fn run_gated<T, G, GFut, F, Fut>(
        &self,
        idempotent: bool,
        mut gate: G,
        mut attempt: F,
    ) -> Result<T, Error>
    where
        G: FnMut() -> GFut,
        GFut: Future<Output = Result<(), Error>>,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let total = self.config.total_timeout;
        let started = self.clock.elapsed();
        // Time spent in the gate, which the total timeout does not count.
        let mut gated = Duration::ZERO;
        let spent = |gated: Duration| {
            self.clock
                .elapsed()
                .saturating_sub(started)
                .saturating_sub(gated)
        };
        let mut retry = 0;
        loop {
            let before = self.clock.elapsed();
            gate().await?;
            gated += self.clock.elapsed().saturating_sub(before);
            let remaining = total.saturating_sub(spent(gated));
            if remaining.is_zero() {
                return Err(Error::Timeout);
            }
            let error = match self.clock.timeout(remaining, attempt()).await {
                Some(Ok(value)) => return Ok(value),
                Some(Err(error)) => error,
                None => return Err(Error::Timeout),
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
            // A wait that uses up the budget would leave no time for the retry.
            if spent(gated) + wait >= total {
                return Err(error);
            }
            self.clock.sleep(wait).await;
            retry += 1;
        }
    }
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
            body_cut: 0,
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
        let config = RetryConfig::standard()
            .with_jitter(false)
            .with_base_delay(Duration::from_secs(1))
            .with_max_delay(Duration::from_secs(5));
        let retrier = Retrier::new(config);
        let plain: Vec<_> = (0..5).map(|r| retrier.backoff(r).as_secs()).collect();
        assert_eq!(plain, vec![1, 2, 4, 5, 5]);
        let retrier = Retrier::new(config.with_jitter(true)).seed(7);
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
        let config = RetryConfig::standard()
            .with_max_retries(100)
            .with_total_timeout(Duration::from_secs(10));
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

    /// Runs attempts that each take `per_attempt` and then time out, under a retrier with
    /// `total` on the system clock (tokio's time is paused, so nothing sleeps for real).
    async fn timed_out_attempts(per_attempt: Duration, total: Duration) -> (u32, Duration) {
        let clock = Clock::system();
        let config = RetryConfig::standard()
            .with_max_retries(100)
            .with_jitter(false)
            .with_total_timeout(total);
        let retrier = Retrier::with_clock(config, clock.clone());
        let mut attempts = 0;
        let result: Result<(), Error> = retrier
            .run(true, || {
                attempts += 1;
                async move {
                    tokio::time::sleep(per_attempt).await;
                    Err(Error::Timeout)
                }
            })
            .await;
        assert!(matches!(result, Err(Error::Timeout)));
        (attempts, clock.elapsed())
    }

    #[tokio::test(start_paused = true)]
    async fn the_total_timeout_bounds_attempts_and_waits_together() {
        // 50 s, wait 0.5 s, 50 s, wait 1 s, then the third attempt is cut at 120 s.
        assert_eq!(
            timed_out_attempts(Duration::from_secs(50), Duration::from_secs(120)).await,
            (3, Duration::from_secs(120))
        );
        // A 2 s request timeout under a 10 s bound: 2 + 0.5 + 2 + 1 + 2 + 2 = 9.5 s, then
        // the fourth attempt has half a second.
        assert_eq!(
            timed_out_attempts(Duration::from_secs(2), Duration::from_secs(10)).await,
            (4, Duration::from_secs(10))
        );
    }
}
