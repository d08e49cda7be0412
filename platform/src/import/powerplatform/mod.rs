//! Power Platform connector folders (`apiDefinition.swagger.json`, Swagger 2.0 with the `x-ms-*`
//! extensions, and `apiProperties.json`) → connector spec.
//!
//! Connection parameters, OAuth settings and policies come from the properties file; operations
//! become actions, or triggers when they carry `x-ms-trigger` (webhooks when their subscription
//! body has an `x-ms-notification-url` property, polls otherwise); `definitions` become objects.

mod actions;
mod auth;
mod connection;
mod importer;
mod model;
mod objects;
mod operations;
mod request;
mod response;
mod root;
mod triggers;

use codegen::spec::ConnectorSpec;
use serde_json::Value;

use super::{
    escape, json as lenient, non_blank, suggest_id, Built, ImportError, ImportLimits,
    ImportOptions, Imported, ImportedConnector, Warnings,
};
use importer::Importer;

pub use crate::powerplatform::files::{PROPERTIES_FILE, SWAGGER_FILE};

/// Imports a connector folder's two files (the properties file is optional).
pub fn import(
    swagger: &[u8],
    properties: Option<&[u8]>,
    folder_name: &str,
) -> Result<Imported, ImportError> {
    import_with(swagger, properties, folder_name, &ImportOptions::default())
}

/// [`import`] with metadata set and operations selected by `options`.
pub fn import_with(
    swagger: &[u8],
    properties: Option<&[u8]>,
    folder_name: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    built(swagger, properties, folder_name, options)?.into_imported()
}

/// [`import_with`], ending with the checked connector instead of the spec's text (see
/// [`super::openapi::import_connector`]).
pub fn import_connector(
    swagger: &[u8],
    properties: Option<&[u8]>,
    folder_name: &str,
    options: &ImportOptions,
) -> Result<ImportedConnector, ImportError> {
    built(swagger, properties, folder_name, options)?.into_connector()
}

/// The spec of the folder's files, built but neither written nor checked.
pub(crate) fn built(
    swagger: &[u8],
    properties: Option<&[u8]>,
    folder_name: &str,
    options: &ImportOptions,
) -> Result<Built, ImportError> {
    let mut warnings = Warnings::default();
    let limits = &options.limits;
    super::document_read::check_size(swagger, SWAGGER_FILE, limits)?;
    if let Some(properties) = properties {
        super::document_read::check_size(properties, PROPERTIES_FILE, limits)?;
    }
    let text = lenient::decode(swagger, &mut warnings);
    let in_swagger = |error: ImportError| ImportError::InFile {
        file: SWAGGER_FILE,
        source: Box::new(error),
    };
    let swagger = super::document_read::parse_json(&text, limits, &mut warnings)
        .map_err(|e| in_swagger(e.into()))?;
    if !swagger.is_object() {
        return Err(in_swagger(ImportError::new("not a JSON object")));
    }
    let properties = properties.and_then(|bytes| {
        let mut prop_warnings = Warnings::default();
        let text = lenient::decode(bytes, &mut prop_warnings);
        let parsed = super::document_read::parse_json(&text, limits, &mut prop_warnings);
        for w in prop_warnings.items {
            warnings.push(&format!("{PROPERTIES_FILE}#{}", w.pointer), w.message);
        }
        match parsed {
            Ok(v) => Some(v),
            Err(e) => {
                warnings.push(
                    PROPERTIES_FILE,
                    format!("{e}; connection parameters and policies are lost"),
                );
                None
            }
        }
    });
    let mut model = to_model(
        &swagger,
        properties.as_ref(),
        folder_name,
        options.fix,
        &mut warnings,
    )?;
    labels(&swagger, &mut model, options.fix, &mut warnings);
    encodings(&swagger, &mut model, options.fix, &mut warnings);
    let mut spec = model;
    let choices = ImportOptions {
        limits: ImportLimits::default(),
        ..options.clone()
    };
    if choices != ImportOptions::default() {
        super::options::apply_metadata(&mut spec, options, false, &mut warnings)?;
        super::options::select(&mut spec, options)?;
    }
    let mut built = Built::unguarded(spec, &suggest_id(folder_name), warnings);
    built.guarded = Some(super::guard::Source {
        operations: operation_pointers(&swagger),
        schemas: "/definitions",
        security: "/securityDefinitions",
    });
    Ok(built)
}

