//! Shared parts of the side-by-side measurements: the synthetic OpenAPI documents and the two
//! pipelines (ours and progenitor's), each stage timed on its own.

pub mod doc;
pub mod instructions;
pub mod ours;
pub mod peer;

use std::time::{Duration, Instant};

/// The allocator `connectorc` ships with, for every measurement here: both pipelines (ours and
/// progenitor's) run in this process on it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Runs `work` and returns its result with the time it took.
pub fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = work();
    (value, start.elapsed())
}
