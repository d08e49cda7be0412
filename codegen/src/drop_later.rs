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

    /// What the value owns is freed: its `Drop` runs, on another thread, and waiting for the
    /// pending drops returns once it has.
    #[test]
    fn the_value_is_dropped_on_another_thread() {
        struct Tell(mpsc::Sender<std::thread::ThreadId>);
        impl Drop for Tell {
            fn drop(&mut self) {
                std::thread::sleep(std::time::Duration::from_millis(50));
                let _ = self.0.send(std::thread::current().id());
            }
        }
        let (send, receive) = mpsc::channel();
        drop_later(Tell(send));
        wait_for_pending();
        let dropped_on = receive.try_recv().expect("dropped before the wait ended");
        assert_ne!(dropped_on, std::thread::current().id());
    }
}