/// Operation ids → the pointers of their operations (for the warnings of the last check).
fn operation_pointers(swagger: &Value) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    for (path, item) in swagger
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (method, op) in item.as_object().into_iter().flatten() {
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                out.insert(
                    id.trim().to_owned(),
                    format!("/paths/{}/{method}", escape(path)),
                );
            }
        }
    }
    out
}

/// Parameters without a designer label (`x-ms-summary`), one warning each. Without `fix` they
/// stay without one (the spec says `derive_labels: false`); with it the emitter derives them.
fn labels(swagger: &Value, spec: &mut ConnectorSpec, fix: bool, warnings: &mut Warnings) {
    let paths = swagger.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let list = op.get("parameters").and_then(Value::as_array);
            for (i, p) in list.into_iter().flatten().enumerate() {
                if p.get("$ref").is_some() || non_blank(p.get("x-ms-summary")).is_some() {
                    continue;
                }
                let at = format!(
                    "/paths/{}/{method}/parameters/{i}/x-ms-summary",
                    escape(path)
                );
                let what = if fix { "added" } else { "`--fix` adds one" };
                warnings.push(&at, format!("the parameter has no designer label; {what}"));
            }
        }
    }
    if !fix {
        let key = crate::emit::powerplatform::kept::DERIVE_LABELS;
        spec.extensions.insert(key.into(), Value::Bool(false));
    }
}

/// Path parameters without `x-ms-url-encoding` and list parameters without `collectionFormat`
/// stay without one unless `fix` (the spec then says `derive_encodings: false`), one warning
/// each; with it the emitter writes its defaults (`single`, `csv`).
fn encodings(swagger: &Value, spec: &mut ConnectorSpec, fix: bool, warnings: &mut Warnings) {
    let paths = swagger.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let list = op.get("parameters").and_then(Value::as_array);
            for (i, p) in list.into_iter().flatten().enumerate() {
                let at = format!("/paths/{}/{method}/parameters/{i}", escape(path));
                let location = p.get("in").and_then(Value::as_str);
                let (key, default) = if location == Some("path") {
                    ("x-ms-url-encoding", "single")
                } else if p.get("type").and_then(Value::as_str) == Some("array")
                    && location != Some("body")
                {
                    ("collectionFormat", "csv")
                } else {
                    continue;
                };
                if p.get(key).is_some() {
                    continue;
                }
                let what = if fix { "written" } else { "`--fix` writes" };
                warnings.push(
                    &format!("{at}/{key}"),
                    format!("the parameter has no `{key}`; {what} `{default}`"),
                );
            }
        }
    }
    if !fix {
        let key = crate::emit::powerplatform::kept::DERIVE_ENCODINGS;
        spec.extensions.insert(key.into(), Value::Bool(false));
    }
}

/// The spec of a parsed connector; with `fix` the repairs the importer knows are made (each
/// named in a warning) instead of keeping what the original writes. A part the converted
/// schemas make that the language lacks is [`ImportError::NotInLanguage`].
pub fn to_model(
    swagger: &Value,
    properties: Option<&Value>,
    folder_name: &str,
    fix: bool,
    warnings: &mut Warnings,
) -> Result<ConnectorSpec, ImportError> {
    let mut importer = Importer::new(swagger, properties);
    importer.fix = fix;
    // With `--fix`, values that do not fit their place are repaired or dropped, each named in a
    // warning, instead of riding along as written.
    importer.schemas.keep_misfits = !fix;
    let spec = importer.spec(folder_name);
    warnings.items.append(&mut importer.warnings.items);
    warnings.items.append(&mut importer.schemas.warnings.items);
    spec
}
