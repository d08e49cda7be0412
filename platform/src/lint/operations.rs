//! Rules about operations: ids, summaries, responses, paths, triggers and paging.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::{JsonPath, RuleName, Sink};
use crate::json_field::Field;
use crate::powerplatform::vocabulary::{ParamIn, TriggerKind, Visibility};
use crate::route_tree::{RouteTree, Segment};

/// The HTTP methods a path item may hold.
pub(super) const METHODS: &[&str] = &["get", "put", "post", "patch", "delete", "head", "options"];

/// One operation of the document.
pub(super) struct Op<'a> {
    /// Its path template.
    pub path_key: &'a str,
    /// Its method, lower-case.
    pub method: &'a str,
    /// The JSON path of the operation object.
    pub path: JsonPath<'a>,
    /// The operation object.
    pub operation: &'a Value,
    /// The path item holding it.
    pub item: &'a Value,
}

/// Every operation in document order.
pub(super) fn all(doc: &Value) -> Vec<Op<'_>> {
    let mut out = Vec::new();
    let Some(paths) = doc.field("paths").and_then(Value::as_object) else {
        return out;
    };
    for (key, item) in paths {
        if !key.starts_with('/') && !key.starts_with("x-") {
            continue;
        }
        for method in METHODS {
            if let Some(operation) = item.field(method).filter(|o| o.is_object()) {
                out.push(Op {
                    path_key: key,
                    method,
                    path: JsonPath::root().key("paths").key(key).key(method),
                    operation,
                    item,
                });
            }
        }
    }
    out
}

/// The operation's parameters merged with its path item's (by name and location).
pub(super) fn parameters<'a>(doc: &'a Value, op: &Op<'a>) -> Vec<(JsonPath<'a>, &'a Value)> {
    let mut out: Vec<(JsonPath, &'a Value)> = Vec::new();
    let resolve = |p: &'a Value| -> &'a Value {
        match p.field("$ref").and_then(Value::as_str) {
            Some(r) => r
                .strip_prefix('#')
                .and_then(|ptr| doc.pointer(ptr))
                .unwrap_or(p),
            None => p,
        }
    };
    if let Some(list) = op.operation.field("parameters").and_then(Value::as_array) {
        for (i, p) in list.iter().enumerate() {
            out.push((op.path.key("parameters").index(i), resolve(p)));
        }
    }
    let item_path = JsonPath::root()
        .key("paths")
        .key(op.path_key)
        .key("parameters");
    if let Some(list) = op.item.field("parameters").and_then(Value::as_array) {
        // An operation's own parameter overrides the path item's of the same name and place,
        // and the first of two alike on the path item wins.
        let key = |p: &Value| {
            (
                p.field("name").map(Value::to_string),
                p.field("in").map(Value::to_string),
            )
        };
        let mut taken: std::collections::HashSet<_> = out.iter().map(|(_, p)| key(p)).collect();
        for (i, p) in list.iter().enumerate() {
            let p = resolve(p);
            if taken.insert(key(p)) {
                out.push((item_path.index(i), p));
            }
        }
    }
    out
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.field(key).and_then(Value::as_str)
}

/// The template with variable names blanked and case folded, for duplicate detection.
fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("{}");
                }
            }
            '}' => depth -= 1,
            c if depth == 0 => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out.trim_end_matches('/').to_owned()
}

pub(super) fn check(doc: &Value, sink: &mut Sink<'_>) {
    let ops = all(doc);
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for op in &ops {
        if let Some(id) = str_of(op.operation, "operationId") {
            *ids.entry(id).or_default() += 1;
        }
    }
    let mut reported = HashSet::new();
    let mut shapes: HashMap<(String, &str), &str> = HashMap::new();
    for op in &ops {
        identity(op, &ids, &mut reported, sink);
        summary(op, sink);
        responses(op, sink);
        path_template(op, sink);
        let key = (shape(op.path_key), op.method);
        if let Some(first) = shapes.get(&key) {
            if *first != op.path_key {
                sink.report(
                    RuleName::DuplicateOperationPath,
                    &op.path,
                    format!(
                        "`{} {}` cannot be told apart from `{}`",
                        op.method.to_uppercase(),
                        op.path_key,
                        first
                    ),
                );
            }
        } else {
            shapes.insert(key, op.path_key);
        }
        let params = parameters(doc, op);
        body_and_paging(doc, op, &params, sink);
        trigger(doc, op, &params, sink);
    }
    partial_duplicates(&ops, sink);
    paths_differing_in_case(doc, sink);
}

