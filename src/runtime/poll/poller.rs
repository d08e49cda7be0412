//! The poller: lists the source, hands out each item not yet acknowledged, and records
//! acknowledgements in the checkpoint store before confirming them.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{identity_key, Checkpoint, CheckpointStore};
use crate::runtime::clock::Clock;
use crate::runtime::encode::{lookup, text};
use crate::runtime::limits::{Call, Limits};
use crate::runtime::paginate::{all_items, page_items, Paging};
use crate::runtime::{Client, Error, Request};

/// The order of a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ItemOrder {
    /// Newest first: handed out in reverse, so the oldest new item comes first.
    NewestFirst,
    /// Oldest first: handed out as listed.
    OldestFirst,
    /// No useful order: handed out as listed.
    #[default]
    Unordered,
}

/// A cursor parameter bound to a field of the items (`since` ← `createdAt`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CursorSpec {
    /// The listing's parameter receiving the cursor.
    pub param: String,
    /// The item field supplying it.
    pub from: String,
    /// The value of the first listing.
    pub initial: Option<String>,
}

/// What a trigger polls for, as the spec says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PollSpec {
    /// The trigger's spec name (for its limits).
    pub trigger: String,
    /// Identity paths of an item (several make a composite key).
    pub identity: Vec<String>,
    /// The cursor parameter, when the listing has one.
    pub cursor: Option<CursorSpec>,
    /// The listing's order.
    pub order: ItemOrder,
}

/// Lists the items of a trigger.
pub trait Source: Send {
    /// The current listing; `cursor` is the checkpoint's cursor value when the spec binds one.
    fn list(&mut self, cursor: Option<String>) -> BoxFuture<'_, Result<Vec<Value>, Error>>;
}

impl<F, Fut> Source for F
where
    F: FnMut(Option<String>) -> Fut + Send,
    Fut: Future<Output = Result<Vec<Value>, Error>> + Send + 'static,
{
    fn list(&mut self, cursor: Option<String>) -> BoxFuture<'_, Result<Vec<Value>, Error>> {
        Box::pin(self(cursor))
    }
}

/// A listing read through the runtime client: `request` with the cursor parameter set, and
/// the items at `items` in its JSON answer (the whole answer when `None`). A paged listing
/// ([`ClientSource::paged`]) is read to its last page on every poll.
#[derive(Clone, Debug)]
pub struct ClientSource {
    client: Client,
    request: Request,
    cursor_param: Option<String>,
    items: Option<&'static str>,
    single: bool,
    paging: Option<(Paging, usize)>,
}

impl ClientSource {
    /// A source sending `request` through `client`.
    pub fn new(
        client: Client,
        request: Request,
        cursor_param: Option<String>,
        items: Option<&'static str>,
    ) -> ClientSource {
        ClientSource {
            client,
            request,
            cursor_param,
            items,
            single: false,
            paging: None,
        }
    }

    /// The listing is paged: every poll reads all its pages (at most `max_pages`, else the
    /// poll fails and nothing is handed out) before any item is, so no page is skipped.
    pub fn paged(mut self, paging: Paging, max_pages: usize) -> ClientSource {
        self.paging = Some((paging, max_pages));
        self
    }

    /// Each answer is one item (a `single` poll): an empty answer means nothing new.
    pub fn single(mut self) -> ClientSource {
        self.single = true;
        self
    }
}

impl Source for ClientSource {
    fn list(&mut self, cursor: Option<String>) -> BoxFuture<'_, Result<Vec<Value>, Error>> {
        let mut request = self.request.clone();
        if let (Some(param), Some(value)) = (&self.cursor_param, cursor) {
            request.query.retain(|(n, _)| n != param);
            request.query.push((param.clone(), value));
        }
        Box::pin(async move {
            if let Some((paging, max_pages)) = &self.paging {
                return all_items(
                    &self.client,
                    &request,
                    paging.clone(),
                    self.items,
                    *max_pages,
                )
                .await;
            }
            let body: Value = self.client.send(request).await?.json()?;
            if self.single {
                return Ok(if body.is_null() {
                    Vec::new()
                } else {
                    vec![body]
                });
            }
            page_items(&body, self.items)
        })
    }
}

