//! Rules about the document as a whole: version, host, title, metadata, tags, security.

use serde_json::Value;

use super::{JsonPath, RuleName, Sink};
use crate::json_field::Field;
use crate::powerplatform::metadata::{
    restricted_words_in, CATEGORIES, MAX_DESCRIPTION, MAX_TITLE, MIN_DESCRIPTION,
};

pub(super) fn check(doc: &Value, sink: &mut Sink<'_>) {
    let root = JsonPath::root();
    if doc.field("swagger").and_then(Value::as_str) != Some("2.0") {
        sink.report(
            RuleName::SpecificationVersionIncorrect,
            &root.key("swagger"),
            "the swagger version must be the string \"2.0\"",
        );
    }
    if let Some(host) = doc.field("host").and_then(Value::as_str) {
        if host.contains("://") || host.contains('/') || host.contains(' ') || host.is_empty() {
            sink.report(
                RuleName::HostNameNotValid,
                &root.key("host"),
                format!("`{host}` is not a bare host name"),
            );
        }
    }
    if let Some(base) = doc.field("basePath").and_then(Value::as_str) {
        if !base.starts_with('/') {
            sink.report(
                RuleName::BasePathNotValid,
                &root.key("basePath"),
                format!("`{base}` does not start with /"),
            );
        }
    }
    if let Some(schemes) = doc.field("schemes").and_then(Value::as_array) {
        if schemes.is_empty() {
            sink.report(
                RuleName::SchemesArrayEmpty,
                &root.key("schemes"),
                "no scheme is given",
            );
        }
        for (i, s) in schemes.iter().enumerate() {
            let s = s.as_str().unwrap_or("");
            if !matches!(s.to_ascii_lowercase().as_str(), "http" | "https") {
                sink.report(
                    RuleName::SchemeNotValid,
                    &root.key("schemes").index(i),
                    format!("`{s}` is neither http nor https"),
                );
            }
        }
    }
    title_and_description(doc, sink);
    metadata(doc, sink);
    tags(doc, sink);
    security(doc, sink);
}

fn title_and_description(doc: &Value, sink: &mut Sink<'_>) {
    let info = JsonPath::root().key("info");
    match doc.pointer("/info/title").and_then(Value::as_str) {
        None => sink.report(
            RuleName::RequiredPropertyMissing,
            &info.key("title"),
            "info.title is missing",
        ),
        Some(title) => {
            let length = title.chars().count();
            if length > MAX_TITLE {
                sink.report(
                    RuleName::FieldLengthExceeded,
                    &info.key("title"),
                    format!("the title has {length} characters; at most {MAX_TITLE} are allowed"),
                );
            }
            for word in restricted_words_in(title) {
                sink.report(
                    RuleName::ValueContainsRestrictedWords,
                    &info.key("title"),
                    format!("the title contains the restricted word `{word}`"),
                );
            }
        }
    }
    if let Some(d) = doc.pointer("/info/description").and_then(Value::as_str) {
        let length = d.chars().count();
        if !(MIN_DESCRIPTION..=MAX_DESCRIPTION).contains(&length) {
            sink.report(
                RuleName::FieldLengthNotInRange,
                &info.key("description"),
                format!(
                    "the description has {length} characters; \
                     {MIN_DESCRIPTION} to {MAX_DESCRIPTION} are expected"
                ),
            );
        }
    }
}

fn metadata(doc: &Value, sink: &mut Sink<'_>) {
    let path = JsonPath::root().key("x-ms-connector-metadata");
    let entries = doc
        .field("x-ms-connector-metadata")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let value_of = |name: &str| {
        entries.iter().find_map(|e| {
            (e.field("propertyName").and_then(Value::as_str) == Some(name)).then(|| {
                e.field("propertyValue")
                    .and_then(Value::as_str)
                    .unwrap_or("")
            })
        })
    };
    for name in ["Website", "Privacy policy", "Categories"] {
        if value_of(name).is_none_or(str::is_empty) {
            sink.report(
                RuleName::ConnectorMetadataPropertiesMissing,
                &path,
                format!("the connector metadata property `{name}` is missing"),
            );
        }
    }
    if let Some(categories) = value_of("Categories") {
        for category in categories
            .split(';')
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            if !CATEGORIES.contains(&category) {
                sink.report(
                    RuleName::InvalidConnectorCategory,
                    &path,
                    format!("`{category}` is not one of the platform's categories"),
                );
            }
        }
    }
}

fn tags(doc: &Value, sink: &mut Sink<'_>) {
    let Some(tags) = doc.field("tags").and_then(Value::as_array) else {
        return;
    };
    let mut seen = std::collections::HashSet::new();
    for (i, tag) in tags.iter().enumerate() {
        if let Some(name) = tag.field("name").and_then(Value::as_str) {
            if !seen.insert(name) {
                sink.report(
                    RuleName::TagRedefined,
                    &JsonPath::root().key("tags").index(i),
                    format!("tag `{name}` is defined more than once"),
                );
            }
        }
    }
}

fn security(doc: &Value, sink: &mut Sink<'_>) {
    let defined = doc.field("securityDefinitions").and_then(Value::as_object);
    let mut check = |requirements: &Value, path: JsonPath| {
        for (i, req) in requirements.as_array().into_iter().flatten().enumerate() {
            for name in req.as_object().into_iter().flat_map(|m| m.keys()) {
                if !defined.is_some_and(|d| d.contains_key(name)) {
                    sink.report(
                        RuleName::SecurityRequirementMustBeDefined,
                        &path.index(i),
                        format!("security scheme `{name}` is not defined in securityDefinitions"),
                    );
                }
            }
        }
    };
    if let Some(top) = doc.field("security") {
        check(top, JsonPath::root().key("security"));
    }
    for op in super::operations::all(doc) {
        if let Some(s) = op.operation.field("security") {
            check(s, op.path.key("security"));
        }
    }
}
