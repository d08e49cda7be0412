//! Rules about parameters: path parameters, locations, bodies, encodings and labels.

use std::collections::HashSet;

use serde_json::Value;

use super::operations::{all, parameters, variables};
use super::{JsonPath, RuleName, Sink};
use crate::json_field::Field;
use crate::powerplatform::vocabulary::{CollectionFormat, ParamIn, Visibility};

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.field(key).and_then(Value::as_str)
}

pub(super) fn check(doc: &Value, sink: &mut Sink<'_>) {
    for op in all(doc) {
        let params = parameters(doc, &op);
        let vars = variables(op.path_key);
        let in_template: HashSet<&str> = vars.iter().copied().collect();
        let mut seen = HashSet::new();
        let mut bodies = 0;
        let mut forms = 0;
        for (at, p) in &params {
            let name = str_of(p, "name").unwrap_or("");
            let location = str_of(p, "in").unwrap_or("");
            if !seen.insert((name.to_owned(), location.to_owned())) {
                sink.report(
                    RuleName::OperationParametersContainDuplicateParameter,
                    at,
                    format!("parameter `{name}` in `{location}` is defined twice"),
                );
            }
            if name == "connectionId" {
                sink.report(
                    RuleName::ConnectionIdParameterNotAllowed,
                    at,
                    "a parameter may not be called connectionId",
                );
            }
            match ParamIn::parse(location) {
                Some(ParamIn::Body) => bodies += 1,
                Some(ParamIn::FormData) => forms += 1,
                _ => {}
            }
            one(p, at, name, location, &in_template, sink);
        }
        let path_names: HashSet<&str> = params
            .iter()
            .filter(|(_, p)| ParamIn::read(p, "in") == Some(ParamIn::Path))
            .filter_map(|(_, p)| str_of(p, "name"))
            .collect();
        for var in &vars {
            if !path_names.contains(var) {
                sink.report(
                    RuleName::OperationMissingPathParameter,
                    &op.path,
                    format!("the path variable `{var}` has no path parameter"),
                );
            }
        }
        if bodies > 1 {
            sink.report(
                RuleName::OperationParametersContainMultipleBodyParameters,
                &op.path,
                "more than one body parameter",
            );
        }
        if bodies > 0 && forms > 0 {
            sink.report(
                RuleName::ParameterListContainsFormDataAndBody,
                &op.path,
                "both body and formData parameters",
            );
        }
    }
}

fn one(
    p: &Value,
    at: &JsonPath,
    name: &str,
    written: &str,
    vars: &HashSet<&str>,
    sink: &mut Sink<'_>,
) {
    let location = ParamIn::parse(written);
    let required = p.field("required").and_then(Value::as_bool) == Some(true);
    let internal = Visibility::read(p, "x-ms-visibility") == Some(Visibility::Internal);
    if location == Some(ParamIn::Path) {
        path_param(p, at, name, required, vars, sink);
    }
    if location == Some(ParamIn::Query) && p.field("x-ms-url-encoding").is_some() {
        sink.report(
            RuleName::QueryParameterEncodingNotSupported,
            at,
            format!(
                "query parameter `{name}` has x-ms-url-encoding; queries are always encoded once"
            ),
        );
    }
    if str_of(p, "type") == Some("file") && location != Some(ParamIn::FormData) {
        sink.report(
            RuleName::FileParameterMustBeInFormData,
            at,
            format!("file parameter `{name}` is not form data"),
        );
    }
    body_or_schema(p, at, name, location, sink);
    if let Some(format) = str_of(p, "collectionFormat") {
        let allowed = CollectionFormat::parse(format).is_some_and(|f| f.allowed_in(location));
        if !allowed {
            sink.report(
                RuleName::CollectionFormatValueNotSupported,
                &at.key("collectionFormat"),
                format!("collectionFormat `{format}` is not supported in `{written}`"),
            );
        }
    }
    if p.field("x-ms-summary")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
        && !internal
    {
        sink.report(
            RuleName::ParameterSummaryMissing,
            at,
            format!("parameter `{name}` has no x-ms-summary"),
        );
    }
    let has_default = p.field("default").is_some() || p.pointer("/schema/default").is_some();
    if internal && has_default && !required {
        sink.report(
            RuleName::PropertyMustBeRequired,
            at,
            format!("`{name}` is internal with a default but optional, so it is never sent"),
        );
    }
}

/// A path parameter is required, encoded and in the path.
fn path_param(
    p: &Value,
    at: &JsonPath,
    name: &str,
    required: bool,
    vars: &HashSet<&str>,
    sink: &mut Sink<'_>,
) {
    if !required {
        sink.report(
            RuleName::PathParameterMustBeRequired,
            at,
            format!("path parameter `{name}` is not required"),
        );
    }
    if p.field("x-ms-url-encoding").is_none() {
        sink.report(
            RuleName::PathParameterMissingEncoding,
            at,
            format!("path parameter `{name}` has no x-ms-url-encoding"),
        );
    }
    if !vars.contains(name) {
        sink.report(
            RuleName::PathParameterNotDefinedInTemplate,
            at,
            format!("path parameter `{name}` does not appear in the path"),
        );
    }
}

/// Only the body parameter has a schema, and its dynamic extensions belong in that schema.
fn body_or_schema(
    p: &Value,
    at: &JsonPath,
    name: &str,
    location: Option<ParamIn>,
    sink: &mut Sink<'_>,
) {
    if location == Some(ParamIn::Body) {
        if p.field("schema").is_none() {
            sink.report(
                RuleName::BodyParameterSchemaRequired,
                at,
                "the body parameter has no schema",
            );
        }
        for ext in [
            "x-ms-dynamic-values",
            "x-ms-dynamic-schema",
            "x-ms-dynamic-properties",
            "x-ms-dynamic-list",
        ] {
            if p.field(ext).is_some() {
                sink.report(
                    RuleName::DynamicExtensionDefinitionNotAllowedInParameter,
                    &at.key(ext),
                    format!("{ext} belongs in the body's schema"),
                );
            }
        }
    } else if p.field("schema").is_some() {
        sink.report(
            RuleName::NonBodyParameterSchemaNotValid,
            &at.key("schema"),
            format!("`{name}` is not a body parameter but has a schema"),
        );
    }
}