/// How a poller paces itself.
#[derive(Clone, Debug)]
pub struct PollerOptions {
    /// The shortest time between the starts of two listings (60 s by default).
    pub interval: Duration,
    /// The connection's limits; each listing takes a token as a poll of the trigger.
    pub limits: Option<Arc<Limits>>,
    /// The clock of the interval; the system clock when `None`. A generated
    /// `<trigger>_poller` fills `None` with its client's clock, so the interval and the client's
    /// limits and retries run on one clock; set a clock here only to keep them apart.
    pub clock: Option<Clock>,
    /// How many acknowledged identities the checkpoint keeps (the oldest are forgotten).
    pub capacity: usize,
    /// How many pages a paged listing may have (1,000 by default); a listing with more fails
    /// the poll with an error naming this limit, and nothing of it is handed out.
    pub max_pages: usize,
}

impl Default for PollerOptions {
    fn default() -> Self {
        PollerOptions {
            interval: Duration::from_secs(60),
            limits: None,
            clock: None,
            capacity: 100_000,
            max_pages: 1_000,
        }
    }
}

/// One item handed to the consumer.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    /// The item's identity key.
    pub key: String,
    /// The item as listed.
    pub item: Value,
}

impl Delivery {
    /// The item decoded as `T`.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_value(self.item.clone()).map_err(|e| Error::Decode {
            message: e.to_string(),
        })
    }
}

/// Why polling failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum PollError {
    /// Listing failed (or a limit refused the poll).
    Call(Error),
    /// The checkpoint could not be read or written; nothing was acknowledged.
    Store(io::Error),
    /// A listed item lacks its identity.
    Identity {
        /// The item, as JSON.
        item: String,
    },
}

impl fmt::Display for PollError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PollError::Call(e) => write!(f, "polling failed: {e}"),
            PollError::Store(e) => write!(f, "the trigger's checkpoint failed: {e}"),
            PollError::Identity { item } => write!(f, "a listed item has no identity: {item}"),
        }
    }
}

impl std::error::Error for PollError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PollError::Call(e) => Some(e),
            PollError::Store(e) => Some(e),
            PollError::Identity { .. } => None,
        }
    }
}

impl From<Error> for PollError {
    fn from(error: Error) -> Self {
        PollError::Call(error)
    }
}

/// A polling trigger's consumer side. See the module documentation for the guarantees.
pub struct Poller<S> {
    spec: PollSpec,
    source: S,
    store: Arc<dyn CheckpointStore>,
    options: PollerOptions,
    /// The clock of the interval (`options.clock`, or the system clock).
    clock: Clock,
    checkpoint: Checkpoint,
    /// New items not yet handed out.
    pending: VecDeque<Delivery>,
    /// Keys handed out and not yet acknowledged.
    out: HashSet<String>,
    /// The newest cursor value listed since the checkpoint's cursor was written.
    newest: Option<String>,
    last_poll: Option<Duration>,
}

impl<S> fmt::Debug for Poller<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Poller")
            .field("spec", &self.spec)
            .field("pending", &self.pending.len())
            .field("out", &self.out.len())
            .field("checkpoint", &self.checkpoint)
            .finish_non_exhaustive()
    }
}

