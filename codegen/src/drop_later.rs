//! Freeing large models off the caller's path: a spec model, an IR or a parsed document of a
//! 10,000-operation API takes tens of milliseconds to free, time the caller need not wait for.

use std::sync::{Condvar, Mutex};

/// How many values are being dropped on threads of their own.
static PENDING: Mutex<usize> = Mutex::new(0);
/// Told each time a drop ends.
static DROPPED: Condvar = Condvar::new();

/// Drops `value` on a thread of its own, so the caller goes on at once. When no thread can be
/// started, `value` is dropped here, as if this were `drop`.
pub fn drop_later<T: Send + 'static>(value: T) {
    adjust(1);
    let freeing = std::thread::Builder::new()
        .name("drop-later".into())
        .spawn(move || {
            drop(value);
            adjust(-1);
        });
    if freeing.is_err() {
        // The failed spawn dropped the closure, and with it `value`, on this thread.
        adjust(-1);
    }
}

/// The size of spec text from which a model read from it is worth freeing with [`drop_later`]:
/// a smaller model is freed faster than a thread starts.
pub const LARGE_SOURCE_BYTES: usize = 64 * 1024;

/// Drops the model read from `source_bytes` of text: with [`drop_later`] from
/// [`LARGE_SOURCE_BYTES`] on, here below that.
pub fn drop_model<T: Send + 'static>(model: T, source_bytes: usize) {
    if source_bytes >= LARGE_SOURCE_BYTES {
        drop_later(model);
    }
}

/// Waits until every value handed to [`drop_later`] so far is dropped: for measurements that
/// must not time one stage while the previous one's memory is still being freed.
pub fn wait_for_pending() {
    let mut pending = PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    while *pending > 0 {
        pending = DROPPED
            .wait(pending)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
    }
}

fn adjust(by: isize) {
    let mut pending = PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    *pending = pending.saturating_add_signed(by);
    if *pending == 0 {
        DROPPED.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// Sends the thread it is dropped on, a little late.
    struct Tell(mpsc::Sender<std::thread::ThreadId>);
    impl Drop for Tell {
        fn drop(&mut self) {
            std::thread::sleep(std::time::Duration::from_millis(50));
            let _ = self.0.send(std::thread::current().id());
        }
    }

    /// What the value owns is freed: its `Drop` runs, on another thread, and waiting for the
    /// pending drops returns once it has.
    #[test]
    fn the_value_is_dropped_on_another_thread() {
        let (send, receive) = mpsc::channel();
        drop_later(Tell(send));
        wait_for_pending();
        let dropped_on = receive.try_recv().expect("dropped before the wait ended");
        assert_ne!(dropped_on, std::thread::current().id());
    }

    /// A model read from a small text is dropped before `drop_model` returns; one from a large
    /// text on another thread.
    #[test]
    fn a_model_is_dropped_later_only_when_its_text_is_large() {
        let here = std::thread::current().id();
        let (send, receive) = mpsc::channel();
        drop_model(Tell(send.clone()), LARGE_SOURCE_BYTES - 1);
        assert_eq!(receive.try_recv(), Ok(here), "dropped at once, here");
        drop_model(Tell(send), LARGE_SOURCE_BYTES);
        wait_for_pending();
        let dropped_on = receive.try_recv().expect("dropped before the wait ended");
        assert_ne!(dropped_on, here);
    }
}
