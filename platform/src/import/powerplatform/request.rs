//! An operation's request: its line, parameters, form fields and body.

use codegen::spec::{
    BodyDef, BodyEncoding, ParamLocation, Spanned, TypeBody, TypeDef, UrlEncoding,
};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use crate::check::{encode_spaces_outside_placeholders, has_space_outside_placeholders};
use crate::import::non_blank;
use crate::import::typed::{text, type_def};

use super::importer::{Importer, Op};
use super::model::{
    array_style, empty_body, fields_or_type, list_style, named, visibility, ListStyle,
};

impl<'a> Importer<'a> {
    /// Params, body and the request line of an operation.
    pub(super) fn request(
        &mut self,
        op: &Op,
    ) -> (IndexMap<String, TypeDef>, Option<BodyDef>, String) {
        let params = self.parameters(op);
        let placeholders: Vec<String> = placeholders(&op.path);
        let mut path = op.path.clone();
        let mut out = IndexMap::new();
        let mut body: Option<BodyDef> = None;
        let mut form = IndexMap::new();
        let mut multipart = false;
        let mut body_param: Option<&Map<String, Value>> = None;
        for (p, ptr) in &params {
            let name = p["name"].as_str().unwrap_or_default().to_owned();
            let mut location = p["in"].as_str().unwrap_or_default().to_owned();
            match location.as_str() {
                "body" => {
                    if body.is_some() {
                        self.warnings
                            .push(ptr, "a second body parameter; kept as written");
                        self.unplaced
                            .push(self.schemas.inline(&Value::Object(p.clone())));
                        continue;
                    }
                    body_param = Some(p);
                    body = Some(self.body(p, ptr, op));
                    self.keep_body_keys(p);
                    continue;
                }
                "formData" => {
                    if p.get("type").and_then(Value::as_str) == Some("file") {
                        multipart = true;
                    }
                    let def = self.form_field(p, ptr);
                    form.insert(name, def);
                    continue;
                }
                "path" if !placeholders.contains(&name) => {
                    self.warnings.push(ptr, format!("path parameter `{name}` is not in the path `{}`; read as a query parameter", op.path));
                    location = "query".into();
                }
                "path" | "query" | "header" => {}
                other => {
                    self.warnings.push(
                        ptr,
                        format!("parameter location `{other}` is not supported; kept as written"),
                    );
                    self.unplaced
                        .push(self.schemas.inline(&Value::Object(p.clone())));
                    continue;
                }
            }
            let is_placeholder = placeholders.contains(&name);
            let (key, def) = self.simple_param(p, ptr, &location, is_placeholder, &out);
            out.insert(key, def);
        }
        self.undeclared_placeholders(op, &placeholders, &mut out);
        if !form.is_empty() {
            if body.is_some() {
                self.warnings.push(
                    &op.ptr,
                    "both a body and form fields; the form fields are ignored",
                );
            } else {
                body = Some(self.form_body(op, form, multipart));
            }
        }
        if has_space_outside_placeholders(&path) {
            self.warnings
                .push(&op.ptr, "the path contains white space; written as %20");
            path = encode_spaces_outside_placeholders(&path);
        }
        let line = format!("{} {}", op.method.to_ascii_uppercase(), path);
        if body.is_some() && matches!(op.method.as_str(), "get" | "head") {
            self.keep_get_body(op, body_param);
            body = None;
        }
        (out, body, line)
    }

    /// The body of form fields `form` (multipart when a field is a file or the operation
    /// consumes multipart).
    pub(super) fn form_body(
        &mut self,
        op: &Op,
        form: IndexMap<String, TypeDef>,
        multipart: bool,
    ) -> BodyDef {
        let multipart = multipart || self.consumes(op).iter().any(|c| c.contains("multipart"));
        let encoding = if multipart {
            BodyEncoding::Multipart
        } else {
            BodyEncoding::Form
        };
        BodyDef {
            encoding: Some(Spanned::unlocated(encoding)),
            fields: Some(named(form)),
            ..empty_body()
        }
    }

    /// A GET or HEAD's body parameter, which the spec cannot say: kept as written.
    pub(super) fn keep_get_body(&mut self, op: &Op, body_param: Option<&Map<String, Value>>) {
        self.warnings.push(
            &op.ptr,
            "a GET or HEAD request with a body; the spec cannot say it, so the body parameter is kept as written",
        );
        if let Some(p) = body_param {
            self.unplaced
                .push(self.schemas.inline(&Value::Object(p.clone())));
        }
    }