/// Bodies: none on GET, and `consumes` beside one; `x-ms-pageable`'s next link name.
fn body_and_paging(doc: &Value, op: &Op<'_>, params: &[(JsonPath, &Value)], sink: &mut Sink<'_>) {
    let o = op.operation;
    let has_body = params.iter().any(|(_, p)| {
        matches!(
            ParamIn::read(p, "in"),
            Some(ParamIn::Body | ParamIn::FormData)
        )
    });
    if op.method == "get" && has_body {
        sink.report(
            RuleName::BodyOrFormDataParameterInFetchOperationNotAllowed,
            &op.path,
            "a GET operation has a body or form data parameter",
        );
    }
    let consumes = o.field("consumes").or_else(|| doc.field("consumes"));
    if has_body
        && consumes
            .and_then(Value::as_array)
            .is_none_or(|c| c.is_empty())
    {
        sink.report(
            RuleName::ConsumesMissing,
            &op.path,
            "the operation has a body but no `consumes`",
        );
    }
    if let Some(next) = o.pointer("/x-ms-pageable/nextLinkName") {
        let name = next.as_str().unwrap_or("");
        if name != "nextLink" && name != "@odata.nextLink" {
            sink.report(
                RuleName::InvalidNextLinkNameValue,
                &op.path.key("x-ms-pageable").key("nextLinkName"),
                format!("`{name}` is neither nextLink nor @odata.nextLink"),
            );
        }
    }
}

/// No two paths differ only in letter case.
fn paths_differing_in_case(doc: &Value, sink: &mut Sink<'_>) {
    let mut seen: HashMap<String, &str> = HashMap::new();
    if let Some(paths) = doc.field("paths").and_then(Value::as_object) {
        for key in paths.keys().filter(|k| k.starts_with('/')) {
            if let Some(other) = seen.insert(key.to_lowercase(), key) {
                sink.report(
                    RuleName::PathRedefined,
                    &JsonPath::root().key("paths").key(key),
                    format!("`{key}` differs from `{other}` only in letter case"),
                );
            }
        }
    }
}

fn identity(
    op: &Op<'_>,
    ids: &HashMap<&str, usize>,
    reported: &mut HashSet<String>,
    sink: &mut Sink<'_>,
) {
    let Some(id) = str_of(op.operation, "operationId") else {
        sink.report(
            RuleName::OperationIdRequired,
            &op.path,
            "the operation has no operationId",
        );
        return;
    };
    let at = op.path.key("operationId");
    if ids.get(id).copied().unwrap_or(0) > 1 && reported.insert(id.to_owned()) {
        sink.report(
            RuleName::OperationIdNotUnique,
            &at,
            format!("operationId `{id}` is used by more than one operation"),
        );
    }
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        sink.report(
            RuleName::OperationIdSanitized,
            &at,
            format!("operationId `{id}` has characters other than letters, digits and _"),
        );
    } else if !id.starts_with(|c: char| c.is_ascii_uppercase()) || id.contains('_') {
        sink.report(
            RuleName::OperationIdNotPascalCase,
            &at,
            format!("operationId `{id}` is not PascalCase"),
        );
    }
    if id.chars().count() >= 128 {
        sink.report(
            RuleName::OperationIdTooLong,
            &at,
            "the operationId has 128 characters or more",
        );
    }
}

