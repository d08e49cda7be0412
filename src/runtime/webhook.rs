//! Webhook triggers: subscribing with a notification URL, keeping the subscription's id,
//! unsubscribing, and checking the HMAC signature of an incoming notification.

use hmac::{Hmac, Mac};
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use super::encode::{lookup, path_segment, text};
use super::{Client, Error, Request};

/// Where the subscription's id is in the answer to a subscription.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubscriptionIdAt {
    /// A path in the JSON body (`id`, `data.subscriptionId`).
    Body(&'static str),
    /// A header; for `Location` the id is the URL's last path segment.
    Header(&'static str),
}

/// A live subscription.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    /// The id the service gave it.
    pub id: String,
    /// The `Location` header of the answer, when there was one.
    pub location: Option<String>,
}

impl Subscription {
    /// `template` (an unsubscribe path such as `/webhooks/{id}`) with `{id}` replaced by the
    /// percent-encoded id.
    pub fn path(&self, template: &str) -> String {
        template.replace("{id}", &path_segment(&self.id))
    }
}

/// The body of a subscription request: `body` (the caller's value; `&()` for none) as JSON, with
/// the spec's fixed values written in, each given as a dotted field path and the value's JSON
/// text. A fixed value replaces whatever the caller put at its path.
pub fn subscription_body<B: Serialize + ?Sized>(
    body: &B,
    fixed: &[(&str, &str)],
) -> Result<Value, Error> {
    let mut body = match serde_json::to_value(body).map_err(Error::encode)? {
        Value::Null => Value::Object(Map::new()),
        other => other,
    };
    for (path, json) in fixed {
        let value: Value = serde_json::from_str(json).map_err(Error::encode)?;
        set_path(&mut body, path, value)?;
    }
    Ok(body)
}

/// Sets the value at the dotted `path` of a JSON object, creating objects on the way.
fn set_path(value: &mut Value, path: &str, new: Value) -> Result<(), Error> {
    let mut current = value;
    let segments: Vec<&str> = path.split(['.', '/']).filter(|s| !s.is_empty()).collect();
    let Some((last, parents)) = segments.split_last() else {
        return Err(Error::encode(
            "the notification URL field has an empty path",
        ));
    };
    for segment in parents {
        if current.is_null() {
            *current = Value::Object(Map::new());
        }
        current = current
            .as_object_mut()
            .ok_or_else(|| Error::encode(format!("`{segment}` is not inside an object")))?
            .entry(segment.to_string())
            .or_insert(Value::Null);
    }
    if current.is_null() {
        *current = Value::Object(Map::new());
    }
    current
        .as_object_mut()
        .ok_or_else(|| Error::encode(format!("`{last}` is not inside an object")))?
        .insert(last.to_string(), new);
    Ok(())
}

/// Subscribes: sends `request` with `body` as JSON, the notification URL `url` written at the
/// body field `url_field`, and reads the subscription's id where `id_at` says.
pub async fn subscribe<B: Serialize>(
    client: &Client,
    mut request: Request,
    body: &B,
    url_field: &str,
    url: &str,
    id_at: SubscriptionIdAt,
) -> Result<Subscription, Error> {
    let mut value = serde_json::to_value(body).map_err(Error::encode)?;
    set_path(&mut value, url_field, Value::String(url.to_owned()))?;
    request.json(&value)?;
    let response = client.send(request).await?;
    let location = response
        .headers
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let id = match id_at {
        SubscriptionIdAt::Header(name) => {
            let value = response
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| Error::decode(format!("the answer has no {name} header")))?;
            if name.eq_ignore_ascii_case("location") {
                last_segment(value)
            } else {
                value.to_owned()
            }
        }
        SubscriptionIdAt::Body(path) => {
            let body: Value = response.json()?;
            lookup(&body, path)
                .map(text)
                .filter(|id| !id.is_empty())
                .ok_or_else(|| {
                    Error::decode(format!("the answer has no subscription id at `{path}`"))
                })?
        }
    };
    if id.is_empty() {
        return Err(Error::decode("the subscription id is empty"));
    }
    Ok(Subscription { id, location })
}

