//! The boundary between an importer and the spec it writes: the tree an importer built is read
//! into the spec model ([`ConnectorSpec`]), so a key the language lacks is an error here, and the
//! YAML written is the model's own writing ([`codegen::spec::write_spec`]) with the schema line
//! editors use.

use std::path::PathBuf;
use std::sync::Arc;

use codegen::diag::{Code, SourceFile};
use codegen::spec::{ConnectorSpec, ReadLimits};
use serde_json::Value;

use super::ImportError;

/// A spec read into the model, with the text its spans point into when that text reads under
/// the checker's own limits (so that checking it needs no second reading).
pub(crate) struct Modelled {
    /// The spec.
    pub spec: ConnectorSpec,
    /// The text the spans of `spec` point into, when it reads under the default limits.
    pub file: Option<Arc<SourceFile>>,
}

/// Reads the tree an importer built into the spec model. Empty mappings and lists are pruned
/// from `tree` first, as the language writes none.
pub(crate) fn to_model(tree: &mut Value, name: &str) -> Result<Modelled, ImportError> {
    prune(tree);
    let text = serde_saphyr::to_string(&*tree).map_err(ImportError::WriteYaml)?;
    let file = SourceFile::new(PathBuf::from(format!("{name}.yaml")), text);
    match codegen::read_source(&file, &ReadLimits::default()) {
        Ok(spec) => Ok(Modelled {
            spec,
            file: Some(file),
        }),
        // Deeper than a spec file may nest: read it all the same, and let the checker of the
        // written text say where (the guard drops that part).
        Err(diagnostics) if diagnostics.iter().any(|d| d.code == Code::ResourceLimit) => {
            let generous = ReadLimits {
                max_depth: 4096,
                max_nodes: usize::MAX / 4,
                max_file_bytes: usize::MAX / 4,
                ..ReadLimits::default()
            };
            codegen::read_source(&file, &generous)
                .map(|spec| Modelled { spec, file: None })
                .map_err(|d| not_in_language(&d))
        }
        Err(diagnostics) => Err(not_in_language(&diagnostics)),
    }
}

fn not_in_language(diagnostics: &[codegen::diag::Diagnostic]) -> ImportError {
    let report = codegen::diag::render_text(diagnostics, codegen::diag::RenderStyle::plain());
    ImportError::NotInLanguage(report)
}

/// The YAML of `spec` with the `$schema` first line.
pub(crate) fn write(spec: &ConnectorSpec, schema_path: &str) -> Result<String, ImportError> {
    let body = codegen::spec::write_spec(spec).map_err(ImportError::WriteSpec)?;
    Ok(format!(
        "# yaml-language-server: $schema={schema_path}\n{body}"
    ))
}

/// Reads `tree` into the model and writes it: what an import that is not checked writes.
pub(crate) fn render(
    tree: &mut Value,
    name: &str,
    schema_path: &str,
) -> Result<String, ImportError> {
    write(&to_model(tree, name)?.spec, schema_path)
}

/// Keys whose values are data kept as written, empty containers included.
const AS_WRITTEN: &[&str] = &["extensions", "default", "example", "value"];

/// Removes empty mappings and lists (but keeps empty strings and nulls the spec needs). What
/// [`AS_WRITTEN`] keys hold is kept as written, empty containers included.
fn prune(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if !AS_WRITTEN.contains(&k.as_str()) {
                    prune(v);
                }
            }
            // `paginate: { link_header: {} }` says all it needs with an empty mapping.
            map.retain(|k, v| match v {
                // An empty `extensions` keeps nothing.
                Value::Object(m) if k == "extensions" => !m.is_empty(),
                _ if AS_WRITTEN.contains(&k.as_str()) => true,
                Value::Object(m) => !m.is_empty() || k == "link_header",
                Value::Array(a) => !a.is_empty(),
                _ => true,
            });
        }
        Value::Array(items) => items.iter_mut().for_each(prune),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_key_the_language_lacks_stops_the_import() {
        let mut tree = json!({
            "title": "T",
            "base_url": "https://example.com",
            "actions": { "GetA": { "request": "GET /a", "retries": 3 } }
        });
        let error = to_model(&mut tree, "t")
            .err()
            .expect("an unknown key is refused");
        assert!(matches!(error, ImportError::NotInLanguage(_)), "{error}");
        assert!(error.to_string().contains("retries"), "{error}");
    }

    #[test]
    fn the_written_yaml_is_the_models() {
        let mut tree = json!({
            "base_url": "https://example.com",
            "title": "T",
            "actions": { "GetA": { "request": "GET /a", "summary": "Get an A",
                                   "response": { "type": { "list": "string" } } } }
        });
        let text = render(&mut tree, "t", "s.json").expect("writes");
        assert_eq!(
            text,
            "# yaml-language-server: $schema=s.json\ntitle: T\nbase_url: https://example.com\n\
             actions:\n  GetA:\n    summary: Get an A\n    request: GET /a\n    response:\n      type: [string]\n"
        );
    }
}
