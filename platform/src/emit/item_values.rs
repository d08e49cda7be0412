//! A document's JSON value built one large item at a time, so that a typed document and its
//! value are never both whole in memory (for a 10,000-operation API each is hundreds of MB).

use serde::Serialize;
use serde_json::Value;

/// Fills the object at `key` of `document` (the value of a document whose map at `key` was
/// taken out before it was serialised) with the value of each of `items`, dropping each typed
/// item once it is a value. What the object held already (the keys a flattened map wrote after
/// the items) is written after them again, over an item of the same name in its place, as
/// `serde_json::to_value` of the whole document writes it.
pub(crate) fn fill<T: Serialize>(
    document: &mut Value,
    key: &str,
    items: impl IntoIterator<Item = (String, T)>,
) -> Result<(), serde_json::Error> {
    let Some(Value::Object(map)) = document.get_mut(key) else {
        return Err(serde::ser::Error::custom(format!("no `{key}` object")));
    };
    let after = std::mem::take(map);
    for (name, item) in items {
        map.insert(name, serde_json::to_value(&item)?);
    }
    for (name, value) in after {
        map.insert(name, value);
    }
    Ok(())
}