fn last_segment(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let segment = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

/// Unsubscribes: sends `request` (built for the unsubscribe path, see [`Subscription::path`]).
/// A 404 counts as done: the subscription is gone either way.
pub async fn unsubscribe(client: &Client, request: Request) -> Result<(), Error> {
    match client.send(request).await {
        Ok(_) | Err(Error::Api { status: 404, .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

/// The HMAC algorithm of a signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HmacAlgorithm {
    /// HMAC-SHA-256.
    Sha256,
    /// HMAC-SHA-1.
    Sha1,
}

/// How the signature's bytes are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureEncoding {
    /// Hexadecimal (either case).
    Hex,
    /// Standard base64.
    Base64,
}

/// A webhook's signature, as the spec declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignatureCheck {
    /// The header carrying it.
    pub header: &'static str,
    /// The algorithm.
    pub algorithm: HmacAlgorithm,
    /// The encoding.
    pub encoding: SignatureEncoding,
    /// Text before the signature (`sha256=`).
    pub prefix: Option<&'static str>,
}

/// Why a notification was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// The header is missing or not text.
    Missing,
    /// The header is not in the declared format (prefix, encoding).
    Malformed,
    /// The signature does not match the body.
    Mismatch,
    /// The secret to check it with is empty: nothing can be trusted (anyone can sign with an
    /// empty key).
    NoSecret,
}

impl std::fmt::Display for SignatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SignatureError::Missing => "the notification carries no signature",
            SignatureError::Malformed => "the notification's signature is malformed",
            SignatureError::Mismatch => "the notification's signature does not match its body",
            SignatureError::NoSecret => "there is no secret to check the notification's signature",
        })
    }
}

impl std::error::Error for SignatureError {}