impl<S: Source> Poller<S> {
    /// A poller resuming from the checkpoint in `store` (or starting afresh).
    pub fn start(
        spec: PollSpec,
        source: S,
        store: Arc<dyn CheckpointStore>,
        options: PollerOptions,
    ) -> Result<Poller<S>, PollError> {
        let checkpoint = match store.load().map_err(PollError::Store)? {
            Some(checkpoint) => checkpoint,
            None => Checkpoint::new(spec.cursor.as_ref().and_then(|c| c.initial.clone())),
        };
        let clock = options.clock.clone().unwrap_or_else(Clock::system);
        Ok(Poller {
            spec,
            source,
            store,
            options,
            clock,
            checkpoint,
            pending: VecDeque::new(),
            out: HashSet::new(),
            newest: None,
            last_poll: None,
        })
    }

    /// The acknowledged state.
    pub fn checkpoint(&self) -> &Checkpoint {
        &self.checkpoint
    }

    /// The next new item, listing the source as often as the interval and limits allow until
    /// there is one.
    pub async fn next(&mut self) -> Result<Delivery, PollError> {
        loop {
            if let Some(delivery) = self.next_ready() {
                return Ok(delivery);
            }
            self.poll().await?;
        }
    }

    /// The next queued item, without listing the source: for consumers that call
    /// [`Poller::poll`] themselves and then drain what it found.
    pub fn next_ready(&mut self) -> Option<Delivery> {
        let delivery = self.pending.pop_front()?;
        self.out.insert(delivery.key.clone());
        Some(delivery)
    }

    /// Lists the source once (after waiting for the interval and the limits) and queues the
    /// items that are neither acknowledged nor already queued or handed out; returns how many.
    pub async fn poll(&mut self) -> Result<usize, PollError> {
        let clock = self.clock.clone();
        if let Some(last) = self.last_poll {
            let due = last + self.options.interval;
            let now = clock.elapsed();
            if due > now {
                clock.sleep(due - now).await;
            }
        }
        if let Some(limits) = &self.options.limits {
            limits.acquire(&Call::trigger(&self.spec.trigger)).await?;
        }
        self.last_poll = Some(clock.elapsed());
        let cursor = self
            .spec
            .cursor
            .as_ref()
            .and(self.checkpoint.cursor.clone());
        let mut items = self.source.list(cursor).await?;
        if self.spec.order == ItemOrder::NewestFirst {
            items.reverse();
        }
        // Work on copies: a failure half-way must leave the poller as it was.
        let mut newest = self.newest.clone();
        let mut fresh = Vec::new();
        let mut queued: HashSet<String> = self.pending.iter().map(|d| d.key.clone()).collect();
        for item in items {
            let key =
                identity_key(&item, &self.spec.identity).ok_or_else(|| PollError::Identity {
                    item: item.to_string(),
                })?;
            if let Some(spec) = &self.spec.cursor {
                if let Some(value) = lookup(&item, &spec.from).map(text) {
                    if !value.is_empty() && newer(&value, newest.as_deref()) {
                        newest = Some(value);
                    }
                }
            }
            if self.checkpoint.contains(&key) || self.out.contains(&key) || queued.contains(&key) {
                continue;
            }
            queued.insert(key.clone());
            fresh.push(Delivery { key, item });
        }
        let count = fresh.len();
        self.pending.extend(fresh);
        self.newest = newest;
        if self.pending.is_empty() && self.out.is_empty() {
            if let Some(cursor) = self.cursor_to_write() {
                let mut next = self.checkpoint.clone();
                next.cursor = Some(cursor);
                self.store.save(&next).map_err(PollError::Store)?;
                self.checkpoint = next;
            }
        }
        Ok(count)
    }

    /// Acknowledges a delivered item: returns once the checkpoint recording it is stored.
    /// On an error nothing is acknowledged and the item stays handed out (see
    /// [`Poller::nack`]); acknowledging twice is harmless.
    pub async fn ack(&mut self, delivery: &Delivery) -> Result<(), PollError> {
        if self.checkpoint.contains(&delivery.key) {
            self.out.remove(&delivery.key);
            return Ok(());
        }
        let mut next = self.checkpoint.clone();
        next.insert(delivery.key.clone(), self.options.capacity);
        let still_out = self.out.iter().any(|k| *k != delivery.key);
        if self.pending.is_empty() && !still_out {
            if let Some(cursor) = self.cursor_to_write() {
                next.cursor = Some(cursor);
            }
        }
        self.store.save(&next).map_err(PollError::Store)?;
        self.checkpoint = next;
        self.out.remove(&delivery.key);
        Ok(())
    }

