//! An OpenAPI path item while the document is built: the operations it has, in a list.
//! `openapiv3::PathItem` has room for eight operations inline (some 7 KB), and a path of a
//! large API mostly has one.
//!
//! The operations are held in the form the document is written from: typed for
//! [`ItemParts::into_item`], or already a JSON value for [`ItemParts::into_value`], so that
//! writing a large API never holds every typed operation at once (10,000 typed operations
//! take some 200 MB; their values a fraction of it).

use indexmap::IndexMap;
use openapiv3::{Operation, Parameter, PathItem, ReferenceOr};
use serde_json::{Map, Value};

use crate::ir::Method;

/// The parts of a path item the emitter writes; `Op` is the form an operation is held in.
#[derive(Debug)]
pub(crate) struct ItemParts<Op> {
    /// The operations, one a method.
    operations: Vec<(Method, Op)>,
    /// The parameters every operation of the path shares.
    pub(crate) parameters: Vec<ReferenceOr<Parameter>>,
    /// The path item's own `x-` keys.
    pub(crate) extensions: IndexMap<String, Value>,
}

impl<Op> Default for ItemParts<Op> {
    fn default() -> Self {
        ItemParts {
            operations: Vec::new(),
            parameters: Vec::new(),
            extensions: IndexMap::new(),
        }
    }
}

/// An operation as a JSON value, or why `serde_json` could not make it one.
pub(crate) type OperationValue = Result<Value, serde_json::Error>;

impl<Op> ItemParts<Op> {
    /// Whether the item has an operation at `method`.
    pub(crate) fn has(&self, method: Method) -> bool {
        self.operations.iter().any(|(m, _)| *m == method)
    }

    /// Puts `operation` at `method`, which must have none ([`ItemParts::has`]).
    pub(crate) fn put(&mut self, method: Method, operation: Op) {
        debug_assert!(!self.has(method));
        self.operations.push((method, operation));
    }
}

impl ItemParts<Operation> {
    /// The `openapiv3` path item.
    pub(crate) fn into_item(self) -> PathItem {
        let mut item = PathItem {
            parameters: self.parameters,
            extensions: self.extensions,
            ..PathItem::default()
        };
        for (method, operation) in self.operations {
            *slot(&mut item, method) = Some(operation);
        }
        item
    }
}

impl ItemParts<OperationValue> {
    /// The path item's JSON value: what `serde_json::to_value` gives for the `PathItem` of
    /// [`ItemParts::into_item`], built from the operations' values.
    pub(crate) fn into_value(self) -> Result<Value, serde_json::Error> {
        let mut operations = self.operations;
        operations.sort_by_key(|(method, _)| written_rank(*method));
        let mut map = Map::new();
        for (method, operation) in operations {
            map.insert(key(method).to_owned(), operation?);
        }
        if !self.parameters.is_empty() {
            map.insert(
                "parameters".to_owned(),
                serde_json::to_value(&self.parameters)?,
            );
        }
        // Flattened after the fields, as serde writes them: a key already there keeps its
        // place and takes the extension's value.
        for (name, value) in self.extensions {
            map.insert(name, value);
        }
        Ok(Value::Object(map))
    }
}

fn slot(item: &mut PathItem, method: Method) -> &mut Option<Operation> {
    match method {
        Method::Get => &mut item.get,
        Method::Put => &mut item.put,
        Method::Post => &mut item.post,
        Method::Patch => &mut item.patch,
        Method::Delete => &mut item.delete,
        Method::Head => &mut item.head,
        Method::Options => &mut item.options,
    }
}

/// The operation's key in a path item.
fn key(method: Method) -> &'static str {
    match method {
        Method::Get => "get",
        Method::Put => "put",
        Method::Post => "post",
        Method::Patch => "patch",
        Method::Delete => "delete",
        Method::Head => "head",
        Method::Options => "options",
    }
}

/// Where `PathItem` writes the operation at `method` among its fields.
fn written_rank(method: Method) -> u8 {
    match method {
        Method::Get => 0,
        Method::Put => 1,
        Method::Post => 2,
        Method::Delete => 3,
        Method::Options => 4,
        Method::Head => 5,
        Method::Patch => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const METHODS: [Method; 7] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
        Method::Options,
    ];

    fn operation(id: usize) -> Operation {
        Operation {
            operation_id: Some(format!("op{id}")),
            summary: (id % 2 == 0).then(|| format!("summary {id}")),
            ..Operation::default()
        }
    }

    fn parameter(name: &str) -> ReferenceOr<Parameter> {
        ReferenceOr::Reference {
            reference: format!("#/components/parameters/{name}"),
        }
    }

    /// Every subset of methods in several orders, with and without shared parameters, and
    /// extensions including ones named like the fields they follow: the value built from the
    /// operations' values is the typed item's value.
    #[test]
    fn the_value_is_the_typed_items_value() {
        let extension_sets: [&[(&str, Value)]; 4] = [
            &[],
            &[("x-kept", json!({"a": 1}))],
            &[("get", json!("over the operation")), ("x-b", json!(true))],
            &[("parameters", json!([])), ("post", json!(null))],
        ];
        for subset in 0u32..(1 << METHODS.len()) {
            for rotation in 0..METHODS.len() {
                let methods: Vec<Method> = (0..METHODS.len())
                    .map(|i| METHODS[(i + rotation) % METHODS.len()])
                    .filter(|m| subset & (1 << METHODS.iter().position(|n| n == m).unwrap()) != 0)
                    .collect();
                for (e, extensions) in extension_sets.iter().enumerate() {
                    let parameters = if (subset as usize + e) % 2 == 0 {
                        vec![parameter("a"), parameter("b")]
                    } else {
                        Vec::new()
                    };
                    let extensions: IndexMap<String, Value> = extensions
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), v.clone()))
                        .collect();
                    let mut typed = ItemParts::<Operation>::default();
                    let mut valued = ItemParts::<OperationValue>::default();
                    for (i, method) in methods.iter().enumerate() {
                        typed.put(*method, operation(i));
                        valued.put(*method, serde_json::to_value(operation(i)));
                    }
                    typed.parameters = parameters.clone();
                    valued.parameters = parameters;
                    typed.extensions = extensions.clone();
                    valued.extensions = extensions;
                    let expected = serde_json::to_value(typed.into_item()).unwrap();
                    let got = valued.into_value().unwrap();
                    assert_eq!(
                        serde_json::to_string(&got).unwrap(),
                        serde_json::to_string(&expected).unwrap(),
                        "{methods:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_operation_that_has_no_value_is_the_items_error() {
        let mut item = ItemParts::<OperationValue>::default();
        item.put(
            Method::Get,
            Err(serde::ser::Error::custom("no value for this")),
        );
        let error = item.into_value().unwrap_err();
        assert!(error.to_string().contains("no value for this"), "{error}");
    }
}
