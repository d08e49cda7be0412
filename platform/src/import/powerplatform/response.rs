//! An operation's modelled answer: `returns`, or `response` when more must be said.

use codegen::spec::{ResponseDef, ResponseEncoding, Spanned, TypeDef};
use indexmap::IndexMap;
use serde_json::Value;

use crate::import::escape;
use crate::import::typed::text;

use super::importer::{Importer, Op};
use super::model::{fields_or_type, list_style, named, ListStyle};

impl<'a> Importer<'a> {
    /// The successful answer: `returns: T`, or `response:` when more must be said.
    pub(super) fn response(&mut self, op: &Op) -> (Option<TypeDef>, Option<ResponseDef>) {
        let Some((code, r)) = self.chosen_response(op) else {
            return (None, None);
        };
        let ptr = format!("{}/responses/{}", op.ptr, escape(code));
        let r = self.schemas.resolve(r).clone();
        let status: u16 = code
            .parse()
            .ok()
            .filter(|s| (200..300).contains(s))
            .unwrap_or(200);
        let mut out = ResponseDef {
            status: (status != 200).then(|| Spanned::unlocated(status)),
            ..ResponseDef::default()
        };
        let produces = self.produces(op);
        let mut ty: Option<TypeDef> = None;
        if let Some(schema) = r.get("schema") {
            let resolved = self.schemas.resolve(schema);
            let binary = resolved.get("format").and_then(Value::as_str) == Some("binary")
                || resolved.get("type").and_then(Value::as_str) == Some("file");
            if binary {
                out.encoding = Some(Spanned::unlocated(ResponseEncoding::Binary));
                ty = self.labelled_binary(schema);
                out.content_type = produces
                    .first()
                    .filter(|c| !c.contains("json") && *c != "application/octet-stream")
                    .map(text);
            } else {
                ty = Some(self.convert(schema, &format!("{ptr}/schema")));
            }
        }
        let description = r.get("description").and_then(Value::as_str).unwrap_or("");
        // As written: the emitter's own word for an answer without one is `Success`.
        if !description.trim().is_empty() && description != "Success" {
            out.description = Some(text(description));
        }
        // An empty `headers` still says more than the type.
        let headers = r.get("headers").and_then(Value::as_object);
        if let Some(headers) = headers {
            let mut hs = IndexMap::new();
            for (name, h) in headers {
                let def = self.convert(h, &format!("{ptr}/headers/{}", escape(name)));
                hs.insert(name.clone(), with_array_style(def, h));
            }
            out.headers = named(hs);
        }
        let said = out.status.is_some()
            || out.encoding.is_some()
            || out.content_type.is_some()
            || out.description.is_some()
            || headers.is_some();
        if !said && ty.is_some() {
            return (ty, None);
        }
        if let Some(ty) = ty {
            (out.fields, out.type_def) = fields_or_type(ty);
        }
        (None, Some(out))
    }
}

/// An answer header's definition with its list style.
pub(super) fn with_array_style(mut def: TypeDef, header: &Value) -> TypeDef {
    match header.as_object().and_then(list_style) {
        Some(ListStyle::Word(style)) => def.body.array_style = Some(Spanned::unlocated(style)),
        Some(ListStyle::Kept(cf)) => {
            def.body
                .extensions
                .insert("collectionFormat".into(), cf.clone());
        }
        None => {}
    }
    def
}