impl SignatureCheck {
    /// Checks the signature of `body` in `headers` against `secret`; the comparison takes the
    /// same time wherever the bytes differ. An empty secret refuses every notification.
    pub fn verify(
        &self,
        secret: &[u8],
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<(), SignatureError> {
        if secret.is_empty() {
            return Err(SignatureError::NoSecret);
        }
        let value = headers
            .get(self.header)
            .and_then(|v| v.to_str().ok())
            .ok_or(SignatureError::Missing)?
            .trim();
        let value = match self.prefix {
            Some(prefix) => value
                .strip_prefix(prefix)
                .ok_or(SignatureError::Malformed)?,
            None => value,
        };
        let given = match self.encoding {
            SignatureEncoding::Hex => hex::decode(value).map_err(|_| SignatureError::Malformed)?,
            SignatureEncoding::Base64 => {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD
                    .decode(value)
                    .map_err(|_| SignatureError::Malformed)?
            }
        };
        let verified = match self.algorithm {
            HmacAlgorithm::Sha256 => mac::<Hmac<sha2::Sha256>>(secret, body).verify_slice(&given),
            HmacAlgorithm::Sha1 => mac::<Hmac<sha1::Sha1>>(secret, body).verify_slice(&given),
        };
        verified.map_err(|_| SignatureError::Mismatch)
    }

    /// The header value a sender would put on `body` (for tests and for relaying).
    pub fn sign(&self, secret: &[u8], body: &[u8]) -> String {
        let bytes = match self.algorithm {
            HmacAlgorithm::Sha256 => mac::<Hmac<sha2::Sha256>>(secret, body)
                .finalize()
                .into_bytes()
                .to_vec(),
            HmacAlgorithm::Sha1 => mac::<Hmac<sha1::Sha1>>(secret, body)
                .finalize()
                .into_bytes()
                .to_vec(),
        };
        let encoded = match self.encoding {
            SignatureEncoding::Hex => hex::encode(bytes),
            SignatureEncoding::Base64 => {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD.encode(bytes)
            }
        };
        format!("{}{encoded}", self.prefix.unwrap_or(""))
    }
}

fn mac<M: Mac + hmac::digest::KeyInit>(secret: &[u8], body: &[u8]) -> M {
    // HMAC takes keys of any length.
    let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts every key length"));
    mac.update(body);
    mac
}

/// Reads a notification: checks its signature when `check` is given (refusing it with
/// [`Error::Signature`]), then decodes the JSON payload. The body must be the raw bytes as
/// received: the signature covers them, not a re-encoding.
pub fn receive<T: DeserializeOwned>(
    check: Option<(&SignatureCheck, &[u8])>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Error> {
    if let Some((check, secret)) = check {
        check
            .verify(secret, headers, body)
            .map_err(Error::Signature)?;
    }
    serde_json::from_slice(body).map_err(Error::decode)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    const GITHUB_LIKE: SignatureCheck = SignatureCheck {
        header: "x-hub-signature-256",
        algorithm: HmacAlgorithm::Sha256,
        encoding: SignatureEncoding::Hex,
        prefix: Some("sha256="),
    };

    fn headers(name: &'static str, value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn known_hmac_vectors() {
        // RFC 4231 test case 2 and its SHA-1 counterpart (RFC 2202).
        let check = SignatureCheck {
            prefix: None,
            ..GITHUB_LIKE
        };
        assert_eq!(
            check.sign(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let sha1 = SignatureCheck {
            algorithm: HmacAlgorithm::Sha1,
            ..check
        };
        assert_eq!(
            sha1.sign(b"Jefe", b"what do ya want for nothing?"),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
    }

    #[test]
    fn signatures_are_checked_in_every_form() {
        let body = br#"{"event":"registrant.added"}"#;
        let good = GITHUB_LIKE.sign(b"s3cret", body);
        assert!(good.starts_with("sha256="));
        let h = headers(GITHUB_LIKE.header, &good);
        assert_eq!(GITHUB_LIKE.verify(b"s3cret", &h, body), Ok(()));
        assert_eq!(
            GITHUB_LIKE.verify(b"other", &h, body),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            GITHUB_LIKE.verify(b"s3cret", &h, b"{}"),
            Err(SignatureError::Mismatch)
        );
        let unprefixed = headers(GITHUB_LIKE.header, good.trim_start_matches("sha256="));
        assert_eq!(
            GITHUB_LIKE.verify(b"s3cret", &unprefixed, body),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            GITHUB_LIKE.verify(b"s3cret", &HeaderMap::new(), body),
            Err(SignatureError::Missing)
        );
        let base64_sha1 = SignatureCheck {
            header: "x-signature",
            algorithm: HmacAlgorithm::Sha1,
            encoding: SignatureEncoding::Base64,
            prefix: None,
        };
        let sig = base64_sha1.sign(b"k", body);
        let h = headers("x-signature", &sig);
        assert_eq!(base64_sha1.verify(b"k", &h, body), Ok(()));
        let payload: Value = receive(Some((&base64_sha1, b"k")), &h, body).unwrap();
        assert_eq!(payload["event"], "registrant.added");
        assert!(receive::<Value>(Some((&base64_sha1, b"x")), &h, body).is_err());
        assert!(matches!(
            receive::<Value>(Some((&base64_sha1, b"x")), &h, body),
            Err(Error::Signature(SignatureError::Mismatch))
        ));
        // Anyone can sign with an empty key, so an empty secret trusts nothing.
        let empty = base64_sha1.sign(b"", body);
        assert_eq!(
            base64_sha1.verify(b"", &headers("x-signature", &empty), body),
            Err(SignatureError::NoSecret)
        );
    }

    #[test]
    fn the_notification_url_goes_where_the_spec_says() {
        let mut body = serde_json::json!({"events": ["registrant.added"]});
        set_path(
            &mut body,
            "callback.url",
            Value::String("https://me/hook".into()),
        )
        .unwrap();
        assert_eq!(body["callback"]["url"], "https://me/hook");
        let mut scalar = serde_json::json!({"callback": 3});
        assert!(set_path(&mut scalar, "callback.url", Value::Null).is_err());
        assert_eq!(last_segment("https://api/x/webhooks/ab%20c?x=1"), "ab c");
        let sub = Subscription {
            id: "a/b".into(),
            location: None,
        };
        assert_eq!(sub.path("/webhooks/{id}"), "/webhooks/a%2Fb");
        let body = subscription_body(
            &serde_json::json!({"events": "mine", "name": "n"}),
            &[("events", r#"["a","b"]"#), ("filter.kind", "3")],
        )
        .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"events": ["a", "b"], "name": "n", "filter": {"kind": 3}})
        );
        assert_eq!(subscription_body(&(), &[]).unwrap(), serde_json::json!({}));
    }
}
