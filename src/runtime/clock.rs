//! The time source of the runtime's waits: rate-limit delays, retry backoff and poll spacing.
//!
//! [`Clock::system`] reads the real clocks and sleeps with tokio. [`Clock::manual`] is a
//! controllable clock for tests: it starts at a chosen wall-clock time, and a `sleep` on it
//! returns at once after moving the clock forward by the requested duration and recording it,
//! so a test can run an hour of rate limiting in microseconds and then check every wait that
//! was asked for. The clock also drives `governor`'s buckets (it implements
//! [`governor::clock::Clock`]), so limits and sleeps share one notion of time.

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tokio::time::Instant;

/// A cheap-to-clone handle on a real or a manual clock.
#[derive(Clone)]
pub struct Clock {
    inner: Arc<Inner>,
}

enum Inner {
    System { origin: Instant },
    Manual(Mutex<Manual>),
}

struct Manual {
    wall_origin: SystemTime,
    elapsed: Duration,
    sleeps: Vec<Duration>,
}

impl Clock {
    /// The real clocks: tokio's `Instant` for elapsed time (so a test with tokio's time paused
    /// sees the same time as the sleeps), `SystemTime` for dates, tokio for sleeps.
    pub fn system() -> Clock {
        Clock {
            inner: Arc::new(Inner::System {
                origin: Instant::now(),
            }),
        }
    }

    /// A manual clock whose wall-clock time starts at `wall`; it only moves when slept on or
    /// advanced.
    pub fn manual(wall: SystemTime) -> Clock {
        Clock {
            inner: Arc::new(Inner::Manual(Mutex::new(Manual {
                wall_origin: wall,
                elapsed: Duration::ZERO,
                sleeps: Vec::new(),
            }))),
        }
    }

    /// Whether this is a manual clock.
    pub fn is_manual(&self) -> bool {
        matches!(*self.inner, Inner::Manual(_))
    }

    /// Monotonic time since the clock was made.
    pub fn elapsed(&self) -> Duration {
        match &*self.inner {
            Inner::System { origin } => origin.elapsed(),
            Inner::Manual(m) => lock(m).elapsed,
        }
    }

    /// The current wall-clock time (for `Retry-After` dates).
    pub fn wall(&self) -> SystemTime {
        match &*self.inner {
            Inner::System { .. } => SystemTime::now(),
            Inner::Manual(m) => {
                let m = lock(m);
                m.wall_origin + m.elapsed
            }
        }
    }

    /// Waits for `duration`: a real sleep, or on a manual clock an instant jump forward that
    /// is recorded in [`Clock::sleeps`]. A zero duration neither sleeps nor is recorded.
    pub async fn sleep(&self, duration: Duration) {
        if duration.is_zero() {
            return;
        }
        match &*self.inner {
            Inner::System { .. } => tokio::time::sleep(duration).await,
            Inner::Manual(m) => {
                let mut m = lock(m);
                m.elapsed += duration;
                m.sleeps.push(duration);
            }
        }
    }

    /// Runs `future` for at most `limit`: its output, or `None` when the limit passed first
    /// (the future is dropped then). A manual clock cannot interrupt a future: the output is
    /// `None` when the future moved the clock past `limit` by the time it finished.
    pub async fn timeout<F: Future>(&self, limit: Duration, future: F) -> Option<F::Output> {
        match &*self.inner {
            Inner::System { .. } => tokio::time::timeout(limit, future).await.ok(),
            Inner::Manual(_) => {
                let start = self.elapsed();
                let output = future.await;
                (self.elapsed().saturating_sub(start) <= limit).then_some(output)
            }
        }
    }

    /// Moves a manual clock forward without recording a sleep (time passing outside the
    /// runtime); does nothing on the system clock.
    pub fn advance(&self, duration: Duration) {
        if let Inner::Manual(m) = &*self.inner {
            lock(m).elapsed += duration;
        }
    }

    /// Every sleep asked of a manual clock, in order; empty for the system clock.
    pub fn sleeps(&self) -> Vec<Duration> {
        match &*self.inner {
            Inner::System { .. } => Vec::new(),
            Inner::Manual(m) => lock(m).sleeps.clone(),
        }
    }
}

fn lock(m: &Mutex<Manual>) -> std::sync::MutexGuard<'_, Manual> {
    // A panic while holding this lock cannot leave the plain values inconsistent.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.inner {
            Inner::System { .. } => f.write_str("Clock::System"),
            Inner::Manual(_) => write!(f, "Clock::Manual({:?})", self.elapsed()),
        }
    }
}

impl governor::clock::Clock for Clock {
    type Instant = Duration;

    fn now(&self) -> Duration {
        self.elapsed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_manual_clock_moves_only_when_slept_on() {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let clock = Clock::manual(start);
        assert_eq!(clock.elapsed(), Duration::ZERO);
        clock.sleep(Duration::from_secs(3)).await;
        clock.advance(Duration::from_secs(1));
        clock.sleep(Duration::ZERO).await;
        assert_eq!(clock.elapsed(), Duration::from_secs(4));
        assert_eq!(clock.wall(), start + Duration::from_secs(4));
        assert_eq!(clock.sleeps(), vec![Duration::from_secs(3)]);
        assert!(clock.is_manual());
        assert!(!Clock::system().is_manual());
    }

    #[tokio::test]
    async fn a_manual_timeout_counts_the_time_the_future_took() {
        let clock = Clock::manual(SystemTime::UNIX_EPOCH);
        let quick = clock.timeout(Duration::from_secs(5), clock.sleep(Duration::from_secs(5)));
        assert_eq!(quick.await, Some(()));
        let slow = clock.timeout(Duration::from_secs(5), clock.sleep(Duration::from_secs(6)));
        assert_eq!(slow.await, None);
    }

    #[tokio::test(start_paused = true)]
    async fn a_system_timeout_drops_the_future_at_the_limit() {
        let clock = Clock::system();
        let slow = clock.timeout(Duration::from_secs(5), clock.sleep(Duration::from_secs(60)));
        assert_eq!(slow.await, None);
        assert_eq!(clock.elapsed(), Duration::from_secs(5));
    }
}
