//! Operations that become actions.

use codegen::spec::{ActionDef, NextLinkPaging, Pagination, Spanned};
use indexmap::IndexMap;
use serde_json::Value;

use crate::import::typed::text;

use super::importer::{Importer, Op};
use super::model::{answer_of, named};
use super::operations::{deprecation, Shape};

impl<'a> Importer<'a> {
    /// The action an operation becomes.
    pub(super) fn action(&mut self, op: &Op) -> ActionDef {
        let docs = self.op_docs(op);
        let (params, body, line) = self.request(op);
        let (returns, response) = self.response(op);
        let mut action = ActionDef {
            summary: docs.summary,
            description: docs.description,
            request: text(line),
            params: named(params),
            body,
            returns,
            response,
            errors: None,
            paginate: None,
            rate_label: None,
            scopes: Vec::new(),
            idempotent: None,
            visibility: docs.visibility,
            deprecated: deprecation(op),
            tags: Vec::new(),
            extensions: IndexMap::new(),
        };
        if let Some(next) = op
            .op
            .get("x-ms-pageable")
            .and_then(|p| p.get("nextLinkName"))
            .and_then(Value::as_str)
        {
            let answer = action
                .returns
                .clone()
                .or_else(|| action.response.as_ref().and_then(answer_of));
            let items = answer.as_ref().and_then(|a| {
                if self.list_item(a).is_some() {
                    return Some(None);
                }
                let fields = self.fields_of(a)?;
                fields
                    .iter()
                    .find(|(_, f)| self.list_item(f).is_some())
                    .map(|(name, _)| Some(name.value.clone()))
            });
            // The next link must be a plain field of the answer (paths cannot hold `.`).
            let next_known = answer
                .as_ref()
                .and_then(|a| self.fields_of(a))
                .is_some_and(|f| f.contains(next))
                && !next.contains('.');
            let items = items.filter(|_| next_known);
            match items {
                Some(items) => {
                    let paging = Pagination::NextLink(NextLinkPaging {
                        next: text(next),
                        items: items.map(text),
                    });
                    action.paginate = Some(Spanned::unlocated(paging));
                }
                None => {
                    self.warnings.push(
                        &format!("{}/x-ms-pageable", op.ptr),
                        "the pageable answer has no list of items; kept as an extension",
                    );
                    let pageable = op.op["x-ms-pageable"].clone();
                    action.extensions.insert("x-ms-pageable".into(), pageable);
                }
            }
        }
        if let Some(tags) = op.op.get("tags").and_then(Value::as_array) {
            action.tags = tags
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| !t.is_empty())
                .map(text)
                .collect();
        }
        let handled = ["x-ms-visibility", "x-ms-pageable"];
        self.op_extensions(op, &mut action.extensions, Shape::Action, &handled);
        action
    }
}
