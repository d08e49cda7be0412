//! The runtime of the generated clients: every generated module reaches it through this one
//! path (`connectors::runtime`), including the crates it re-exports (`serde`, `serde_json`,
//! `chrono`, `reqwest`), so a crate using generated clients needs no other dependency.

pub mod auth;
mod body;
mod client;
pub mod dynamic;
pub mod encode;
mod enum_impls;
mod error;
mod file;
#[cfg(feature = "fleet")]
pub mod fleet;
mod nullable;
#[doc(hidden)]
pub mod object;
mod redact;
mod request;
mod secret;
pub mod xml;
// Runtime behaviours from the spec (issue 4).
pub mod clock;
pub mod governed;
pub mod limits;
pub mod paginate;
pub mod poll;
pub mod retry;
pub mod webhook;

pub use chrono;
pub use futures;
pub use reqwest;
pub use serde;
pub use serde_json;

#[doc(hidden)]
pub use crate::__connectors_json_object as json_object;
#[doc(hidden)]
pub use crate::__connectors_text_enum as text_enum;
#[doc(hidden)]
pub use crate::__connectors_value_enum as value_enum;
pub use body::DEFAULT_ANSWER_BODY_LIMIT;
pub use client::{Client, ErrorRule, FailureRule, Response, Service, DEFAULT_TIMEOUT};
pub use encode::ArrayStyle;
pub use error::Error;
pub use file::File;
pub use nullable::Nullable;
pub use redact::DEFAULT_ERROR_BODY_LIMIT;
pub use request::{Method, Request};
pub use retry::{parse_retry_after, RetryConfig};
pub use secret::Secret;

/// A point in time in UTC, as `date-time` values are typed.
pub type DateTime = chrono::DateTime<chrono::Utc>;
