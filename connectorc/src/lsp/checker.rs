//! The checks behind the published diagnostics, on a thread of their own, so that requests are
//! answered while a large spec is checked. Of the texts of a document waiting to be checked only
//! the newest is; diagnostics of a text edited again, or of a closed document, are not published.
//! A check that panics is reported as one diagnostic, and the thread goes on with the next text.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};

use lsp_server::Notification;
use lsp_types::{Diagnostic as LspDiagnostic, DiagnosticSeverity, NumberOrString, Uri};

use super::{path_of, publish, text, to_lsp};
use crate::spec::ReadLimits;

/// Sends a notification to the client.
type Publish = Arc<dyn Fn(Notification) + Send + Sync>;

/// The diagnostics of a document's text.
pub(super) type Check = dyn Fn(&Uri, &str) -> Vec<LspDiagnostic> + Send;

/// One text to check.
struct Job {
    uri: Uri,
    text: String,
    /// The document's version of the check, as [`Checker::check`] counted it.
    generation: u64,
}

/// The handle of the checking thread.
pub(crate) struct Checker {
    jobs: mpsc::Sender<Job>,
    /// The newest generation of each open document; a check of an older one is not published.
    current: Arc<Mutex<HashMap<String, u64>>>,
    publish: Publish,
    next_generation: u64,
}

impl Checker {
    /// Starts the checking thread; it publishes through `publish` and ends with the handle.
    pub(crate) fn start(
        limits: ReadLimits,
        publish: impl Fn(Notification) + Send + Sync + 'static,
    ) -> Checker {
        Checker::start_with(
            publish,
            Box::new(move |uri, text| diagnostics_of(uri, text, &limits)),
        )
    }

    /// [`Checker::start`], with `check` making the diagnostics.
    pub(super) fn start_with(
        publish: impl Fn(Notification) + Send + Sync + 'static,
        check: Box<Check>,
    ) -> Checker {
        let publish: Publish = Arc::new(publish);
        let current = Arc::new(Mutex::new(HashMap::new()));
        let (jobs, queue) = mpsc::channel();
        let (thread_current, thread_publish) = (Arc::clone(&current), Arc::clone(&publish));
        std::thread::spawn(move || run(&queue, &thread_current, &thread_publish, &*check));
        Checker {
            jobs,
            current,
            publish,
            next_generation: 0,
        }
    }

    /// Checks `text`, the newest text of the document at `uri`, and publishes its diagnostics
    /// unless the document changes or closes first.
    pub(crate) fn check(&mut self, uri: Uri, text: String) {
        self.next_generation += 1;
        let generation = self.next_generation;
        lock(&self.current).insert(uri.as_str().to_owned(), generation);
        // The thread ends only with this handle, so the job is taken.
        let _ = self.jobs.send(Job {
            uri,
            text,
            generation,
        });
    }

    /// Clears the diagnostics of a closed document; no check of it is published afterwards.
    pub(crate) fn close(&self, uri: Uri) {
        let mut current = lock(&self.current);
        current.remove(uri.as_str());
        // Under the lock, so that no check's diagnostics follow these.
        (self.publish)(publish(uri, Vec::new()));
    }
}

/// Every diagnostic of `connectorc check` for `text`, read under `limits`, as the protocol's.
fn diagnostics_of(uri: &Uri, text: &str, limits: &ReadLimits) -> Vec<LspDiagnostic> {
    let outcome =
        crate::platform::check_source_for_platform(path_of(uri.as_str()), text.to_owned(), limits);
    let lines = text::Lines::of(text);
    outcome
        .diagnostics
        .iter()
        .map(|d| to_lsp(d, text, &lines, uri))
        .collect()
}

/// What is published when a check panicked.
fn check_failed() -> LspDiagnostic {
    LspDiagnostic {
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("internal".into())),
        source: Some("connectorc".into()),
        message: "connectorc could not check this text: the checker failed (a bug; please \
                  report it with the spec). Checking resumes with the next edit."
            .into(),
        ..Default::default()
    }
}

/// Takes jobs until the handle is gone, checking the newest text of each document waiting.
fn run(
    queue: &mpsc::Receiver<Job>,
    current: &Mutex<HashMap<String, u64>>,
    send: &Publish,
    check: &Check,
) {
    while let Ok(first) = queue.recv() {
        let mut newest: Vec<Job> = vec![first];
        for job in queue.try_iter() {
            match newest.iter_mut().find(|waiting| waiting.uri == job.uri) {
                Some(waiting) => *waiting = job,
                None => newest.push(job),
            }
        }
        for job in newest {
            let is_current = |current: &HashMap<String, u64>| {
                current.get(job.uri.as_str()) == Some(&job.generation)
            };
            if !is_current(&lock(current)) {
                continue;
            }
            let checked = std::panic::catch_unwind(AssertUnwindSafe(|| check(&job.uri, &job.text)));
            let diagnostics = checked.unwrap_or_else(|_| vec![check_failed()]);
            let current = lock(current);
            if is_current(&current) {
                send(publish(job.uri, diagnostics));
            }
        }
    }
}

/// The map, also after a thread panicked holding it (each update leaves it whole).
fn lock(current: &Mutex<HashMap<String, u64>>) -> MutexGuard<'_, HashMap<String, u64>> {
    current
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// The diagnostics of the next publish, waiting for it.
    fn next(published: &Mutex<Vec<Notification>>, seen: usize) -> serde_json::Value {
        let start = Instant::now();
        loop {
            if let Some(n) = published.lock().expect("the list").get(seen) {
                return n.params["diagnostics"].clone();
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "nothing published"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn a_check_that_panics_is_reported_and_the_next_text_is_checked() {
        let published = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&published);
        let mut checker = Checker::start_with(
            move |n| sink.lock().expect("the list").push(n),
            Box::new(|_, text| {
                assert!(text != "boom", "a checker bug");
                Vec::new()
            }),
        );
        let uri: Uri = "file:///specs/a.yaml".parse().expect("a URI");
        checker.check(uri.clone(), "boom".into());
        let failed = next(&published, 0);
        assert_eq!(failed[0]["code"], "internal", "{failed}");
        checker.check(uri.clone(), "fine".into());
        assert_eq!(next(&published, 1), serde_json::json!([]));
        checker.close(uri);
        assert_eq!(next(&published, 2), serde_json::json!([]));
    }
}