fn summary(op: &Op<'_>, sink: &mut Sink<'_>) {
    let internal = Visibility::read(op.operation, "x-ms-visibility") == Some(Visibility::Internal);
    let Some(summary) = str_of(op.operation, "summary") else {
        if !internal {
            sink.report(
                RuleName::OperationSummaryMissing,
                &op.path,
                "the operation has no summary",
            );
        }
        return;
    };
    let at = op.path.key("summary");
    let length = summary.chars().count();
    if length > 80 {
        sink.report(
            RuleName::OperationSummaryTooLong,
            &at,
            format!("the summary has {length} characters; at most 80 are allowed"),
        );
    }
    if let Some(last) = summary.trim_end().chars().last() {
        if !last.is_alphanumeric() && last != ')' {
            sink.report(
                RuleName::ValueMustEndWithAlphanumeric,
                &at,
                format!("the summary ends with `{last}`"),
            );
        }
    }
}

fn responses(op: &Op<'_>, sink: &mut Sink<'_>) {
    let Some(responses) = op.operation.field("responses").and_then(Value::as_object) else {
        sink.report(
            RuleName::OperationMustHaveResponse,
            &op.path,
            "the operation defines no response",
        );
        return;
    };
    let at = op.path.key("responses");
    let codes: Vec<&String> = responses.keys().filter(|k| !k.starts_with("x-")).collect();
    if codes.is_empty() {
        sink.report(
            RuleName::OperationMustHaveResponse,
            &at,
            "the operation defines no response",
        );
        return;
    }
    for code in &codes {
        let valid = code.as_str() == "default"
            || (code.len() == 3 && code.chars().all(|c| c.is_ascii_digit()));
        if !valid {
            sink.report(
                RuleName::ResponseMustBeDefaultOrHttpStatusCode,
                &at.key(code),
                format!("`{code}` is neither a status code nor default"),
            );
        }
    }
    if !codes.iter().any(|c| c.starts_with('2')) && !codes.iter().any(|c| *c == "default") {
        sink.report(
            RuleName::OperationShouldHaveSuccessfulResponse,
            &at,
            "no 2xx response is defined",
        );
    }
    let with_schema: Vec<&&String> = codes
        .iter()
        .filter(|c| responses[c.as_str()].field("schema").is_some())
        .collect();
    if with_schema.len() > 1 {
        sink.report(
            RuleName::OperationHasManyResponsesWithSchema,
            &at,
            "more than one response has a schema; the designer uses one",
        );
    }
    if responses
        .field("default")
        .and_then(|d| d.field("schema"))
        .is_some()
    {
        sink.report(
            RuleName::DefaultResponseHasSchema,
            &at.key("default"),
            "the default response has a schema",
        );
    }
    outputs_described(op, responses, &codes, &at, sink);
}

/// The designer has outputs to show: a schema on the 200 or 201 answer, in the webhook's
/// notification content, or an answer that says it returns nothing.
fn outputs_described(
    op: &Op<'_>,
    responses: &serde_json::Map<String, Value>,
    codes: &[&String],
    at: &JsonPath,
    sink: &mut Sink<'_>,
) {
    let webhook = TriggerKind::read(op.operation, "x-ms-trigger") == Some(TriggerKind::Single);
    let internal = Visibility::read(op.operation, "x-ms-visibility") == Some(Visibility::Internal);
    let visible_schema = ["200", "201"]
        .iter()
        .any(|c| responses.get(*c).and_then(|r| r.field("schema")).is_some());
    let notification = op
        .item
        .pointer("/x-ms-notification-content/schema")
        .is_some();
    let gets_output = matches!(op.method, "get" | "post" | "put" | "patch");
    let webhook_described = webhook && notification;
    // An operation whose only success answers are 202 Accepted and/or 204 No Content says that
    // it returns nothing: there is no output for the designer to show.
    let successes: Vec<&&String> = codes.iter().filter(|c| c.starts_with('2')).collect();
    let no_content = !successes.is_empty()
        && successes
            .iter()
            .all(|c| matches!(c.as_str(), "202" | "204"));
    if gets_output && !internal && !visible_schema && !webhook_described && !no_content {
        sink.report(
            RuleName::SchemaDefinitionSetIncorrectly,
            at,
            "no schema on the 200 or 201 response (or in x-ms-notification-content for a webhook): the designer shows no outputs",
        );
    }
}

