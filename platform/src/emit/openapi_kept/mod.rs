//! What an imported OpenAPI document keeps as written, and how the OpenAPI emitter writes it
//! back.
//!
//! The OpenAPI importer stores what the spec language has no place for at the document's root
//! under the connector's extension [`OPENAPI_ROOT`]: the `openapi` version (a 3.0.x other than
//! the emitter's own), `info` keys other than the title, description, version and contact
//! (`termsOfService`, `license`, `x-…`), the `paths` map's own `x-` keys, the root `tags`
//! list with its descriptions and order, and the security schemes and requirements
//! ([`security`]). The OpenAPI emitter writes
//! them back over what it would otherwise derive.
//!
//! Each operation keeps the answers the spec does not model (errors, `default`, other
//! successes, and the map's own `x-` keys) under [`OPENAPI_RESPONSES`], as written with their
//! `$ref`s inlined; they are
//! written beside the answers the emitter derives, never over them. The kept
//! `tags` replace the derived list whole: OpenAPI lets operations name tags the root does not
//! declare, and the original may have declared fewer or more than its operations use. A
//! parameter keeps its own keys ([`OPENAPI_PARAMETER`]), a schema its keywords without a typed
//! place and its union shape ([`schema()`]).

mod schema;
mod security;

pub use schema::{
    beside_reference, opaque, required_on_itself, schema, without_openapi_keys, IN_PLACE,
    OPENAPI_UNION, SHAPE_KEYWORDS,
};
pub use security::{operation_security, security, Requirements, Schemes, OPENAPI_SECURITY};

use indexmap::IndexMap;
use openapiv3::{MediaType, OpenAPI, ReferenceOr, Response, Responses, Server, StatusCode, Tag};
use serde_json::{Map, Value};

use crate::ir::{Field, Metadata};

/// Connector extension key: OpenAPI root keys kept as written.
pub const OPENAPI_ROOT: &str = "openapi_root";

/// Action or trigger extension key: the OpenAPI answers the spec does not model, by status.
pub const OPENAPI_RESPONSES: &str = "openapi_responses";

/// Connector extension key: `false` when operations get no derived error answers (`default`
/// from the spec's error rule, `429` from its limits); an OpenAPI import writes it, since the
/// original's own answers are kept as written.
pub const DERIVE_ERROR_ANSWERS: &str = "derive_error_answers";

/// Whether the emitter adds the derived error answers.
pub fn derives_error_answers(extensions: &IndexMap<String, Value>) -> bool {
    extensions.get(DERIVE_ERROR_ANSWERS) != Some(&Value::Bool(false))
}

/// The `info` keys the spec language holds itself.
pub const MODELLED_INFO: [&str; 4] = ["title", "description", "version", "contact"];

/// Writes the root keys kept in `extensions` over `doc`.
pub fn apply(doc: &mut OpenAPI, extensions: &IndexMap<String, Value>) {
    let Some(Value::Object(kept)) = extensions.get(OPENAPI_ROOT) else {
        return;
    };
    if let Some(Value::String(version)) = kept.get("openapi") {
        if version.starts_with("3.0.") {
            doc.openapi = version.clone();
        }
    }
    if let Some(Value::Object(info)) = kept.get("info") {
        info_keys(doc, info);
    }
    if let Some(docs) = kept.get("externalDocs") {
        doc.external_docs = serde_json::from_value(docs.clone()).ok();
    }
    // The `paths` map's own `x-` keys.
    if let Some(Value::Object(own)) = kept.get("paths") {
        for (key, value) in own.iter().filter(|(k, _)| k.starts_with("x-")) {
            doc.paths
                .extensions
                .entry(key.clone())
                .or_insert_with(|| value.clone());
        }
    }
    // The servers as written, while the spec's base URL is the one read from them.
    if let Some(servers) = kept
        .get("servers")
        .and_then(|s| serde_json::from_value::<Vec<Server>>(s.clone()).ok())
    {
        let same = |a: &str, b: &str| a.trim_end_matches('/') == b.trim_end_matches('/');
        let derived = doc.servers.first().map(|s| s.url.as_str()).unwrap_or("");
        let read_as = kept.get("base_url").and_then(Value::as_str);
        if read_as.is_some_and(|url| same(url, derived)) {
            doc.servers = servers;
        }
    }
    if let Some(tags) = kept
        .get("tags")
        .and_then(|t| serde_json::from_value::<Vec<Tag>>(t.clone()).ok())
    {
        doc.tags = tags;
    }
}

