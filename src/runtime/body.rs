//! Reading a successful answer's body under a size limit: a server (or a proxy, or an attacker
//! in its place) can answer with an endless body, and a client that buffers whatever arrives
//! runs out of memory. The client stops at a configurable limit, before reading anything when
//! the answer announces a larger `Content-Length`, and fails with
//! [`Error::AnswerTooLarge`](super::Error::AnswerTooLarge).

use super::Error;

/// How many bytes of a successful answer a client reads by default (64 MiB); every page of a
/// paginated stream and every token answer is held to it too.
pub const DEFAULT_ANSWER_BODY_LIMIT: usize = 64 * 1024 * 1024;

/// The most bytes reserved before any of a body has arrived.
const PREALLOCATED: usize = 8 * 1024 * 1024;

/// The whole body of `response`, or [`Error::AnswerTooLarge`] as soon as it is known to be
/// longer than `limit` bytes: from its `Content-Length`, or after reading one chunk past it.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, Error> {
    let announced = response.content_length();
    if let Some(length) = announced.filter(|&l| l > limit as u64) {
        return Err(Error::AnswerTooLarge {
            limit,
            read: 0,
            announced: Some(length),
        });
    }
    // Room for the announced length, but never more up front than a raised limit could let a
    // lying `Content-Length` reserve.
    let capacity = announced.map_or(0, |l| l.min(PREALLOCATED as u64) as usize);
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await.map_err(Error::transport)? {
        if chunk.len() > limit - body.len() {
            return Err(Error::AnswerTooLarge {
                limit,
                read: body.len() + chunk.len(),
                announced,
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
