//! The checks behind the published diagnostics, on a thread of their own, so that requests are
//! answered while a large spec is checked. Of the texts of a document waiting to be checked only
//! the newest is; diagnostics of a text edited again, or of a closed document, are not published.

use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};

use lsp_server::Notification;
use lsp_types::Uri;

use super::{path_of, publish, text, to_lsp};
use crate::spec::ReadLimits;

/// Sends a notification to the client.
type Publish = Arc<dyn Fn(Notification) + Send + Sync>;

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
    pub(crate) fn start(publish: impl Fn(Notification) + Send + Sync + 'static) -> Checker {
        let publish: Publish = Arc::new(publish);
        let current = Arc::new(Mutex::new(HashMap::new()));
        let (jobs, queue) = mpsc::channel();
        let (thread_current, thread_publish) = (Arc::clone(&current), Arc::clone(&publish));
        std::thread::spawn(move || run(&queue, &thread_current, &thread_publish));
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

/// Takes jobs until the handle is gone, checking the newest text of each document waiting.
fn run(queue: &mpsc::Receiver<Job>, current: &Mutex<HashMap<String, u64>>, send: &Publish) {
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
            let outcome = crate::platform::check_source_for_platform(
                path_of(job.uri.as_str()),
                job.text.clone(),
                &ReadLimits::default(),
            );
            let lines = text::Lines::of(&job.text);
            let diagnostics = outcome
                .diagnostics
                .iter()
                .map(|d| to_lsp(d, &job.text, &lines, &job.uri))
                .collect();
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
