//! Two independent pieces of work at once: the second on a thread of its own, the first on the
//! caller's. When no thread can be started, both run on the caller's thread, one after the other.

use std::sync::Mutex;

/// Runs `first` here and `second` on a scoped thread named `name`, and returns both results. A
/// panic in `second` is raised again here.
pub fn join<A, B: Send>(
    name: &str,
    first: impl FnOnce() -> A,
    second: impl FnOnce() -> B + Send,
) -> (A, B) {
    join_with_stack(name, None, first, second)
}

/// [`join`], the helper thread with a stack of `stack_bytes` (the platform's default when
/// `None`): for work that recurses as deep as the caller's own stack allows.
pub fn join_with_stack<A, B: Send>(
    name: &str,
    stack_bytes: Option<usize>,
    first: impl FnOnce() -> A,
    second: impl FnOnce() -> B + Send,
) -> (A, B) {
    // Whichever thread takes `second` runs it: the helper, or this one if none could start.
    let slot = Mutex::new(Some(second));
    let take = || slot.lock().ok().and_then(|mut work| work.take());
    std::thread::scope(|scope| {
        let mut builder = std::thread::Builder::new().name(name.to_owned());
        if let Some(bytes) = stack_bytes {
            builder = builder.stack_size(bytes);
        }
        let helper = builder.spawn_scoped(scope, || take().map(|work| work()));
        let a = first();
        let b = match helper.map(|h| h.join()) {
            Ok(Ok(b)) => b,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => None,
        };
        match b.or_else(|| take().map(|work| work())) {
            Some(b) => (a, b),
            None => unreachable!("the second piece of work runs exactly once"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both results come back in their places, the second computed on another thread.
    #[test]
    fn both_run_and_the_second_runs_on_another_thread() {
        let here = std::thread::current().id();
        let (a, (b, there)) = join(
            "test-join",
            || 2 + 3,
            || ("second", std::thread::current().id()),
        );
        assert_eq!((a, b), (5, "second"));
        assert_ne!(here, there);
    }

    /// A panic on the helper thread reaches the caller.
    #[test]
    fn a_panic_in_the_second_reaches_the_caller() {
        let outcome = std::panic::catch_unwind(|| join("test-join", || 1, || panic!("second")));
        assert!(outcome.is_err());
    }
}
