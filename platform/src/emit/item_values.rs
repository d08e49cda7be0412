//! A document's JSON value built one large item at a time, so that a typed document and its
//! value are never both whole in memory (for a 10,000-operation API each is hundreds of MB).

use serde::Serialize;
use serde_json::Value;

/// Fills the object at `key` of `document` (the value of a document whose map at `key` was
/// taken out before it was serialised) with the value of each of `items`, dropping each typed
/// item once it is a value. What the object held already (the keys a flattened map wrote after
/// the items) is written after them again, over an item of the same name in its place, as
/// `serde_json::to_value` of the whole document writes it.
pub(crate) fn fill_typed<T: Serialize>(
    document: &mut Value,
    key: &str,
    items: impl IntoIterator<Item = (String, T)>,
) -> Result<(), serde_json::Error> {
    let values = items
        .into_iter()
        .map(|(name, item)| Ok((name, serde_json::to_value(&item)?)));
    fill(document, key, values)
}

/// [`fill_typed`] with items that are values already (or the error that stopped one).
pub(crate) fn fill(
    document: &mut Value,
    key: &str,
    items: impl IntoIterator<Item = Result<(String, Value), serde_json::Error>>,
) -> Result<(), serde_json::Error> {
    let Some(Value::Object(map)) = document.get_mut(key) else {
        return Err(serde::ser::Error::custom(format!("no `{key}` object")));
    };
    let after = std::mem::take(map);
    for item in items {
        let (name, value) = item?;
        map.insert(name, value);
    }
    for (name, value) in after {
        map.insert(name, value);
    }
    Ok(())
}