/// Writes the contact kept as written (with keys the spec has no place for, or a name alone)
/// while the spec's metadata still says what the import read from it: the publisher its name,
/// the website its `http` URL, the contact its e-mail.
pub fn contact(doc: &mut OpenAPI, extensions: &IndexMap<String, Value>, metadata: &Metadata) {
    let Some(kept) = extensions
        .get(OPENAPI_ROOT)
        .and_then(|root| root.pointer("/info/contact"))
    else {
        return;
    };
    let text = |key: &str| kept.get(key).and_then(Value::as_str).map(str::to_owned);
    let website = text("url").filter(|u| u.starts_with("http"));
    let same = metadata.publisher == text("name")
        && metadata.website == website
        && metadata.contact == text("email");
    if let (true, Ok(written)) = (same, serde_json::from_value(kept.clone())) {
        doc.info.contact = Some(written);
    }
}

fn info_keys(doc: &mut OpenAPI, info: &Map<String, Value>) {
    for (key, value) in info {
        match key.as_str() {
            "termsOfService" => doc.info.terms_of_service = value.as_str().map(str::to_owned),
            "license" => doc.info.license = serde_json::from_value(value.clone()).ok(),
            k if k.starts_with("x-") => {
                doc.info.extensions.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
}

/// Adds the answers kept in an operation's `extensions` that `responses` does not have yet.
pub fn responses(responses: &mut Responses, extensions: &IndexMap<String, Value>) {
    let Some(Value::Object(kept)) = extensions.get(OPENAPI_RESPONSES) else {
        return;
    };
    for (code, value) in kept {
        // The map's own `x-` keys.
        if code.starts_with("x-") {
            responses
                .extensions
                .entry(code.clone())
                .or_insert_with(|| value.clone());
            continue;
        }
        let Ok(mut response) = serde_json::from_value::<ReferenceOr<Response>>(value.clone())
        else {
            continue;
        };
        if let (ReferenceOr::Item(response), Some(Value::Object(content))) =
            (&mut response, value.get("content"))
        {
            for (media, entry) in &mut response.content {
                entry.schema = written_schema(content.get(media)).or(entry.schema.take());
            }
        }
        if code == "default" {
            responses.default.get_or_insert(response);
            continue;
        }
        let status = match code.parse::<u16>() {
            Ok(n) => StatusCode::Code(n),
            Err(_) => match code.to_ascii_uppercase().as_bytes() {
                [d @ b'1'..=b'5', b'X', b'X'] => StatusCode::Range(u16::from(d - b'0')),
                _ => continue,
            },
        };
        responses.responses.entry(status).or_insert(response);
    }
}

/// Action extension key: the request body's media types as [`OPENAPI_CONTENT`] keeps an
/// answer's.
pub const OPENAPI_BODY_CONTENT: &str = "openapi_body_content";

/// Action extension key: the modelled answer's keys beside its description, headers and
/// content (`links`, `x-…`), as written.
pub const OPENAPI_ANSWER: &str = "openapi_answer";

/// Action extension key: `true` when the operation had no `operationId` (the action's name was
/// made from its method and path); the OpenAPI emitter writes none.
pub const UNNAMED: &str = "openapi_unnamed";

/// Action extension key: `true` when the operation declared no success answer (only
/// `default`, or errors); the OpenAPI emitter then adds none while the action's answer says
/// nothing either.
pub const NO_SUCCESS: &str = "openapi_no_success";

/// Action extension key: the operation's keys the spec language has no place for, other than
/// `x-` keys (`externalDocs`, `servers`, `callbacks`), as written with `$ref`s inlined.
pub const OPENAPI_OPERATION: &str = "openapi_operation";

/// Action extension key: the keys of the operation's path item other than its operations and
/// parameters (`summary`, `servers`, `x-…`), as written; the first action of the item writes
/// them.
pub const OPENAPI_PATH_ITEM: &str = "openapi_path_item_keys";

/// The operation keys the spec language holds itself.
pub const MODELLED_OPERATION_KEYS: [&str; 9] = [
    "tags",
    "summary",
    "description",
    "operationId",
    "parameters",
    "requestBody",
    "responses",
    "deprecated",
    "security",
];

/// The methods of a path item.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The keys of an operation and of its path item kept as written ([`OPENAPI_OPERATION`],
/// [`OPENAPI_PATH_ITEM`]) and the operation's `x-` keys, for the emitter to write beside what
/// it derives (never over it).
pub fn operation_keys(
    extensions: &IndexMap<String, Value>,
) -> (IndexMap<String, Value>, IndexMap<String, Value>) {
    let mut operation: IndexMap<String, Value> = extensions
        .iter()
        .filter(|(k, _)| k.starts_with("x-"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Some(Value::Object(kept)) = extensions.get(OPENAPI_OPERATION) {
        operation.extend(kept.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    let item = match extensions.get(OPENAPI_PATH_ITEM) {
        Some(Value::Object(kept)) => kept.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        _ => IndexMap::new(),
    };
    (operation, item)
}

/// Action extension key: the media types of the modelled answer the spec does not model (or
/// all of them, for an answer that cannot carry content), and the modelled one's keys beside
/// its schema (with the schema, when the spec reads the answer as text or bytes), as written
/// with `$ref`s inlined.
pub const OPENAPI_CONTENT: &str = "openapi_content";

/// Parameter extension key: the parameter's own keys as written that the spec language has no
/// place for (`allowEmptyValue`, `x-…` keys, an example beside the schema's own), written back
/// on the parameter by the OpenAPI emitter.
pub const OPENAPI_PARAMETER: &str = "openapi_parameter";

/// Parameter extension key: `true` when the parameter's typed example was written on the
/// parameter rather than on its schema, where the OpenAPI emitter otherwise writes it.
pub const PARAMETER_EXAMPLE: &str = "openapi_parameter_example";

/// Parameter extension key: `true` when the parameter's description was written on its
/// schema only, where the OpenAPI emitter then writes it (rather than on the parameter).
pub const SCHEMA_DESCRIPTION: &str = "openapi_schema_description";

/// Parameter extension key: `true` on a parameter the original declared on its path item
/// (shared by the item's operations), where the OpenAPI emitter declares it again; or, on an
/// operation's parameter that redeclares one of its path item's, the item's as written
/// (`parameter`) with its place in the item's list (`index`), which the OpenAPI emitter writes
/// on the item while the operation has the parameter.
pub const PATH_ITEM_PARAMETER: &str = "openapi_path_item";

/// The parameters of a path item, in the order the original listed them: those an action
/// declares on the item only (`true` in [`PATH_ITEM_PARAMETER`], written by `derive`) fill the
/// places the redeclared ones (written as kept) leave, in the action's order.
pub fn item_parameters(
    params: &[&crate::ir::Param],
    derive: impl Fn(&crate::ir::Param) -> ReferenceOr<openapiv3::Parameter>,
) -> Vec<ReferenceOr<openapiv3::Parameter>> {
    let mut placed: Vec<(usize, ReferenceOr<openapiv3::Parameter>)> = Vec::new();
    let mut only_on_item = Vec::new();
    for p in params {
        match p.field.extensions.get(PATH_ITEM_PARAMETER) {
            Some(Value::Bool(true)) => only_on_item.push(derive(p)),
            Some(Value::Object(kept)) => {
                let index = kept.get("index").and_then(Value::as_u64);
                let parsed = kept
                    .get("parameter")
                    .and_then(|w| serde_json::from_value(w.clone()).ok());
                if let (Some(index), Some(parsed)) = (index, parsed) {
                    placed.push((usize::try_from(index).unwrap_or(usize::MAX), parsed));
                }
            }
            _ => {}
        }
    }
    placed.sort_by_key(|(i, _)| *i);
    let mut out = Vec::new();
    let mut only = only_on_item.into_iter();
    let mut placed = placed.into_iter().peekable();
    loop {
        let next = match placed.peek() {
            Some((i, _)) if *i <= out.len() => placed.next().map(|(_, p)| p),
            _ => only.next(),
        };
        match next {
            Some(p) => out.push(p),
            None => {
                out.extend(placed.map(|(_, p)| p));
                return out;
            }
        }
    }
}

/// Action extension key: the cookie parameters of the operation (`operation`) and of its path
/// item (`item`), as written: the spec has no cookies, and the OpenAPI emitter writes them
/// back where they were declared.
pub const OPENAPI_COOKIES: &str = "openapi_cookie_parameters";

/// The cookie parameters kept under [`OPENAPI_COOKIES`] for `place` (`item` or `operation`).
pub fn cookies(
    extensions: &IndexMap<String, Value>,
    place: &str,
) -> Vec<ReferenceOr<openapiv3::Parameter>> {
    extensions
        .get(OPENAPI_COOKIES)
        .and_then(|c| c.get(place))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| serde_json::from_value(p.clone()).ok())
        .collect()
}

/// Parameter extension key: `true` on a path parameter an import added for a placeholder the
/// document did not declare; the OpenAPI emitter leaves it undeclared, as it was.
pub const UNDECLARED: &str = "openapi_undeclared";

/// The keys of an OpenAPI parameter the spec language holds itself.
pub const MODELLED_PARAMETER_KEYS: [&str; 8] = [
    "name",
    "in",
    "required",
    "description",
    "deprecated",
    "schema",
    "content",
    "example",
];

/// A parameter's field split for the OpenAPI emitter: the field whose schema is written (its
/// kept keys that belong to the parameter removed, its example when that was written on the
/// parameter, its description moved among its kept keys when it was written on the schema),
/// the parameter's example, and the parameter's own kept keys.
pub fn parameter_parts(field: &Field) -> (Field, Option<Value>, IndexMap<String, Value>) {
    let mut f = field.clone();
    let mut own: IndexMap<String, Value> = match f.extensions.shift_remove(OPENAPI_PARAMETER) {
        Some(Value::Object(map)) => map.into_iter().collect(),
        _ => IndexMap::new(),
    };
    for (key, value) in &own {
        if f.extensions.get(key) == Some(value) {
            f.extensions.shift_remove(key);
        }
    }
    let mut example = own.shift_remove("example");
    if f.extensions.shift_remove(SCHEMA_DESCRIPTION) == Some(Value::Bool(true)) {
        if let Some(d) = f.description.take() {
            f.extensions.insert("description".into(), Value::String(d));
        }
    }
    if f.extensions.shift_remove(PARAMETER_EXAMPLE) == Some(Value::Bool(true)) {
        example = f.example.take().or(example);
    }
    (f, example, own)
}

/// A parameter's or header's `schema`, or, when an import kept the `content` it was written in
/// (removed from `own`), that content's one media type with `schema` in it.
pub fn schema_or_content(
    schema: ReferenceOr<openapiv3::Schema>,
    own: &mut IndexMap<String, Value>,
) -> openapiv3::ParameterSchemaOrContent {
    use openapiv3::ParameterSchemaOrContent as Format;
    let kept = match own.get("content") {
        Some(Value::Object(content)) if content.len() == 1 => content.iter().next(),
        _ => None,
    };
    let parsed = kept.and_then(|(media, entry)| {
        let parsed = serde_json::from_value::<MediaType>(entry.clone()).ok()?;
        Some((media.clone(), parsed))
    });
    let Some((media, mut entry)) = parsed else {
        return Format::Schema(schema);
    };
    own.shift_remove("content");
    entry.schema = Some(schema);
    Format::Content([(media, entry)].into_iter().collect())
}

/// Adds the media types kept under [`OPENAPI_CONTENT`] and the keys kept under
/// [`OPENAPI_ANSWER`] to the answer with `status`.
pub fn content(responses: &mut Responses, status: u16, extensions: &IndexMap<String, Value>) {
    let Some(ReferenceOr::Item(response)) = responses.responses.get_mut(&StatusCode::Code(status))
    else {
        return;
    };
    if let Some(Value::Object(kept)) = extensions.get(OPENAPI_CONTENT) {
        merge_content(&mut response.content, kept);
    }
    if let Some(Value::Object(kept)) = extensions.get(OPENAPI_ANSWER) {
        for (key, value) in kept {
            // A written empty `content` holds while the answer has none.
            if key == "content" && !response.content.is_empty() {
                continue;
            }
            response
                .extensions
                .entry(key.clone())
                .or_insert(value.clone());
        }
    }
}

/// Adds the media types kept under [`OPENAPI_BODY_CONTENT`] to a request body's.
pub fn body_content(
    content: &mut IndexMap<String, MediaType>,
    extensions: &IndexMap<String, Value>,
) {
    if let Some(Value::Object(kept)) = extensions.get(OPENAPI_BODY_CONTENT) {
        merge_content(content, kept);
    }
}

/// The schema of a media type entry kept as written, written with exactly its keys (a typed
/// reading drops those `openapiv3` has no field for, such as `xml`).
fn written_schema(entry: Option<&Value>) -> Option<ReferenceOr<openapiv3::Schema>> {
    let schema = entry?.get("schema")?.as_object()?;
    Some(ReferenceOr::Item(opaque(schema.clone())))
}

/// Adds kept media types to `content`; a kept entry for a media type `content` has sets its
/// keys beside the schema, and its schema when kept.
fn merge_content(content: &mut IndexMap<String, MediaType>, kept: &Map<String, Value>) {
    for (media, value) in kept {
        let Ok(mut parsed) = serde_json::from_value::<MediaType>(value.clone()) else {
            continue;
        };
        parsed.schema = written_schema(Some(value)).or(parsed.schema);
        // `openapiv3` writes an encoding's absent `contentType` as `null`: kept as written.
        parsed.encoding = IndexMap::new();
        if let Some(encoding) = value.get("encoding") {
            parsed
                .extensions
                .insert("encoding".into(), encoding.clone());
        }
        match content.get_mut(media) {
            // The modelled media type: its keys beside the schema, and its schema when kept.
            Some(derived) => {
                // A kept `schema: null` (none was written) holds while the derived schema
                // says only "any value".
                let unwritten = value.get("schema") == Some(&Value::Null);
                let any = derived
                    .schema
                    .as_ref()
                    .and_then(|s| serde_json::to_value(s).ok())
                    .is_some_and(|s| s == Value::Object(Map::new()));
                if value.get("schema").is_some() && (!unwritten || any) {
                    derived.schema = parsed.schema;
                }
                derived.example = parsed.example;
                derived.examples = parsed.examples;
                derived.encoding = parsed.encoding;
                derived.extensions = parsed.extensions;
            }
            None => {
                content.insert(media.clone(), parsed);
            }
        }
    }
}
