//! Polling triggers: a poller that lists a source again and again and hands each new item to
//! its consumer, with a checkpoint that survives restarts.
//!
//! Delivery is at-least-once with acknowledgement: [`Poller::next`] hands out an item,
//! the consumer handles it and calls [`Poller::ack`], and `ack` returns only after the
//! checkpoint that records the item is durably stored. An acknowledged item is never delivered
//! again, by this poller or by one restarted from the checkpoint; an item handed out but not
//! acknowledged when the process stops is delivered again after the restart. See
//! `docs/triggers-and-limits.md`.

mod checkpoint;
mod poller;
mod store;

pub use checkpoint::{identity_key, Checkpoint, CHECKPOINT_VERSION};
pub use poller::{
    ClientSource, CursorSpec, Delivery, ItemOrder, PollError, PollSpec, Poller, PollerOptions,
    Source,
};
pub use store::{CheckpointStore, FileStore, MemoryStore};
