//! A document's JSON value built one large item at a time, so that a typed document and its
//! value are never both whole in memory (for a 10,000-operation API each is hundreds of MB).

use serde::Serialize;
use serde_json::Value;

/// Fills the object at `key` of `document` (the value of a document whose map at `key` was
/// taken out before it was serialised) with the value of each of `items`, dropping each typed
/// item once it is a value. What the object held already (the keys a flattened map wrote after
/// the items) is written after them again, over an item of the same name in its place, as
/// `serde_json::to_value` of the whole document writes it.
/// The values of the items' two halves are made at once from `split` items on (the
/// caller knows whether a core is free for it; `usize::MAX` never splits).
pub(crate) fn fill_typed<T: Serialize + Send>(
    document: &mut Value,
    key: &str,
    items: impl IntoIterator<Item = (String, T)>,
    split: usize,
) -> Result<(), serde_json::Error> {
    let mut first: Vec<(String, T)> = items.into_iter().collect();
    if first.len() < split {
        return fill(document, key, first.into_iter().map(item_value));
    }
    let second = first.split_off(first.len() / 2);
    let (first, second) = codegen::join::join(
        "item-values",
        || first.into_iter().map(item_value).collect::<Vec<_>>(),
        || second.into_iter().map(item_value).collect::<Vec<_>>(),
    );
    fill(document, key, first.into_iter().chain(second))
}

/// The value of one named item; the typed item is dropped once it is one.
fn item_value<T: Serialize>(
    (name, item): (String, T),
) -> Result<(String, Value), serde_json::Error> {
    Ok((name, serde_json::to_value(&item)?))
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

#[cfg(test)]
mod tests {
    use super::fill_typed;
    use serde::Serialize;
    use serde_json::{json, Value};

    #[derive(Serialize)]
    struct Item {
        n: usize,
        tags: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        inner: Option<Box<Item>>,
    }

    fn items(count: usize) -> Vec<(String, Item)> {
        (0..count)
            .map(|n| {
                let inner = (n % 3 == 0).then(|| {
                    Box::new(Item {
                        n: n * 2,
                        tags: vec![],
                        inner: None,
                    })
                });
                (
                    format!("/i{}", n % (count / 2 + 1)),
                    Item {
                        n,
                        tags: vec![n.to_string(); n % 4],
                        inner,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn values_made_in_two_halves_are_those_of_one_pass() {
        for count in [0, 1, 2, 3, 7, 40] {
            // The object holds keys written after the items, one of them an item's name.
            let document = json!({ "a": 1, "paths": { "x-after": true, "/i0": "over" }, "z": [] });
            let mut one_pass = document.clone();
            fill_typed(&mut one_pass, "paths", items(count), usize::MAX).unwrap();
            assert_eq!(one_pass["paths"]["/i0"], json!("over"));
            for split in [0, 1, 2, 3] {
                let mut halves: Value = document.clone();
                fill_typed(&mut halves, "paths", items(count), split).unwrap();
                assert_eq!(halves, one_pass, "{count} items split from {split}");
                let keys = |v: &Value| {
                    v["paths"]
                        .as_object()
                        .unwrap()
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                };
                assert_eq!(
                    keys(&halves),
                    keys(&one_pass),
                    "{count} items split from {split}"
                );
            }
        }
    }
}
