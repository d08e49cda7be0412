//! Shared parts of the side-by-side measurements: the synthetic OpenAPI documents and the two
//! pipelines (ours and progenitor's), each stage timed on its own.

pub mod doc;
pub mod instructions;
pub mod ours;
pub mod peer;

use std::time::{Duration, Instant};

/// The allocator `connectorc` ships with, for every measurement here: both pipelines (ours and
/// progenitor's) run in this process on it, with the option [`tune_allocator`] sets.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Sets mimalloc's `page_reclaim_on_free` to 1, as `connectorc`'s `main` does first (see its
/// `allocator.rs`, whose test holds the option's index to its name). Each binary here calls it
/// before it starts a thread.
pub fn tune_allocator() {
    const PAGE_RECLAIM_ON_FREE: libmimalloc_sys::mi_option_t = 35;
    // SAFETY: setting an option is not synchronised; no other thread runs yet.
    unsafe { libmimalloc_sys::mi_option_set(PAGE_RECLAIM_ON_FREE, 1) };
}

/// Runs `work` and returns its result with the time it took.
pub fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = work();
    (value, start.elapsed())
}
