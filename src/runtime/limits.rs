//! Client-side rate limits from a connector spec: one `governor` token bucket per limit, or
//! one per value of a parameter (`per_value_of`), chosen for each call by the limit's scope.
//!
//! A limit of `calls` per `period` is a bucket that holds `calls` tokens and gains one back
//! every `period / calls` (governor's GCRA): a burst of `calls` goes through at once, and after
//! it calls are spaced `period / calls` apart (0.6 s for GoToWebinar's 100 calls per 60 s).
//! When a bucket is empty the caller either waits for the next token or gets
//! [`Error::RateLimited`] with the wait, as [`LimitMode`] says.
//!
//! The buckets live in this process unless [`Limits::shared`] hands them to a
//! [`SharedBuckets`] backend (the `fleet` feature's database limiter), which keeps the same
//! GCRA state where every worker of a fleet reads and updates it.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;

use governor::clock::Clock as _;
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::HashMapStateStore;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};

use super::clock::Clock;
use super::Error;

/// Which calls a limit counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimitScope {
    /// Every call of the connection: actions and trigger polls.
    Connection,
    /// Every trigger poll.
    Triggers,
    /// Calls of these actions (spec names).
    Actions(Vec<String>),
    /// Polls of these triggers (spec names).
    Trigger(Vec<String>),
    /// Calls of actions carrying this rate label (Zoom's `MEDIUM`).
    Label(String),
}

/// One limit as the spec states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitDef {
    /// The documented name.
    pub name: String,
    /// Calls allowed per period (at least 1).
    pub calls: u32,
    /// The renewal period.
    pub period: Duration,
    /// Which calls count.
    pub scope: LimitScope,
    /// A parameter whose every value gets a bucket of its own (Zoom's `userId`).
    pub per_value_of: Option<String>,
}

impl LimitDef {
    /// A limit of `calls` per `period` on every call of the connection.
    pub fn new(name: impl Into<String>, calls: u32, period: Duration) -> LimitDef {
        LimitDef {
            name: name.into(),
            calls,
            period,
            scope: LimitScope::Connection,
            per_value_of: None,
        }
    }

    /// Sets the scope.
    pub fn scope(mut self, scope: LimitScope) -> LimitDef {
        self.scope = scope;
        self
    }

    /// Splits the limit into one bucket per value of `param`.
    pub fn per_value_of(mut self, param: impl Into<String>) -> LimitDef {
        self.per_value_of = Some(param.into());
        self
    }

    fn quota(&self) -> Quota {
        let calls = NonZeroU32::new(self.calls.max(1)).unwrap_or(NonZeroU32::MIN);
        let interval = (self.period / calls.get()).max(Duration::from_nanos(1));
        Quota::with_period(interval)
            .unwrap_or_else(|| Quota::per_second(calls))
            .allow_burst(calls)
    }

    fn applies_to(&self, call: &Call<'_>) -> bool {
        match (&self.scope, call.kind) {
            (LimitScope::Connection, _) => true,
            (LimitScope::Triggers, CallKind::Trigger(_)) => true,
            (LimitScope::Actions(names), CallKind::Action(name)) => names.iter().any(|n| n == name),
            (LimitScope::Trigger(names), CallKind::Trigger(name)) => {
                names.iter().any(|n| n == name)
            }
            (LimitScope::Label(label), CallKind::Action(_)) => call.label == Some(label.as_str()),
            _ => false,
        }
    }

    /// How specific the scope is: narrower limits are checked first.
    fn rank(&self) -> u8 {
        let scope = match self.scope {
            LimitScope::Actions(_) | LimitScope::Trigger(_) => 0,
            LimitScope::Label(_) => 1,
            LimitScope::Triggers => 2,
            LimitScope::Connection => 3,
        };
        if self.per_value_of.is_some() {
            scope
        } else {
            scope + 4
        }
    }
}

/// What a caller does when a bucket is empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LimitMode {
    /// Wait for the next token, however long (the default).
    #[default]
    Wait,
    /// Wait when the wait is at most this long; otherwise fail with [`Error::RateLimited`].
    WaitUpTo(Duration),
    /// Never wait: fail with [`Error::RateLimited`] carrying the wait.
    Fail,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CallKind<'a> {
    Action(&'a str),
    Trigger(&'a str),
}

/// A call about to be made, as the limits see it.
#[derive(Clone, Copy, Debug)]
pub struct Call<'a> {
    kind: CallKind<'a>,
    label: Option<&'a str>,
    values: &'a [(&'a str, &'a str)],
}

