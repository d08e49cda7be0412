//! Turning request values into text: path segments, query strings and forms with nested
//! bracket keys and 1/0 booleans.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

use super::Error;

/// Everything but unreserved characters is escaped in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How a list is written into a query string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrayStyle {
    /// `a,b,c`
    Csv,
    /// `key=a&key=b`
    Multi,
    /// `key[]=a&key[]=b`
    Brackets,
    /// `a b c`
    Ssv,
    /// `a|b|c`
    Pipes,
}

/// A value as plain text: strings as they are, numbers and booleans as JSON writes them,
/// nothing for `null`/`None`, JSON for objects.
pub fn text<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(value) => value_text(&value),
        Err(_) => String::new(),
    }
}

fn value_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// Whether a received value is an enum's wire value, given also as text (XML carries every
/// value as text).
pub fn is_wire_value(value: &Value, wire: Value, text: &str) -> bool {
    *value == wire || value.as_str() == Some(text)
}

/// Percent-encodes one path segment.
pub fn path_segment(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

/// The query pairs of one parameter; none for `None`.
pub fn query_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: ArrayStyle,
) -> Result<Vec<(String, String)>, Error> {
    let value = serde_json::to_value(value).map_err(Error::encode)?;
    Ok(match value {
        Value::Null => Vec::new(),
        Value::Array(items) => {
            let texts: Vec<String> = items.iter().map(value_text).collect();
            match style {
                ArrayStyle::Csv => vec![(name.to_owned(), texts.join(","))],
                ArrayStyle::Ssv => vec![(name.to_owned(), texts.join(" "))],
                ArrayStyle::Pipes => vec![(name.to_owned(), texts.join("|"))],
                ArrayStyle::Multi => texts.into_iter().map(|t| (name.to_owned(), t)).collect(),
                ArrayStyle::Brackets => texts
                    .into_iter()
                    .map(|t| (format!("{name}[]"), t))
                    .collect(),
            }
        }
        other => vec![(name.to_owned(), value_text(&other))],
    })
}

/// The pairs of a form body: nested objects as `a[b][c]`, lists as `a[0]`, booleans as `1`/`0`,
/// `null` left out.
pub fn form_pairs<T: Serialize + ?Sized>(value: &T) -> Result<Vec<(String, String)>, Error> {
    let value = serde_json::to_value(value).map_err(Error::encode)?;
    let mut pairs = Vec::new();
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                flatten(&key, &value, &mut pairs);
            }
        }
        Value::Null => {}
        other => {
            return Err(Error::encode(format!(
                "a form body must be an object, not {other}"
            )))
        }
    }
    Ok(pairs)
}

fn flatten(key: &str, value: &Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Bool(b) => pairs.push((key.to_owned(), if *b { "1" } else { "0" }.to_owned())),
        Value::Number(n) => pairs.push((key.to_owned(), n.to_string())),
        Value::String(s) => pairs.push((key.to_owned(), s.clone())),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                flatten(&format!("{key}[{index}]"), item, pairs);
            }
        }
        Value::Object(map) => {
            for (name, item) in map {
                flatten(&format!("{key}[{name}]"), item, pairs);
            }
        }
    }
}

/// Encodes pairs as `application/x-www-form-urlencoded`.
pub fn urlencode(pairs: &[(String, String)]) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        serializer.append_pair(key, value);
    }
    serializer.finish()
}

/// The value at a dotted or slashed path (`errors.message`, `a/b`) in a JSON value; lists on
/// the way are entered at their first item.
pub fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut current = value;
    let mut rest = path.trim_matches(['.', '/']);
    while !rest.is_empty() {
        while let Value::Array(items) = current {
            current = items.first()?;
        }
        let (next, remaining) = step(current, rest)?;
        current = next;
        rest = remaining.trim_start_matches(['.', '/']);
    }
    Some(current)
}

/// One step of a path into `value`: the longest key that the path starts with, up to a `.` or
/// `/` (so a key holding a dot, like `@odata.nextLink`, is found whole), and what is left.
fn step<'a, 'p>(value: &'a Value, path: &'p str) -> Option<(&'a Value, &'p str)> {
    let object = value.as_object()?;
    let mut ends: Vec<usize> = path
        .char_indices()
        .filter(|(_, c)| matches!(c, '.' | '/'))
        .map(|(i, _)| i)
        .collect();
    ends.push(path.len());
    ends.iter()
        .rev()
        .find_map(|&end| object.get(&path[..end]).map(|found| (found, &path[end..])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_step_into_objects_and_find_keys_that_hold_dots() {
        let page = json!({
            "@odata.nextLink": "https://a.example/p2",
            "meta": { "next.cursor": "c2", "page": { "total": 3 } },
            "items": [{ "id": 1 }]
        });
        assert_eq!(
            lookup(&page, "@odata.nextLink"),
            Some(&json!("https://a.example/p2"))
        );
        assert_eq!(lookup(&page, "meta.next.cursor"), Some(&json!("c2")));
        assert_eq!(lookup(&page, "meta/page/total"), Some(&json!(3)));
        assert_eq!(lookup(&page, "items.id"), Some(&json!(1)));
        assert_eq!(lookup(&page, "meta.missing"), None);
    }

    #[test]
    fn forms_nest_keys_and_write_booleans_as_digits() {
        let pairs = form_pairs(&json!({
            "room_type": "meeting",
            "settings": { "show_on_personal_page": true, "thank_you_emails_enabled": false },
            "attendees": [{ "email": "a@b.c" }],
            "skip": null
        }))
        .unwrap();
        assert_eq!(
            urlencode(&pairs),
            "room_type=meeting&settings%5Bshow_on_personal_page%5D=1&settings%5Bthank_you_emails_enabled%5D=0&attendees%5B0%5D%5Bemail%5D=a%40b.c"
        );
    }

    #[test]
    fn queries_follow_the_array_style() {
        let values = vec!["a", "b"];
        assert_eq!(
            query_pairs("k", &values, ArrayStyle::Csv).unwrap(),
            vec![("k".to_owned(), "a,b".to_owned())]
        );
        assert_eq!(
            query_pairs("k", &values, ArrayStyle::Multi).unwrap().len(),
            2
        );
        assert!(query_pairs("k", &None::<u8>, ArrayStyle::Csv)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn paths_and_segments() {
        assert_eq!(path_segment("a b/c"), "a%20b%2Fc");
        let v = json!({"errors": [{"message": "bad"}]});
        assert_eq!(lookup(&v, "errors.message"), Some(&json!("bad")));
    }
}
