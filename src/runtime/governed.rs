//! One call under the connection's limits and the retry policy together: every attempt, the
//! first and each retry, takes its tokens from the limits before it is sent (a retry is a call
//! too), and failed attempts are retried as [`retry`](super::retry) says. A refusal by the
//! client's own limits in a failing [`LimitMode`](super::limits::LimitMode) ends the call at
//! once: retrying could only repeat it. Waiting for a token is not counted in the retries'
//! total timeout: the limits pace the call, they do not fail it.

use std::future::Future;
use std::sync::Arc;

use super::limits::{Call, Limits};
use super::retry::Retrier;
use super::Error;

/// The limits and retries applied to every call of a connection.
#[derive(Debug, Clone)]
pub struct CallPolicy {
    limits: Option<Arc<Limits>>,
    retrier: Arc<Retrier>,
}

impl CallPolicy {
    /// Calls under `limits` (none: unlimited) retried by `retrier`.
    pub fn new(limits: Option<Arc<Limits>>, retrier: Retrier) -> CallPolicy {
        CallPolicy {
            limits,
            retrier: Arc::new(retrier),
        }
    }

    /// The limits.
    pub fn limits(&self) -> Option<&Arc<Limits>> {
        self.limits.as_ref()
    }

    /// The retrier.
    pub fn retrier(&self) -> &Retrier {
        &self.retrier
    }

    /// Runs `attempt` for `call` (`idempotent` as in [`Retrier::run`]).
    pub async fn run<T, F, Fut>(
        &self,
        call: &Call<'_>,
        idempotent: bool,
        mut attempt: F,
    ) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        self.retrier
            .run_gated(
                idempotent,
                || async {
                    match &self.limits {
                        Some(limits) => limits.acquire(call).await,
                        None => Ok(()),
                    }
                },
                &mut attempt,
            )
            .await
    }
}