fn path_template(op: &Op<'_>, sink: &mut Sink<'_>) {
    let key = op.path_key;
    let at = JsonPath::root().key("paths").key(key);
    if !key.starts_with('/') {
        sink.report(
            RuleName::OperationPathMustStartWithSlash,
            &at,
            "the path does not start with /",
        );
    }
    if key.contains('?') || key.contains('#') {
        sink.report(
            RuleName::OperationPathMayNotContainQueryOrFragment,
            &at,
            "the path holds an unencoded ? or #",
        );
    }
    if key.contains('*') {
        sink.report(
            RuleName::OperationPathContainsUnsupportedCharacters,
            &at,
            "the path holds the wildcard *",
        );
    }
    for segment in key.split('/') {
        let mut depth = 0i32;
        let mut bad = false;
        for c in segment.chars() {
            match c {
                '{' => {
                    depth += 1;
                    bad |= depth > 1;
                }
                '}' => {
                    depth -= 1;
                    bad |= depth < 0;
                }
                _ => {}
            }
        }
        if bad || depth != 0 {
            sink.report(
                RuleName::OperationPathTemplateNotValid,
                &at,
                format!("segment `{segment}` has unbalanced braces"),
            );
            break;
        }
    }
}

/// Path template variable names.
pub(super) fn variables(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    out
}

fn trigger(doc: &Value, op: &Op<'_>, params: &[(JsonPath, &Value)], sink: &mut Sink<'_>) {
    let Some(kind) = op.operation.field("x-ms-trigger") else {
        return;
    };
    let at = op.path.key("x-ms-trigger");
    match kind.as_str().and_then(TriggerKind::parse) {
        Some(TriggerKind::Batch) => {
            if op.operation.field("x-ms-trigger-metadata").is_none() {
                sink.report(
                    RuleName::PollingTriggerMetadataMissing,
                    &op.path,
                    "a batch trigger without x-ms-trigger-metadata",
                );
            }
        }
        Some(TriggerKind::Single) => {
            let body = params
                .iter()
                .find(|(_, p)| ParamIn::read(p, "in") == Some(ParamIn::Body))
                .and_then(|(_, p)| p.field("schema"));
            let marked = body.is_some_and(|s| has_notification_url(doc, s, 0));
            // A single trigger marked as polling is a poll whose answer is one event.
            let polling = op
                .operation
                .pointer("/x-ms-trigger-metadata/mode")
                .and_then(Value::as_str)
                == Some("polling");
            if op.method != "get" && !polling && !marked {
                sink.report(
                    RuleName::WebhookOperationsMissingNotificationUrlProperty,
                    &op.path,
                    "the webhook's body has no property marked x-ms-notification-url",
                );
            }
            if marked && op.item.field("x-ms-notification-content").is_none() {
                sink.report(
                    RuleName::OperationMustHaveNotificationContentExtension,
                    &JsonPath::root().key("paths").key(op.path_key),
                    "the path has a callback URL property but no x-ms-notification-content",
                );
            }
        }
        _ => sink.report(
            RuleName::InvalidTriggerValue,
            &at,
            format!("`{kind}` is neither batch nor single"),
        ),
    }
}

/// Whether a schema (following `$ref`s) has a property marked `x-ms-notification-url`.
pub(super) fn has_notification_url(doc: &Value, schema: &Value, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    if let Some(r) = schema.field("$ref").and_then(Value::as_str) {
        return r
            .strip_prefix('#')
            .and_then(|p| doc.pointer(p))
            .is_some_and(|s| has_notification_url(doc, s, depth + 1));
    }
    if schema
        .field("x-ms-notification-url")
        .and_then(Value::as_bool)
        == Some(true)
    {
        return true;
    }
    schema
        .field("properties")
        .and_then(Value::as_object)
        .is_some_and(|props| {
            props
                .values()
                .any(|p| has_notification_url(doc, p, depth + 1))
        })
}

