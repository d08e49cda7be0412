//! The one error type of every generated client.

use std::fmt;
use std::time::Duration;

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The service reported a failure: an HTTP error status, or a failure inside a successful
    /// answer (WebEx's `FAILURE` result on HTTP 200, where `code` is the `exceptionID` and
    /// `message` the `reason`).
    Api {
        /// The HTTP status.
        status: u16,
        /// The service's error code, when its answer carries one.
        code: Option<String>,
        /// The service's message, or the status text.
        message: String,
        /// Detailed errors (one per rejected field, …), as text.
        details: Vec<String>,
        /// The answer's body as received, for decoding into the spec's error type: at most
        /// the client's error body limit (64 KiB by default), with every credential the
        /// client knows (its authentication's keys, passwords and tokens, as sent) replaced
        /// by `***`, as in `code`, `message` and `details`.
        body: String,
        /// How many bytes of the body were left out past the limit (0 when it is whole).
        body_cut: usize,
    },
    /// The service refused the call for its rate limit (HTTP 429) and retries ran out.
    RateLimited {
        /// How long the service asked to wait, when it said so.
        retry_after: Option<Duration>,
    },
    /// A successful answer was longer than the client's answer body limit (64 MiB by default);
    /// reading stopped there, and nothing of the answer is kept.
    AnswerTooLarge {
        /// The limit, in bytes (`with_answer_body_limit` on a generated client).
        limit: usize,
        /// How many bytes were read before stopping (0 when the announced length was enough).
        read: usize,
        /// The answer's `Content-Length`, when it gave one.
        announced: Option<u64>,
    },
    /// The request did not complete: connection, TLS or protocol failure.
    Transport(reqwest::Error),
    /// The request took longer than the client's timeout.
    Timeout,
    /// The answer could not be decoded into the expected type.
    Decode {
        /// What went wrong.
        message: String,
    },
    /// A request value could not be encoded.
    Encode {
        /// What went wrong.
        message: String,
    },
    /// Obtaining or refreshing credentials failed.
    Auth {
        /// What went wrong (never the credentials themselves).
        message: String,
    },
    /// A webhook notification was refused: its signature is missing, malformed or does not
    /// match its body, or there is no secret to check it with.
    Signature(super::webhook::SignatureError),
    /// The limits shared through a database (see `limits::SharedBuckets`) could not be read or
    /// updated; the call was not made.
    SharedLimits {
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// The HTTP status of an `Api` error.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// The body of an `Api` error decoded into the spec's error type (JSON, or the envelope of
    /// an XML service); `None` for other errors or a body of another shape.
    pub fn body<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        let Error::Api { body, .. } = self else {
            return None;
        };
        serde_json::from_str(body).ok().or_else(|| {
            super::xml::Element::parse(body.as_bytes())
                .ok()?
                .decode()
                .ok()
        })
    }

    pub(crate) fn decode(message: impl fmt::Display) -> Error {
        Error::Decode {
            message: message.to_string(),
        }
    }

    pub(crate) fn encode(message: impl fmt::Display) -> Error {
        Error::Encode {
            message: message.to_string(),
        }
    }

    pub(crate) fn auth(message: impl fmt::Display) -> Error {
        Error::Auth {
            message: message.to_string(),
        }
    }

    pub(crate) fn transport(error: reqwest::Error) -> Error {
        if error.is_timeout() {
            Error::Timeout
        } else {
            Error::Transport(error.without_url())
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api {
                status,
                code,
                message,
                body_cut,
                ..
            } => {
                match code {
                    Some(code) => write!(f, "the service answered {status} ({code}): {message}")?,
                    None => write!(f, "the service answered {status}: {message}")?,
                }
                if *body_cut > 0 {
                    write!(f, " ({body_cut} bytes of the answer cut)")?;
                }
                Ok(())
            }
            Error::RateLimited {
                retry_after: Some(wait),
            } => write!(f, "rate limited; retry after {} s", seconds(*wait)),
            Error::RateLimited { retry_after: None } => f.write_str("rate limited"),
            Error::AnswerTooLarge {
                limit,
                read,
                announced,
            } => {
                match announced {
                    Some(length) if *read == 0 => write!(
                        f,
                        "the answer announces {length} bytes, more than the answer body limit of \
                         {limit} bytes; nothing was read"
                    )?,
                    _ => write!(
                        f,
                        "the answer is longer than the answer body limit of {limit} bytes; \
                         reading stopped after {read} bytes"
                    )?,
                }
                f.write_str(
                    "; raise the limit with `with_answer_body_limit(bytes)` on the client \
                     (`Client::set_answer_body_limit` on the runtime client)",
                )
            }
            Error::Transport(error) => write!(f, "request failed: {error}"),
            Error::Timeout => f.write_str("request timed out"),
            Error::Decode { message } => write!(f, "cannot decode the answer: {message}"),
            Error::Encode { message } => write!(f, "cannot encode the request: {message}"),
            Error::Auth { message } => write!(f, "authentication failed: {message}"),
            Error::Signature(error) => write!(f, "notification refused: {error}"),
            Error::SharedLimits { message } => {
                write!(f, "the shared rate limits failed: {message}")
            }
        }
    }
}

/// A wait in seconds with up to millisecond precision, rounded up so that a wait is never
/// shown as shorter than it is: `0.6`, `1.25`, `30`.
fn seconds(wait: Duration) -> String {
    let millis = wait.as_nanos().div_ceil(1_000_000);
    let (whole, fraction) = (millis / 1000, millis % 1000);
    if fraction == 0 {
        return whole.to_string();
    }
    let fraction = format!("{fraction:03}");
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => Some(error),
            Error::Signature(error) => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_limit_says_the_real_wait() {
        let shown = |wait: Duration| {
            Error::RateLimited {
                retry_after: Some(wait),
            }
            .to_string()
        };
        assert_eq!(
            shown(Duration::from_millis(600)),
            "rate limited; retry after 0.6 s"
        );
        assert_eq!(
            shown(Duration::from_millis(1250)),
            "rate limited; retry after 1.25 s"
        );
        assert_eq!(
            shown(Duration::from_secs(30)),
            "rate limited; retry after 30 s"
        );
        // Never rounded down to no wait.
        assert_eq!(
            shown(Duration::from_nanos(1)),
            "rate limited; retry after 0.001 s"
        );
        assert_eq!(
            shown(Duration::from_micros(864_000_400)),
            "rate limited; retry after 864.001 s"
        );
    }
}