    /// Gives a delivered item back: it is handed out again by the next [`Poller::next`].
    pub fn nack(&mut self, delivery: Delivery) {
        if self.out.remove(&delivery.key) {
            self.pending.push_front(delivery);
        }
    }

    /// The cursor to store once nothing is outstanding: the newest listed value, when newer
    /// than the stored one.
    fn cursor_to_write(&self) -> Option<String> {
        let newest = self.newest.as_deref()?;
        newer(newest, self.checkpoint.cursor.as_deref()).then(|| newest.to_owned())
    }
}

/// Whether cursor value `a` comes after `b`: as numbers when both are numbers, else as text
/// (which orders ISO-8601 timestamps of one format).
fn newer(a: &str, b: Option<&str>) -> bool {
    let Some(b) = b else {
        return true;
    };
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x > y,
        _ => a > b,
    }
}

#[cfg(test)]
mod tests {
    use super::super::MemoryStore;
    use super::*;
    use serde_json::json;
    use std::sync::Mutex;
    use std::time::SystemTime;

    fn spec() -> PollSpec {
        PollSpec {
            trigger: "OnNewWebinar".into(),
            identity: vec!["webinarKey".into()],
            cursor: None,
            order: ItemOrder::Unordered,
        }
    }

    fn options(clock: &Clock) -> PollerOptions {
        PollerOptions {
            interval: Duration::ZERO,
            clock: Some(clock.clone()),
            ..PollerOptions::default()
        }
    }

    /// A source answering from a shared list and recording the cursors it was given.
    fn shared(
        list: Arc<Mutex<Vec<Value>>>,
        cursors: Arc<Mutex<Vec<Option<String>>>>,
    ) -> impl Source {
        move |cursor: Option<String>| {
            cursors.lock().unwrap().push(cursor);
            let items = list.lock().unwrap().clone();
            async move { Ok(items) }
        }
    }

    #[tokio::test]
    async fn items_come_once_and_acks_survive_a_restart() {
        let clock = Clock::manual(SystemTime::UNIX_EPOCH);
        let list = Arc::new(Mutex::new(vec![
            json!({"webinarKey": "a"}),
            json!({"webinarKey": "b"}),
        ]));
        let cursors = Arc::new(Mutex::new(Vec::new()));
        let store = Arc::new(MemoryStore::new());
        let mut poller = Poller::start(
            spec(),
            shared(list.clone(), cursors.clone()),
            store.clone(),
            options(&clock),
        )
        .unwrap();
        let a = poller.next().await.unwrap();
        assert_eq!(a.key, "a");
        poller.ack(&a).await.unwrap();
        poller.ack(&a).await.unwrap();
        let b = poller.next().await.unwrap();
        assert_eq!(b.key, "b");
        // Crash before acknowledging b: the restarted poller hands out b again, not a.
        drop(poller);
        list.lock().unwrap().push(json!({"webinarKey": "c"}));
        let mut poller = Poller::start(
            spec(),
            shared(list.clone(), cursors),
            store.clone(),
            options(&clock),
        )
        .unwrap();
        let again = poller.next().await.unwrap();
        assert_eq!(again.key, "b");
        poller.ack(&again).await.unwrap();
        let c = poller.next().await.unwrap();
        assert_eq!(c.key, "c");
        poller.nack(c.clone());
        assert_eq!(poller.next().await.unwrap(), c);
        poller.ack(&c).await.unwrap();
        assert_eq!(poller.poll().await.unwrap(), 0);
        assert_eq!(
            store.load().unwrap().unwrap().seen().collect::<Vec<_>>(),
            vec!["a", "b", "c"]
        );
    }