/// Whether a path segment is a whole template variable.
/// A path template's segments without a trailing `/`, compared without ASCII case, and `{…}` a
/// variable.
fn route(path: &str) -> Vec<Segment<'_>> {
    path.trim_end_matches('/')
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                Segment::Variable
            } else if segment.bytes().any(|b| b.is_ascii_uppercase()) {
                Segment::Literal(segment.to_ascii_lowercase().into())
            } else {
                Segment::Literal(segment.into())
            }
        })
        .collect()
}

/// Operations whose paths can route to each other when a variable's value equals a static
/// segment of the other path (`/a/{id}` and `/a/list`).
fn partial_duplicates(ops: &[Op<'_>], sink: &mut Sink<'_>) {
    let shapes: Vec<String> = ops.iter().map(|op| shape(op.path_key)).collect();
    let paths: Vec<Vec<Segment<'_>>> = ops.iter().map(|op| route(op.path_key)).collect();
    let mut tree = RouteTree::default();
    for (i, (op, path)) in ops.iter().zip(&paths).enumerate() {
        tree.insert(op.method, path.iter().cloned(), i);
    }
    for (i, a) in ops.iter().enumerate() {
        let similar: Vec<&str> = tree
            .routable(&a.method, &paths[i])
            .into_iter()
            .filter(|j| *j != i && shapes[*j] != shapes[i])
            .map(|j| ops[j].path_key)
            .collect();
        if !similar.is_empty() {
            sink.report(
                RuleName::PartialDuplicateOperationPath,
                &a.path,
                format!(
                    "`{} {}` may route to {}",
                    a.method.to_uppercase(),
                    a.path_key,
                    similar
                        .iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_variable(segment: &str) -> bool {
        segment.starts_with('{') && segment.ends_with('}')
    }

    /// The rule's definition, pair by pair: as many segments, each pair equal but for ASCII case
    /// or a variable on either side.
    fn routable(a: &str, b: &str) -> bool {
        fn split(p: &str) -> Vec<&str> {
            p.trim_end_matches('/').split('/').collect()
        }
        let (sa, sb) = (split(a), split(b));
        sa.len() == sb.len()
            && sa
                .iter()
                .zip(&sb)
                .all(|(x, y)| x.eq_ignore_ascii_case(y) || is_variable(x) || is_variable(y))
    }

    #[test]
    fn paths_route_to_each_other_as_the_pairwise_definition_says() {
        let paths = [
            "/a",
            "/A/",
            "/a/{id}",
            "/{x}",
            "/{x}/b",
            "/a/B",
            "/a/{y}/c",
            "/{}/{}",
            "/a/b/c",
            "/",
            "",
            "/b/{z}",
            "/{p}/{q}/c",
            "/a/b/{r}",
            "/c",
            "/a//b",
            "/{a}x",
            "/a/{",
            "/É/b",
        ];
        let methods = ["get", "post"];
        let routes: Vec<Vec<Segment<'_>>> = paths.iter().map(|p| route(p)).collect();
        let mut tree = RouteTree::default();
        for (i, path) in routes.iter().enumerate() {
            tree.insert(methods[i % 2], path.iter().cloned(), i);
        }
        for (p, probe) in paths.iter().enumerate() {
            for (m, method) in methods.iter().enumerate() {
                let expected: Vec<usize> = (0..paths.len())
                    .filter(|i| i % 2 == m && routable(paths[*i], probe))
                    .collect();
                assert_eq!(
                    tree.routable(method, &routes[p]),
                    expected,
                    "{method} {probe}"
                );
            }
        }
    }
}