    /// The body parameter `p`'s keys the spec has no place for, kept as written: labels the
    /// spec holds are read; a blank one, or a visibility the spec has no word for, rides along.
    pub(super) fn keep_body_keys(&mut self, p: &Map<String, Value>) {
        let typed_label = |k: &str, v: &Value| match k {
            "description" | "x-ms-summary" => non_blank(Some(v)).is_some(),
            "x-ms-visibility" => v.as_str().and_then(visibility).is_some(),
            _ => false,
        };
        let extra: Map<String, Value> = p
            .iter()
            .filter(|(k, v)| {
                !matches!(k.as_str(), "name" | "in" | "required" | "schema") && !typed_label(k, v)
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !extra.is_empty() {
            self.body_keys = Some(Value::Object(extra));
        }
    }

    /// A form field's definition.
    pub(super) fn form_field(&mut self, p: &Map<String, Value>, ptr: &str) -> TypeDef {
        let mut def = self.param_def(p, ptr);
        if p.get("required") == Some(&json!(true)) {
            def.body.required = Some(Spanned::unlocated(true));
        }
        if let Some(style) = p
            .get("collectionFormat")
            .and_then(Value::as_str)
            .and_then(array_style)
        {
            def.body.array_style = Some(Spanned::unlocated(style));
        }
        def
    }

    /// A path, query or header parameter travelling in `location`, keyed by its name (with
    /// the location appended when `taken` already holds the name). What the converted
    /// definition says itself stands.
    pub(super) fn simple_param(
        &mut self,
        p: &Map<String, Value>,
        ptr: &str,
        location: &str,
        is_placeholder: bool,
        taken: &IndexMap<String, TypeDef>,
    ) -> (String, TypeDef) {
        let name = p["name"].as_str().unwrap_or_default();
        let mut def = self.param_def(p, ptr);
        let body = &mut def.body;
        let mut key = name.to_owned();
        if taken.contains_key(&key) {
            key = format!("{name}_{location}");
            body.name = body.name.take().or_else(|| Some(text(name)));
        }
        if location != "query" || is_placeholder {
            let at = match location {
                "path" => ParamLocation::Path,
                "header" => ParamLocation::Header,
                _ => ParamLocation::Query,
            };
            body.location = body.location.take().or(Some(Spanned::unlocated(at)));
        }
        if location == "path" || p.get("required") == Some(&json!(true)) {
            body.required = body.required.take().or(Some(Spanned::unlocated(true)));
        }
        // As written, `single` included: without `--fix` the emitter writes only these.
        let encoding = match p.get("x-ms-url-encoding").and_then(Value::as_str) {
            Some("single") => Some(UrlEncoding::Single),
            Some("double") => Some(UrlEncoding::Double),
            _ => None,
        };
        if let Some(encoding) = encoding {
            body.url_encoding = body
                .url_encoding
                .take()
                .or(Some(Spanned::unlocated(encoding)));
        }
        match list_style(p) {
            Some(ListStyle::Word(style)) => {
                body.array_style = body.array_style.take().or(Some(Spanned::unlocated(style)));
            }
            Some(ListStyle::Kept(cf)) => {
                body.extensions
                    .insert("collectionFormat".into(), cf.clone());
            }
            None => {}
        }
        (key, def)
    }

    /// Adds a required string parameter for each path placeholder nobody declared.
    pub(super) fn undeclared_placeholders(
        &mut self,
        op: &Op,
        placeholders: &[String],
        out: &mut IndexMap<String, TypeDef>,
    ) {
        for name in placeholders {
            let declared = out.iter().any(|(key, d)| {
                let wire = d
                    .body
                    .name
                    .as_ref()
                    .map_or(key.as_str(), |n| n.value.as_str());
                let location = d.body.location.as_ref().map(|l| l.value);
                wire == name && location == Some(ParamLocation::Path)
            });
            if !declared && !self.connection.contains_key(name) {
                self.warnings.push(&op.ptr, format!("path placeholder `{{{name}}}` has no parameter; a required string parameter is added"));
                let def = TypeBody {
                    location: Some(Spanned::unlocated(ParamLocation::Path)),
                    type_name: Some(text("string")),
                    required: Some(Spanned::unlocated(true)),
                    ..TypeBody::default()
                };
                out.insert(name.clone(), type_def(def));
            }
        }
    }

    /// A non-body parameter's type definition (without `in`, `name`, `required`).
    pub(super) fn param_def(&mut self, p: &Map<String, Value>, ptr: &str) -> TypeDef {
        let mut schema = p.clone();
        for key in [
            "name",
            "in",
            "required",
            "collectionFormat",
            "x-ms-url-encoding",
            "allowEmptyValue",
        ] {
            schema.remove(key);
        }
        // Said of the parameter, not of its value: rides along as written.
        let allow_empty = p.get("allowEmptyValue").cloned();
        if let Some(inner) = schema.remove("schema") {
            if let Some(obj) = self.schemas.resolve(&inner).as_object() {
                for (k, v) in obj {
                    schema.entry(k.clone()).or_insert(v.clone());
                }
            }
        }
        if !schema.contains_key("type") && !schema.contains_key("$ref") {
            schema.insert("type".into(), json!("string"));
        }
        let mut def = self.convert(&Value::Object(schema), ptr);
        // A parameter writes no labels of enum values of its own: they ride along as written.
        let kept = [
            ("x-ms-enum-values", p.get("x-ms-enum-values").cloned()),
            ("allowEmptyValue", allow_empty),
        ];
        for (key, value) in kept {
            if let Some(value) = value {
                def.body.extensions.insert(key.into(), value);
            }
        }
        def
    }

    /// The body of a body parameter `p`: its type (or `fields`), encoding, content type and
    /// labels.
    pub(super) fn body(&mut self, p: &Map<String, Value>, ptr: &str, op: &Op) -> BodyDef {
        let mut out = empty_body();
        let consumes = self.consumes(op);
        let schema = p.get("schema").cloned().unwrap_or_else(|| {
            self.warnings
                .push(ptr, "a body parameter without a schema; read as any value");
            json!({})
        });
        let mut def = Some(self.convert(&schema, &format!("{ptr}/schema")));
        let resolved = self.schemas.resolve(&schema);
        let binary = resolved.get("format").and_then(Value::as_str) == Some("binary")
            || resolved.get("type").and_then(Value::as_str) == Some("file");
        let content_type = consumes.first().cloned();
        if binary && !content_type.as_deref().is_some_and(|c| c.contains("json")) {
            out.encoding = Some(Spanned::unlocated(BodyEncoding::Binary));
            def = self.labelled_binary(&schema);
            out.content_type = content_type
                .filter(|c| c != "application/octet-stream")
                .map(text);
        } else if let Some(ct) = content_type.filter(|c| !c.contains("json") && !c.is_empty()) {
            out.content_type = Some(text(ct));
        }
        if let Some(def) = def {
            (out.fields, out.type_def) = fields_or_type(def);
        }
        let name = p.get("name").and_then(Value::as_str).unwrap_or("body");
        if name != "body" {
            out.name = Some(text(name));
        }
        if p.get("required") != Some(&json!(true)) {
            out.required = Some(Spanned::unlocated(false));
        }
        out.summary = non_blank(p.get("x-ms-summary")).map(text);
        out.description = non_blank(p.get("description")).map(text);
        out.visibility = p
            .get("x-ms-visibility")
            .and_then(Value::as_str)
            .and_then(visibility);
        out
    }

    /// `type: binary` with the designer labels of a binary schema, `None` when it has none (the
    /// encoding alone then says it).
    pub(super) fn labelled_binary(&self, schema: &Value) -> Option<TypeDef> {
        let resolved = self.schemas.resolve(schema);
        let label = |key: &str| non_blank(schema.get(key).or_else(|| resolved.get(key)));
        let mut out = TypeBody {
            type_name: Some(text("binary")),
            summary: label("x-ms-summary").map(text),
            description: label("description").map(text),
            visibility: label("x-ms-visibility").and_then(visibility),
            ..TypeBody::default()
        };
        // Everything else (a title, documentation, extensions, a blank label) rides along as
        // written; the type and format say "binary" to the emitter.
        let read = |key: &str| match key {
            "type" | "format" | "$ref" => true,
            "x-ms-summary" => out.summary.is_some(),
            "description" => out.description.is_some(),
            "x-ms-visibility" => out.visibility.is_some(),
            _ => false,
        };
        let mut kept = IndexMap::new();
        for source in [resolved, schema] {
            for (key, value) in source.as_object().into_iter().flatten() {
                if !read(key) {
                    kept.insert(key.clone(), value.clone());
                }
            }
        }
        out.extensions = kept;
        let labelled = out.summary.is_some()
            || out.description.is_some()
            || out.visibility.is_some()
            || !out.extensions.is_empty();
        labelled.then(|| type_def(out))
    }
}

/// The `{placeholders}` of a path.
pub(super) fn placeholders(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !name.is_empty() && !out.contains(&name.to_owned()) {
            out.push(name.to_owned());
        }
        rest = &after[end + 1..];
    }
    out
}