impl<'a> Call<'a> {
    /// A call of the action `name` (spec name).
    pub fn action(name: &'a str) -> Call<'a> {
        Call {
            kind: CallKind::Action(name),
            label: None,
            values: &[],
        }
    }

    /// A poll of the trigger `name` (spec name).
    pub fn trigger(name: &'a str) -> Call<'a> {
        Call {
            kind: CallKind::Trigger(name),
            label: None,
            values: &[],
        }
    }

    /// The action's rate label.
    pub fn label(mut self, label: Option<&'a str>) -> Call<'a> {
        self.label = label;
        self
    }

    /// Parameter values of the call, for limits split `per_value_of` a parameter.
    pub fn values(mut self, values: &'a [(&'a str, &'a str)]) -> Call<'a> {
        self.values = values;
        self
    }

    fn value(&self, param: &str) -> &'a str {
        self.values
            .iter()
            .find(|(name, _)| *name == param)
            .map(|(_, value)| *value)
            .unwrap_or("")
    }
}

type Direct = RateLimiter<NotKeyed, InMemoryState, Clock, NoOpMiddleware<Duration>>;
type Keyed = RateLimiter<String, HashMapStateStore<String>, Clock, NoOpMiddleware<Duration>>;

enum Bucket {
    Direct(Direct),
    Keyed(Keyed),
}

/// Buckets kept outside this process, shared by every worker that uses the connection.
pub trait SharedBuckets: Send + Sync {
    /// Takes a token from the bucket named `bucket`, which holds `calls` tokens and gains one
    /// back every `period / calls` (GCRA, as the in-process buckets): `None` when a token was
    /// taken, else how long until one is there (nothing taken).
    fn take<'a>(
        &'a self,
        bucket: &'a str,
        calls: u32,
        period: Duration,
    ) -> BoxFuture<'a, Result<Option<Duration>, Error>>;
}

/// How often calls waited for a token, and for how long in all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LimitWaits {
    /// Waits for a token.
    pub count: u64,
    /// Their total length.
    pub total: Duration,
}

/// The buckets of one connection. Share it (in an `Arc`) between everything that uses the
/// connection: the limits count calls, not clients.
pub struct Limits {
    defs: Vec<LimitDef>,
    buckets: Vec<Bucket>,
    order: Vec<usize>,
    clock: Clock,
    mode: LimitMode,
    shared: Option<Arc<dyn SharedBuckets>>,
    waits: AtomicU64,
    waited_nanos: AtomicU64,
}

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limits")
            .field("defs", &self.defs)
            .field("mode", &self.mode)
            .field("shared", &self.shared.is_some())
            .finish_non_exhaustive()
    }
}

impl Limits {
    /// The buckets of `defs` on the system clock, waiting when empty.
    pub fn new(defs: Vec<LimitDef>) -> Limits {
        Limits::with_clock(defs, Clock::system(), LimitMode::Wait)
    }

