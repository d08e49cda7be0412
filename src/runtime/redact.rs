//! Keeping credentials and huge bodies out of errors: a server that echoes the request puts the
//! API key into its error answer, and an error answer can be megabytes long. The client keeps
//! at most a configurable number of bytes of an error body (saying how many it cut), and
//! replaces every credential it knows in what it keeps with `***`.

use std::borrow::Cow;

/// How many bytes of an error body a client keeps by default (64 KiB).
pub const DEFAULT_ERROR_BODY_LIMIT: usize = 64 * 1024;

/// What replaces a secret.
const MASK: &str = "***";

/// Secrets shorter than this are not looked for: masking every `ab` would make errors
/// unreadable, and so short a secret is no secret.
const MIN_SECRET: usize = 4;

/// The secret values to mask in a text, in every form a server may echo them in.
#[derive(Clone, Debug, Default)]
pub(crate) struct Redactor {
    /// Longest first, so that a secret containing another is masked whole.
    needles: Vec<String>,
}

impl Redactor {
    /// Masks `values` (credentials as sent: header values, query values, tokens): each as
    /// given, the last word of a value with a scheme (`Bearer abc` → `abc`), and each of those
    /// percent-encoded and escaped as in a JSON string.
    pub(crate) fn new<'a>(values: impl IntoIterator<Item = &'a str>) -> Redactor {
        let mut needles = Vec::new();
        for value in values {
            let mut forms = vec![value];
            if let Some((_, last)) = value.trim().rsplit_once(char::is_whitespace) {
                forms.push(last);
            }
            for form in forms {
                needles.push(form.to_owned());
                needles.push(form_urlencoded::byte_serialize(form.as_bytes()).collect());
                needles.push(
                    percent_encoding::utf8_percent_encode(form, percent_encoding::NON_ALPHANUMERIC)
                        .to_string(),
                );
                let json = serde_json::Value::String(form.to_owned()).to_string();
                needles.push(json[1..json.len() - 1].to_owned());
            }
        }
        needles.retain(|n| n.len() >= MIN_SECRET);
        needles.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        needles.dedup();
        Redactor { needles }
    }

    /// `text` with every secret masked.
    pub(crate) fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut text = Cow::Borrowed(text);
        for needle in &self.needles {
            if text.contains(needle.as_str()) {
                text = Cow::Owned(text.replace(needle.as_str(), MASK));
            }
        }
        text
    }

    /// `text`, which was cut short, with every secret masked, and also a start of a secret at
    /// its very end (the rest of it was cut off).
    pub(crate) fn redact_cut(&self, text: &str) -> String {
        let mut text = self.redact(text).into_owned();
        let tail = self
            .needles
            .iter()
            .filter_map(|needle| {
                (MIN_SECRET..needle.len())
                    .rev()
                    .filter(|&n| needle.is_char_boundary(n))
                    .find(|&n| text.ends_with(&needle[..n]))
            })
            .max();
        if let Some(tail) = tail {
            text.truncate(text.len() - tail);
            text.push_str(MASK);
        }
        text
    }
}

/// The first `limit` bytes of `body` (fewer when `limit` falls inside a UTF-8 character of a
/// text body), and how many bytes were left out.
pub(crate) fn keep(body: &[u8], limit: usize) -> (&[u8], usize) {
    if body.len() <= limit {
        return (body, 0);
    }
    let mut end = limit;
    // Step back over the start of a character that the cut would split.
    if let Err(error) = std::str::from_utf8(&body[..end]) {
        if error.error_len().is_none() {
            end = error.valid_up_to();
        }
    }
    (&body[..end], body.len() - end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_echoed_form_of_a_secret_is_masked() {
        let redactor = Redactor::new(["Bearer tok/en+1=", "k3y-\"quoted\""]);
        let echoed = r#"{"headers":{"authorization":"Bearer tok/en+1="},"query":"key=tok%2Fen%2B1%3D","token":"tok/en+1=","body":"k3y-\"quoted\""}"#;
        let redacted = redactor.redact(echoed);
        assert!(!redacted.contains("tok/"), "{redacted}");
        assert!(!redacted.contains("tok%2F"), "{redacted}");
        assert!(!redacted.contains("k3y"), "{redacted}");
        assert_eq!(redacted.matches("***").count(), 4, "{redacted}");
    }

    #[test]
    fn short_values_and_the_scheme_are_left_alone() {
        let redactor = Redactor::new(["abc", "Bearer abcdef"]);
        assert_eq!(
            redactor.redact("Bearer abc and abcdef"),
            "Bearer abc and ***"
        );
    }

    #[test]
    fn the_start_of_a_secret_at_a_cut_is_masked() {
        let redactor = Redactor::new(["supersecret"]);
        assert_eq!(redactor.redact_cut("echo: supers"), "echo: ***");
        assert_eq!(redactor.redact_cut("echo: sup"), "echo: sup");
        assert_eq!(redactor.redact_cut("a supersecret b"), "a *** b");
    }

    #[test]
    fn a_cut_never_splits_a_character() {
        let body = "ab€".as_bytes(); // € is three bytes
        assert_eq!(keep(body, 3), (&b"ab"[..], 3));
        assert_eq!(keep(body, 5), (body, 0));
        assert_eq!(keep(b"0123456789", 4), (&b"0123"[..], 6));
    }
}
