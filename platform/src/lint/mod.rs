//! `connectorc lint`: checks a Power Platform connector folder (ours or anyone's) against the
//! platform's certification rules, under the names the platform's Swagger validator uses
//! (`OperationIdNotUnique`, `PathParameterMustBeRequired`, …).
//!
//! The documents are read as plain JSON values, not through our typed model, so that any
//! folder can be checked. Each finding names its rule, severity, file and JSON path (for the
//! custom code, `script.csx`, its line).

mod document;
mod operations;
mod parameters;
mod path;
mod properties;
mod schemas;
mod script;

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

pub use crate::powerplatform::metadata::{restricted_words_in, CATEGORIES, RESTRICTED_TITLE_WORDS};
pub use crate::powerplatform::rules::{rule, Rule, RuleName, Severity, RULES};
pub use path::JsonPath;
pub use script::{lint_script, MAX_SCRIPT_BYTES, SCRIPT, SCRIPT_NAMESPACES};

/// One rule violation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The platform's rule name.
    pub rule: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the folder.
    pub file: String,
    /// JSON path of the offending value (`$.paths['/a'].get`).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

pub use crate::powerplatform::files::{
    MAX_SWAGGER_BYTES, PROPERTIES_FILE as PROPERTIES, SWAGGER_FILE as SWAGGER,
};

/// Collects findings for one file.
pub(crate) struct Sink<'a> {
    file: &'a str,
    findings: &'a mut Vec<Finding>,
}

impl Sink<'_> {
    /// Reports a violation of `rule` at `path`.
    pub(crate) fn report(&mut self, rule: RuleName, path: &JsonPath, message: impl Into<String>) {
        self.findings.push(Finding {
            rule: rule.name(),
            severity: rule.severity(),
            file: self.file.to_owned(),
            path: path.to_string(),
            message: message.into(),
        });
    }
}

/// Parses JSON text, tolerating a byte-order mark.
fn parse(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str(text.trim_start_matches('\u{feff}'))
}

/// Lints the text of a connector's two files (either may be absent).
pub fn lint_texts(swagger: Option<&str>, properties: Option<&str>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let swagger_doc = match swagger {
        None => {
            Sink {
                file: SWAGGER,
                findings: &mut findings,
            }
            .report(
                RuleName::FileMissing,
                &JsonPath::root(),
                "the folder has no apiDefinition.swagger.json",
            );
            None
        }
        Some(text) => {
            let mut sink = Sink {
                file: SWAGGER,
                findings: &mut findings,
            };
            too_large(text.len(), &mut sink);
            match parse(text) {
                Ok(doc) => Some(doc),
                Err(e) => {
                    sink.report(
                        RuleName::InvalidJson,
                        &JsonPath::root(),
                        format!("not valid JSON: {e}"),
                    );
                    None
                }
            }
        }
    };
    let properties_doc = properties.and_then(|text| match parse(text) {
        Ok(doc) => Some(doc),
        Err(e) => {
            Sink {
                file: PROPERTIES,
                findings: &mut findings,
            }
            .report(
                RuleName::InvalidJson,
                &JsonPath::root(),
                format!("not valid JSON: {e}"),
            );
            None
        }
    });
    lint_read(swagger_doc.as_ref(), properties_doc.as_ref(), &mut findings);
    findings
}

/// [`lint_texts`] of two documents already read: `swagger`, whose text is `swagger_bytes` long,
/// and `properties`. What the emitter built need not be written and read back to be linted.
pub fn lint_documents(swagger: &Value, swagger_bytes: usize, properties: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    too_large(
        swagger_bytes,
        &mut Sink {
            file: SWAGGER,
            findings: &mut findings,
        },
    );
    lint_read(Some(swagger), Some(properties), &mut findings);
    findings
}

/// Reports a swagger of `bytes` bytes that the platform would not import.
fn too_large(bytes: usize, sink: &mut Sink<'_>) {
    if bytes > MAX_SWAGGER_BYTES {
        sink.report(
            RuleName::SwaggerTooLarge,
            &JsonPath::root(),
            format!(
                "the swagger is {bytes} bytes; the platform imports at most {MAX_SWAGGER_BYTES}"
            ),
        );
    }
}

