//! Local `$ref`s (`#/definitions/Item`, `#/components/schemas/A%20B`): the one way every reader
//! of Swagger and OpenAPI documents follows them.
//!
//! A reference is a URI fragment holding a JSON pointer, so it is percent-decoded first (with
//! `percent-encoding`: an escape that is not two hex digits stays as written, and bytes that do
//! not form UTF-8 are replaced) and then read as a pointer (`~1` is `/`, `~0` is `~`).

use std::borrow::Cow;

use percent_encoding::percent_decode_str;
use serde_json::Value;

/// [`resolve`] gives up on a chain of this many `$ref`s (cycles end there too).
pub const MAX_HOPS: usize = 32;

/// Percent-decodes the text of a URI fragment.
pub fn decode(fragment: &str) -> Cow<'_, str> {
    percent_decode_str(fragment).decode_utf8_lossy()
}

/// The JSON pointer a local reference names (`#/a%20b/c` → `/a b/c`); `None` when the
/// reference is not local.
pub fn pointer(reference: &str) -> Option<Cow<'_, str>> {
    reference.strip_prefix('#').map(decode)
}

/// One pointer token as the name it stands for (`A~1B` → `A/B`), after percent-decoding.
pub fn token_name(token: &str) -> String {
    decode(token).replace("~1", "/").replace("~0", "~")
}

/// The value a local reference points at in `root`.
pub fn follow<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    root.pointer(&pointer(reference)?)
}

/// `value`, or what its chain of local `$ref`s ends at; `None` when a reference in the chain
/// cannot be followed or the chain has [`MAX_HOPS`] references or more.
pub fn resolve<'a>(root: &'a Value, value: &'a Value) -> Option<&'a Value> {
    let mut current = value;
    for _ in 0..MAX_HOPS {
        match current.get("$ref").and_then(Value::as_str) {
            Some(reference) => current = follow(root, reference)?,
            None => return Some(current),
        }
    }
    None
}

/// `value`, or what its `$ref` chain reaches before a reference cannot be followed (at most
/// `hops` references are followed).
pub fn resolve_lenient<'a>(root: &'a Value, value: &'a Value, hops: usize) -> &'a Value {
    let mut current = value;
    for _ in 0..hops {
        match current
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| follow(root, r))
        {
            Some(target) => current = target,
            None => break,
        }
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_are_decoded_and_broken_ones_kept() {
        assert_eq!(decode("/a%20b/%7e"), "/a b/~");
        assert_eq!(decode("/50%"), "/50%");
        assert_eq!(decode("/%é"), "/%é");
        assert_eq!(decode("/%aé"), "/%aé");
        assert_eq!(decode("/%+1"), "/%+1");
        assert_eq!(decode("/%ff"), "/\u{fffd}");
        assert_eq!(token_name("A~1B%7B~0%7D"), "A/B{~}");
    }

    #[test]
    fn chains_are_followed_and_cycles_stop() {
        let root = json!({
            "d": {
                "A B": {"$ref": "#/d/C"},
                "C": {"type": "string"},
                "x": {"$ref": "#/d/y"},
                "y": {"$ref": "#/d/x"},
            }
        });
        let a = json!({"$ref": "#/d/A%20B"});
        assert_eq!(resolve(&root, &a), Some(&json!({"type": "string"})));
        assert_eq!(resolve(&root, &json!({"$ref": "#/d/x"})), None);
        assert_eq!(resolve(&root, &json!({"$ref": "#/d/%aé"})), None);
        let missing = json!({"$ref": "#/d/missing"});
        assert_eq!(resolve_lenient(&root, &missing, 8), &missing);
        assert_eq!(resolve_lenient(&root, &a, 8), &json!({"type": "string"}));
    }
}
