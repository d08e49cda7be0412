//! Freeing large models off the caller's path: a spec model, an IR or a parsed document of a
//! 10,000-operation API takes tens of milliseconds to free, time the caller need not wait for.

/// Drops `value` on a thread of its own, so the caller goes on at once. When no thread can be
/// started, `value` is dropped here, as if this were `drop`.
pub fn drop_later<T: Send + 'static>(value: T) {
    let freeing = std::thread::Builder::new()
        .name("drop-later".into())
        .spawn(move || drop(value));
    // A spawn that fails drops the closure, and with it `value`, on this thread.
    drop(freeing);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// What the value owns is freed: its `Drop` runs, on another thread.
    #[test]
    fn the_value_is_dropped_on_another_thread() {
        struct Tell(mpsc::Sender<std::thread::ThreadId>);
        impl Drop for Tell {
            fn drop(&mut self) {
                let _ = self.0.send(std::thread::current().id());
            }
        }
        let (send, receive) = mpsc::channel();
        drop_later(Tell(send));
        let dropped_on = receive
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the value is dropped");
        assert_ne!(dropped_on, std::thread::current().id());
    }
}
