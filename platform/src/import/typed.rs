//! Small constructors for spec model values, for the builders that make typed parts of a spec,
//! and the one place a typed part joins a tree still built as JSON values.

use codegen::spec::{Span, Spanned, TypeBody, TypeDef};
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

/// A typed part written into a tree still made of JSON values. The spec model has text keys
/// only, so writing it as JSON cannot fail; `null` would be refused at the boundary (`yaml.rs`).
pub(crate) fn to_tree<T: Serialize>(part: &T) -> Value {
    serde_json::to_value(part).unwrap_or(Value::Null)
}

/// A part still built as a JSON value read into its model type: the seam a typed builder uses
/// while the parts around it are trees. A tree the model cannot read is a bug of the builder
/// that made it, so it is reported as the language's refusal, with the reason.
///
/// The tree is read as YAML text, as the boundary reads the whole spec: the model's spans are
/// made for serde-saphyr's own deserializer, and read straight from a JSON value a mapping
/// inside a spanned value whose keys are spanned too (an enum with labels) is refused. No
/// budget applies: the tree is the importer's own, made from a document read under its budgets.
pub(crate) fn from_tree<T: serde::de::DeserializeOwned>(
    tree: Value,
) -> Result<T, super::ImportError> {
    let text = serde_saphyr::to_string(&tree).map_err(super::ImportError::WriteYaml)?;
    let mut options = serde_saphyr::Options::default();
    options.budget = None;
    serde_saphyr::from_str_with_options(&text, options)
        .map_err(|error| super::ImportError::NotInLanguage(error.to_string()))
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