    /// The buckets of `defs` on `clock`, behaving as `mode` says when empty.
    pub fn with_clock(defs: Vec<LimitDef>, clock: Clock, mode: LimitMode) -> Limits {
        let buckets = defs
            .iter()
            .map(|def| match def.per_value_of {
                None => Bucket::Direct(RateLimiter::direct_with_clock(def.quota(), clock.clone())),
                Some(_) => {
                    Bucket::Keyed(RateLimiter::hashmap_with_clock(def.quota(), clock.clone()))
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..defs.len()).collect();
        order.sort_by_key(|&i| defs[i].rank());
        Limits {
            defs,
            buckets,
            order,
            clock,
            mode,
            shared: None,
            waits: AtomicU64::new(0),
            waited_nanos: AtomicU64::new(0),
        }
    }

    /// Keeps the buckets in `buckets` instead of this process, so that every worker given the
    /// same backend counts its calls in the same buckets. Waits still run on this clock.
    pub fn shared(mut self, buckets: Arc<dyn SharedBuckets>) -> Limits {
        self.shared = Some(buckets);
        self
    }

    /// How often calls waited for a token so far, and how long in all.
    pub fn waits(&self) -> LimitWaits {
        LimitWaits {
            count: self.waits.load(Ordering::Relaxed),
            total: Duration::from_nanos(self.waited_nanos.load(Ordering::Relaxed)),
        }
    }

    /// The limits.
    pub fn defs(&self) -> &[LimitDef] {
        &self.defs
    }

    /// The behaviour when a bucket is empty.
    pub fn mode(&self) -> LimitMode {
        self.mode
    }

    /// Changes the behaviour when a bucket is empty.
    pub fn set_mode(&mut self, mode: LimitMode) {
        self.mode = mode;
    }

    /// The clock the buckets run on.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Takes a token from every bucket that counts `call`, most specific first, waiting or
    /// failing as the mode says. When a call fails on one bucket, tokens already taken from
    /// more specific buckets stay taken (the error errs on the side of fewer calls).
    pub async fn acquire(&self, call: &Call<'_>) -> Result<(), Error> {
        for &index in &self.order {
            let def = &self.defs[index];
            if !def.applies_to(call) {
                continue;
            }
            loop {
                let taken = match &self.shared {
                    None => self.try_take(index, call),
                    Some(shared) => {
                        let bucket = self.bucket_name(index, call);
                        shared.take(&bucket, def.calls.max(1), def.period).await?
                    }
                };
                let wait = match taken {
                    None => break,
                    Some(wait) => wait,
                };
                let allowed = match self.mode {
                    LimitMode::Wait => true,
                    LimitMode::WaitUpTo(max) => wait <= max,
                    LimitMode::Fail => false,
                };
                if !allowed {
                    return Err(Error::RateLimited {
                        retry_after: Some(wait),
                    });
                }
                self.waits.fetch_add(1, Ordering::Relaxed);
                let nanos = u64::try_from(wait.as_nanos()).unwrap_or(u64::MAX);
                self.waited_nanos.fetch_add(nanos, Ordering::Relaxed);
                self.clock.sleep(wait).await;
            }
        }
        Ok(())
    }

    /// The name of bucket `index` for `call` in a shared backend: the limit's position and
    /// name, and the parameter's value for a limit split `per_value_of` it.
    fn bucket_name(&self, index: usize, call: &Call<'_>) -> String {
        let def = &self.defs[index];
        match &def.per_value_of {
            None => format!("{index}:{}", def.name),
            Some(param) => format!("{index}:{}:{}={}", def.name, param, call.value(param)),
        }
    }

    /// Takes a token from bucket `index`, or says how long until one is there.
    fn try_take(&self, index: usize, call: &Call<'_>) -> Option<Duration> {
        let outcome = match &self.buckets[index] {
            Bucket::Direct(limiter) => limiter.check(),
            Bucket::Keyed(limiter) => {
                let param = self.defs[index].per_value_of.as_deref().unwrap_or("");
                limiter.check_key(&call.value(param).to_owned())
            }
        };
        match outcome {
            Ok(()) => None,
            Err(not_until) => Some(
                not_until
                    .wait_time_from(self.clock.now())
                    .max(Duration::from_nanos(1)),
            ),
        }
    }

    /// Forgets the buckets of `per_value_of` values that are full again, so a long-lived
    /// connection does not keep one bucket per value it ever saw.
    pub fn shrink(&self) {
        for bucket in &self.buckets {
            if let Bucket::Keyed(limiter) = bucket {
                limiter.retain_recent();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

    fn clock() -> Clock {
        Clock::manual(SystemTime::UNIX_EPOCH)
    }

    #[tokio::test]
    async fn gotowebinar_admits_100_calls_and_delays_the_101st() {
        let clock = clock();
        let limits = Limits::with_clock(
            vec![LimitDef::new(
                "API calls per connection",
                100,
                Duration::from_secs(60),
            )],
            clock.clone(),
            LimitMode::Wait,
        );
        for _ in 0..100 {
            limits.acquire(&Call::action("ListWebinars")).await.unwrap();
        }
        assert!(
            clock.sleeps().is_empty(),
            "the first 100 calls went straight through"
        );
        limits.acquire(&Call::action("ListWebinars")).await.unwrap();
        assert_eq!(clock.sleeps(), vec![Duration::from_millis(600)]);
        // A quiet minute fills the bucket again.
        clock.advance(Duration::from_secs(60));
        for _ in 0..100 {
            limits.acquire(&Call::action("GetWebinar")).await.unwrap();
        }
        assert_eq!(clock.sleeps().len(), 1);
    }

    #[tokio::test]
    async fn failing_mode_reports_the_wait() {
        let limits = Limits::with_clock(
            vec![LimitDef::new("calls", 2, Duration::from_secs(10))],
            clock(),
            LimitMode::Fail,
        );
        limits.acquire(&Call::action("A")).await.unwrap();
        limits.acquire(&Call::action("A")).await.unwrap();
        match limits.acquire(&Call::action("A")).await {
            Err(Error::RateLimited { retry_after }) => {
                assert_eq!(retry_after, Some(Duration::from_secs(5)))
            }
            other => panic!("expected RateLimited, got {other:?}"),
        }
        let limits = Limits::with_clock(
            vec![LimitDef::new("calls", 1, Duration::from_secs(10))],
            clock(),
            LimitMode::WaitUpTo(Duration::from_secs(5)),
        );
        limits.acquire(&Call::action("A")).await.unwrap();
        assert!(limits.acquire(&Call::action("A")).await.is_err());
    }

    #[tokio::test]
    async fn scopes_choose_the_buckets() {
        let clock = clock();
        let limits = Limits::with_clock(
            vec![
                LimitDef::new("polls", 1, Duration::from_secs(120)).scope(LimitScope::Triggers),
                LimitDef::new("medium", 2, Duration::from_secs(1))
                    .scope(LimitScope::Label("MEDIUM".into())),
                LimitDef::new("create", 1, Duration::from_secs(10))
                    .scope(LimitScope::Actions(vec!["CreateMeeting".into()])),
            ],
            clock.clone(),
            LimitMode::Fail,
        );
        // Actions never touch the trigger bucket, and unlabelled actions no label bucket.
        for _ in 0..10 {
            limits.acquire(&Call::action("ListWebinars")).await.unwrap();
        }
        limits
            .acquire(&Call::trigger("OnNewWebinar"))
            .await
            .unwrap();
        assert!(limits
            .acquire(&Call::trigger("OnNewRegistration"))
            .await
            .is_err());
        let get = Call::action("GetMeeting").label(Some("MEDIUM"));
        limits.acquire(&get).await.unwrap();
        limits.acquire(&get).await.unwrap();
        assert!(limits.acquire(&get).await.is_err());
        clock.advance(Duration::from_secs(1));
        let create = Call::action("CreateMeeting").label(Some("MEDIUM"));
        limits.acquire(&create).await.unwrap();
        assert!(limits.acquire(&create).await.is_err());
    }

    /// A backend that refuses each bucket's first take with a 2 s wait and records the names.
    #[derive(Default)]
    struct Recording(std::sync::Mutex<Vec<(String, u32, Duration)>>);

    impl SharedBuckets for Recording {
        fn take<'a>(
            &'a self,
            bucket: &'a str,
            calls: u32,
            period: Duration,
        ) -> BoxFuture<'a, Result<Option<Duration>, Error>> {
            let mut seen = self.0.lock().unwrap();
            let first = !seen.iter().any(|(b, _, _)| b == bucket);
            seen.push((bucket.to_owned(), calls, period));
            Box::pin(async move { Ok(first.then_some(Duration::from_secs(2))) })
        }
    }

    #[tokio::test]
    async fn shared_buckets_take_the_place_of_the_local_ones() {
        let clock = clock();
        let backend = Arc::new(Recording::default());
        let limits = Limits::with_clock(
            vec![
                LimitDef::new("per user", 100, Duration::from_secs(86_400)).per_value_of("userId"),
                LimitDef::new("calls", 10, Duration::from_secs(60)),
            ],
            clock.clone(),
            LimitMode::Wait,
        )
        .shared(backend.clone());
        limits
            .acquire(&Call::action("CreateMeeting").values(&[("userId", "alice")]))
            .await
            .unwrap();
        let names: Vec<String> = backend
            .0
            .lock()
            .unwrap()
            .iter()
            .map(|e| e.0.clone())
            .collect();
        assert_eq!(
            names,
            vec![
                "0:per user:userId=alice",
                "0:per user:userId=alice",
                "1:calls",
                "1:calls"
            ]
        );
        assert_eq!(backend.0.lock().unwrap()[2].1, 10);
        assert_eq!(clock.sleeps(), vec![Duration::from_secs(2); 2]);
        assert_eq!(
            limits.waits(),
            LimitWaits {
                count: 2,
                total: Duration::from_secs(4)
            }
        );
    }

    #[tokio::test]
    async fn zoom_meeting_creations_are_counted_per_user() {
        let clock = clock();
        let limits = Limits::with_clock(
            vec![
                LimitDef::new("per user per day", 100, Duration::from_secs(86_400))
                    .scope(LimitScope::Actions(vec!["CreateMeeting".into()]))
                    .per_value_of("userId"),
            ],
            clock.clone(),
            LimitMode::Fail,
        );
        let alice = [("userId", "alice")];
        let bob = [("userId", "bob")];
        for _ in 0..100 {
            limits
                .acquire(&Call::action("CreateMeeting").values(&alice))
                .await
                .unwrap();
        }
        let refused = limits
            .acquire(&Call::action("CreateMeeting").values(&alice))
            .await;
        assert!(matches!(
            refused,
            Err(Error::RateLimited { retry_after: Some(wait) }) if wait == Duration::from_secs(864)
        ));
        limits
            .acquire(&Call::action("CreateMeeting").values(&bob))
            .await
            .unwrap();
        clock.advance(Duration::from_secs(86_400));
        limits.shrink();
        limits
            .acquire(&Call::action("CreateMeeting").values(&alice))
            .await
            .unwrap();
    }
}
