//! The end of an import: the YAML written is the spec model's own writing
//! ([`codegen::spec::write_spec`]) with the schema line editors use; the importers build the
//! model itself, so the spec cannot hold a key the language lacks. When the guard must say where
//! the checker rejects a part, [`reread`] reads that writing back once for spans.

use std::path::PathBuf;
use std::sync::Arc;

use codegen::diag::{Code, SourceFile};
use codegen::spec::{ConnectorSpec, ReadLimits};

use super::ImportError;

/// A spec read back from its writing, with the text its spans point into when that text reads
/// under the checker's own limits (so that checking it needs no second reading).
pub(crate) struct Modelled {
    /// The spec.
    pub spec: ConnectorSpec,
    /// The text the spans of `spec` point into, when it reads under the default limits.
    pub file: Option<Arc<SourceFile>>,
    /// The writing it was read from, without the schema line: what [`write`] makes of `spec`
    /// while nothing is dropped from it.
    pub text: String,
}

/// Reads `text`, the writing of a spec, back, so that its parts carry spans the checker's
/// diagnostics point with; `file` is `None` when it reads only beyond `limits`.
pub(crate) fn reread(
    text: String,
    name: &str,
    limits: &ReadLimits,
) -> Result<Modelled, ImportError> {
    let file = SourceFile::new(PathBuf::from(format!("{name}.yaml")), text.clone());
    match codegen::read_source(&file, limits) {
        Ok(spec) => Ok(Modelled {
            spec,
            file: Some(file),
            text,
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
                .map(|spec| Modelled {
                    spec,
                    file: None,
                    text,
                })
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
    Ok(with_schema_line(&body, schema_path))
}

/// A spec's writing with the `$schema` first line editors use.
pub(crate) fn with_schema_line(body: &str, schema_path: &str) -> String {
    format!("{SCHEMA_LINE_START}{schema_path}\n{body}")
}

/// How many bytes [`with_schema_line`] adds to a body.
pub(crate) fn schema_line_len(schema_path: &str) -> usize {
    SCHEMA_LINE_START.len() + schema_path.len() + 1
}

const SCHEMA_LINE_START: &str = "# yaml-language-server: $schema=";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_key_the_language_lacks_stops_the_import() {
        let tree = json!({
            "title": "T",
            "base_url": "https://example.com",
            "actions": { "GetA": { "request": "GET /a", "retries": 3 } }
        });
        let error = super::super::typed::from_tree::<ConnectorSpec>(tree)
            .expect_err("an unknown key is refused");
        assert!(matches!(error, ImportError::NotInLanguage(_)), "{error}");
        assert!(error.to_string().contains("retries"), "{error}");
    }

    #[test]
    fn the_written_yaml_is_the_models() {
        let tree = json!({
            "base_url": "https://example.com",
            "title": "T",
            "actions": { "GetA": { "request": "GET /a", "summary": "Get an A",
                                   "response": { "type": { "list": "string" } } } }
        });
        let spec: ConnectorSpec = super::super::typed::from_tree(tree).expect("reads");
        let text = write(&spec, "s.json").expect("writes");
        assert_eq!(
            text,
            "# yaml-language-server: $schema=s.json\ntitle: T\nbase_url: https://example.com\n\
             actions:\n  GetA:\n    summary: Get an A\n    request: GET /a\n    response:\n      type: [string]\n"
        );
        let body = codegen::spec::write_spec(&spec).expect("writes");
        let again = reread(body, "t", &ReadLimits::default()).expect("reads back");
        assert_eq!(again.spec, spec);
        assert!(again.file.is_some());
        assert_eq!(with_schema_line(&again.text, "s.json"), text);
    }
}
