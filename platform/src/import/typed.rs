//! Small constructors for spec model values, for the builders that make typed parts of a spec,
//! and the one place a typed part joins a tree still built as JSON values.

use codegen::spec::{NamedMap, Span, Spanned, TypeBody, TypeDef};
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

/// A text with no position (an imported spec has no source positions of its own).
pub(crate) fn text(value: impl Into<String>) -> Spanned<String> {
    Spanned::unlocated(value.into())
}

/// A type definition from its body.
pub(crate) fn type_def(body: TypeBody) -> TypeDef {
    TypeDef {
        body: Box::new(body),
        span: Span::UNKNOWN,
    }
}

/// Entries keyed by name, as the model keeps them.
pub(crate) fn named<V>(entries: IndexMap<String, V>) -> NamedMap<V> {
    entries.into_iter().map(|(k, v)| (text(k), v)).collect()
}

/// A type by name only (`any`, `object`, a scalar or an object's name).
pub(crate) fn type_named(name: &str) -> TypeDef {
    type_def(TypeBody {
        type_name: Some(text(name)),
        ..TypeBody::default()
    })
}

/// A body's or answer's type as the `fields` shorthand when it is only an inline object, else
/// as its `type`.
pub(crate) fn fields_or_type(mut def: TypeDef) -> (Option<NamedMap<TypeDef>>, Option<TypeDef>) {
    // The fields are taken out to compare the rest with nothing, not copied.
    let fields = def.body.fields.take();
    if fields.is_some() && def.body.is_unset() {
        return (fields, None);
    }
    def.body.fields = fields;
    (None, Some(def))
}

/// A typed part written into a tree still made of JSON values. The spec model has text keys
/// only, so writing it as JSON cannot fail; `null` would be refused at the boundary (`yaml.rs`).
pub(crate) fn to_tree<T: Serialize>(part: &T) -> Value {
    serde_json::to_value(part).unwrap_or(Value::Null)
}

/// A spec part written as a JSON value (tests write their fixtures so) read into its model
/// type. Empty mappings and lists are pruned first, as the language writes none; a tree the
/// model cannot read is the language's refusal, with the reason.
#[cfg(test)]
pub(crate) fn from_tree<T: serde::de::DeserializeOwned>(
    mut tree: Value,
) -> Result<T, super::ImportError> {
    prune(&mut tree);
    serde_json::from_value(tree)
        .map_err(|error| super::ImportError::NotInLanguage(error.to_string()))
}

/// Keys whose values are data kept as written, empty containers included.
#[cfg(test)]
const AS_WRITTEN: &[&str] = &["extensions", "default", "example", "value"];

/// Removes empty mappings and lists (but keeps empty strings and nulls the spec needs). What
/// [`AS_WRITTEN`] keys hold is kept as written, empty containers included. The model would
/// write some of them (`fields: {}` is an object with no fields, not an absent one), so a tree
/// is pruned before it is read.
#[cfg(test)]
fn prune(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if !AS_WRITTEN.contains(&k.as_str()) {
                    prune(v);
                }
            }
            // `paginate: { link_header: {} }` says all it needs with an empty mapping.
            map.retain(|k, v| match v {
                // An empty `extensions` keeps nothing.
                Value::Object(m) if k == "extensions" => !m.is_empty(),
                _ if AS_WRITTEN.contains(&k.as_str()) => true,
                Value::Object(m) => !m.is_empty() || k == "link_header",
                Value::Array(a) => !a.is_empty(),
                _ => true,
            });
        }
        Value::Array(items) => items.iter_mut().for_each(prune),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen::spec::ActionDef;
    use serde_json::json;

    #[test]
    fn a_tree_reads_into_the_model_and_writes_back_the_same() {
        let tree = json!({
            "summary": "Get an A",
            "request": "GET /a/{id}",
            "params": { "id": "string", "tags": ["string"],
                        "q": { "type": "integer", "description": "How many" } },
            "response": { "type": { "list": "string" } },
            "extensions": { "x-ms-visibility": "important" }
        });
        let action: ActionDef = from_tree(tree.clone()).expect("reads");
        assert_eq!(action.request.get(), "GET /a/{id}");
        assert_eq!(action.params.len(), 3);
        let back = to_tree(&action);
        let again: ActionDef = from_tree(back.clone()).expect("reads again");
        assert_eq!(to_tree(&again), back);
    }

    #[test]
    fn empty_parts_of_a_tree_are_pruned_but_the_model_would_write_them() {
        let tree = json!({ "fields": {}, "enum": [], "extensions": {}, "default": {} });
        let read: TypeDef = from_tree(tree).expect("reads");
        assert_eq!(to_tree(&read), json!({ "default": {} }));
        // Why the seam prunes: an object with no fields is the model's to write.
        let empty = type_def(TypeBody {
            fields: Some(Default::default()),
            ..TypeBody::default()
        });
        assert_eq!(to_tree(&empty), json!({ "fields": {} }));
    }

    #[test]
    fn a_key_the_model_lacks_is_refused() {
        let error = from_tree::<ActionDef>(json!({ "request": "GET /a", "retries": 3 }))
            .expect_err("refused");
        assert!(error.to_string().contains("retries"), "{error}");
    }

    #[test]
    fn labelled_enums_and_kept_data_read_as_written() {
        let tree = json!({
            "type": "string",
            "enum": { "Default": "Default ranker", "Other": null },
            "default": { "value": "x", "label": "y" }
        });
        let def: TypeDef = from_tree(tree.clone()).expect("reads");
        let values = &def.body.enum_values.as_ref().expect("an enum").values;
        assert_eq!(values.len(), 2);
        assert_eq!(values[0].label.as_deref(), Some("Default ranker"));
        assert_eq!(
            def.body.default.as_ref().map(|d| d.value.clone()),
            Some(json!({ "value": "x", "label": "y" }))
        );
        assert_eq!(to_tree(&def), tree);
    }
}
