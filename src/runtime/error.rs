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
        /// The answer's body as received, for decoding into the spec's error type.
        body: String,
    },
    /// The service refused the call for its rate limit (HTTP 429) and retries ran out.
    RateLimited {
        /// How long the service asked to wait, when it said so.
        retry_after: Option<Duration>,
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
                ..
            } => match code {
                Some(code) => write!(f, "the service answered {status} ({code}): {message}"),
                None => write!(f, "the service answered {status}: {message}"),
            },
            Error::RateLimited {
                retry_after: Some(wait),
            } => write!(f, "rate limited; retry after {} s", wait.as_secs()),
            Error::RateLimited { retry_after: None } => f.write_str("rate limited"),
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

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => Some(error),
            Error::Signature(error) => Some(error),
            _ => None,
        }
    }
}