/// The rules on the documents as read.
fn lint_read(swagger: Option<&Value>, properties: Option<&Value>, findings: &mut Vec<Finding>) {
    lint_read_splitting_from(swagger, properties, findings, LINT_IN_HALVES_FROM);
}

/// How many paths a swagger must have before its rules run in two halves at once.
const LINT_IN_HALVES_FROM: usize = 128;

/// [`lint_read`], its rules in two halves at once when the swagger has `split` paths or more:
/// the document's, the operations' and the parameters' rules beside the schemas' and the
/// properties' (which only read the swagger), their findings joined in the same order.
fn lint_read_splitting_from(
    swagger: Option<&Value>,
    properties: Option<&Value>,
    findings: &mut Vec<Finding>,
    split: usize,
) {
    let paths = swagger
        .and_then(|doc| doc.get("paths"))
        .and_then(Value::as_object)
        .map_or(0, |paths| paths.len());
    let operations = |findings: &mut Vec<Finding>| {
        if let Some(doc) = swagger {
            let mut sink = Sink {
                file: SWAGGER,
                findings,
            };
            document::check(doc, &mut sink);
            operations::check(doc, &mut sink);
            parameters::check(doc, &mut sink);
        }
    };
    let schemas_and_properties = |findings: &mut Vec<Finding>| {
        if let Some(doc) = swagger {
            schemas::check(
                doc,
                &mut Sink {
                    file: SWAGGER,
                    findings,
                },
            );
        }
        if let Some(props) = properties {
            let mut sink = Sink {
                file: PROPERTIES,
                findings,
            };
            properties::check(props, swagger, &mut sink);
        }
    };
    if paths < split {
        operations(findings);
        schemas_and_properties(findings);
        return;
    }
    let ((), rest) = codegen::join::join(
        "lint",
        || operations(findings),
        || {
            let mut rest = Vec::new();
            schemas_and_properties(&mut rest);
            rest
        },
    );
    findings.extend(rest);
}

/// Lints the connector folder `dir`.
pub fn lint_folder(dir: &Path) -> std::io::Result<Vec<Finding>> {
    let read = |name: &str| -> std::io::Result<Option<String>> {
        match std::fs::read(dir.join(name)) {
            Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    };
    let swagger = read(SWAGGER)?;
    let properties = read(PROPERTIES)?;
    let mut findings = lint_texts(swagger.as_deref(), properties.as_deref());
    if let Some(script) = read(SCRIPT)? {
        findings.extend(lint_script(&script));
    }
    Ok(findings)
}

/// The connector folders under `root`: `root` itself when it holds a swagger file, otherwise
/// every directory below it that does, sorted.
pub fn connector_folders(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    collect(root, &mut out, 0)?;
    out.sort();
    Ok(out)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    if dir.join(SWAGGER).is_file() {
        out.push(dir.to_path_buf());
        return Ok(());
    }
    if depth > 8 {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out, depth + 1)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{connector_folders, lint_read_splitting_from, parse, Finding, PROPERTIES, SWAGGER};
    use std::path::Path;

    /// The findings of the folder `dir`'s two documents, the rules split from `split` paths.
    fn findings(dir: &Path, split: usize) -> Vec<Finding> {
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name))
                .ok()
                .and_then(|text| parse(&text).ok())
        };
        let (swagger, properties) = (read(SWAGGER), read(PROPERTIES));
        let mut findings = Vec::new();
        lint_read_splitting_from(swagger.as_ref(), properties.as_ref(), &mut findings, split);
        findings
    }

    #[test]
    fn rules_run_in_two_halves_find_what_one_pass_finds_in_its_order() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut folders = connector_folders(&root.join("generated")).expect("generated/");
        match connector_folders(&root.join("../shared/corpus/powerplatform")) {
            Ok(corpus) => folders.extend(corpus),
            Err(_) => println!("skipped the corpus: ../shared/corpus is absent"),
        }
        let mut compared = 0;
        for folder in &folders {
            let one_pass = findings(folder, usize::MAX);
            assert_eq!(findings(folder, 0), one_pass, "{}", folder.display());
            compared += one_pass.len();
        }
        assert!(
            compared > 0,
            "no findings compared in {} folders",
            folders.len()
        );
    }
}