    #[tokio::test]
    async fn newest_first_listings_are_handed_out_oldest_first_with_the_cursor() {
        let clock = Clock::manual(SystemTime::UNIX_EPOCH);
        let list = Arc::new(Mutex::new(vec![
            json!({"id": 1, "other": "x", "created": "2026-01-02"}),
            json!({"id": 1, "other": "y", "created": "2026-01-01"}),
        ]));
        let cursors = Arc::new(Mutex::new(Vec::new()));
        let spec = PollSpec {
            trigger: "T".into(),
            identity: vec!["id".into(), "other".into()],
            cursor: Some(CursorSpec {
                param: "since".into(),
                from: "created".into(),
                initial: Some("2025-12-31".into()),
            }),
            order: ItemOrder::NewestFirst,
        };
        let store = Arc::new(MemoryStore::new());
        let mut poller = Poller::start(
            spec,
            shared(list.clone(), cursors.clone()),
            store,
            options(&clock),
        )
        .unwrap();
        let first = poller.next().await.unwrap();
        assert_eq!(first.key, r#"[1,"y"]"#);
        poller.ack(&first).await.unwrap();
        // Not everything listed is acknowledged yet: the cursor stays.
        assert_eq!(poller.checkpoint().cursor.as_deref(), Some("2025-12-31"));
        let second = poller.next().await.unwrap();
        poller.ack(&second).await.unwrap();
        assert_eq!(poller.checkpoint().cursor.as_deref(), Some("2026-01-02"));
        poller.poll().await.unwrap();
        assert_eq!(
            *cursors.lock().unwrap(),
            vec![Some("2025-12-31".to_owned()), Some("2026-01-02".to_owned())]
        );
    }

    #[tokio::test]
    async fn polls_wait_for_the_trigger_limit() {
        use crate::runtime::limits::{LimitDef, LimitMode, LimitScope};
        let clock = Clock::manual(SystemTime::UNIX_EPOCH);
        let limits = Arc::new(Limits::with_clock(
            vec![
                LimitDef::new("Frequency of trigger polls", 1, Duration::from_secs(120))
                    .scope(LimitScope::Triggers),
            ],
            clock.clone(),
            LimitMode::Wait,
        ));
        let list = Arc::new(Mutex::new(Vec::new()));
        let cursors = Arc::new(Mutex::new(Vec::new()));
        let mut poller = Poller::start(
            spec(),
            shared(list.clone(), cursors),
            Arc::new(MemoryStore::new()),
            PollerOptions {
                interval: Duration::from_secs(30),
                limits: Some(limits),
                clock: Some(clock.clone()),
                capacity: 10,
                ..PollerOptions::default()
            },
        )
        .unwrap();
        poller.poll().await.unwrap();
        poller.poll().await.unwrap();
        poller.poll().await.unwrap();
        // 30 s for the interval, then 90 s more for the one-per-120-s limit, twice.
        let secs: Vec<u64> = clock.sleeps().iter().map(|d| d.as_secs()).collect();
        assert_eq!(secs, vec![30, 90, 30, 90]);
    }

    #[tokio::test]
    async fn an_item_without_identity_fails_the_poll_and_changes_nothing() {
        let clock = Clock::manual(SystemTime::UNIX_EPOCH);
        let list = Arc::new(Mutex::new(vec![json!({"webinarKey": "a"}), json!({})]));
        let mut poller = Poller::start(
            spec(),
            shared(list, Arc::new(Mutex::new(Vec::new()))),
            Arc::new(MemoryStore::new()),
            options(&clock),
        )
        .unwrap();
        assert!(matches!(
            poller.poll().await,
            Err(PollError::Identity { .. })
        ));
        assert_eq!(poller.pending.len(), 0);
    }
}
