//! An OpenAPI path item while the document is built: the operations it has, in a list.
//! `openapiv3::PathItem` has room for eight operations inline (some 7 KB), and a path of a
//! large API mostly has one.

use indexmap::IndexMap;
use openapiv3::{Operation, Parameter, PathItem, ReferenceOr};
use serde_json::Value;

use crate::ir::Method;

/// The parts of a path item the emitter writes.
#[derive(Debug, Default)]
pub(crate) struct ItemParts {
    /// The operations, one a method.
    operations: Vec<(Method, Operation)>,
    /// The parameters every operation of the path shares.
    pub(crate) parameters: Vec<ReferenceOr<Parameter>>,
    /// The path item's own `x-` keys.
    pub(crate) extensions: IndexMap<String, Value>,
}

impl ItemParts {
    /// Puts `operation` at `method` when the method has none; otherwise hands it back.
    pub(crate) fn put(&mut self, method: Method, operation: Operation) -> Option<Operation> {
        if self.operations.iter().any(|(m, _)| *m == method) {
            return Some(operation);
        }
        self.operations.push((method, operation));
        None
    }

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
