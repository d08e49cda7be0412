//! Importers: an OpenAPI 3.0 document or a Power Platform connector folder becomes connector
//! spec YAML that a person can maintain.
//!
//! Real documents are sloppy. Each importer reads its input leniently ([`json`]), repairs what
//! it can, reports every repair as a [`Warning`] with the JSON pointer of the defect, and keeps
//! going: one bad schema never loses the whole document. [`import_path`] picks the importer from
//! the source; [`powerplatform::import`] and [`openapi::import`] work on loaded documents.
//! [`import_path_with`] also takes the person's [`ImportOptions`]: metadata the document lacks
//! and a selection of operations.

mod budget;
mod document_read;
mod error;
mod finish;
mod guard;
mod hoist;
mod item_parts;
mod item_reader;
pub mod json;
mod json_halves;
mod json_scan;
mod numbered;
pub mod openapi;
mod openapi31;
mod options;
mod paging;
mod path_items;
pub mod powerplatform;
mod read_budget;
mod ref_cycles;
mod repair_scan;
mod schema;
mod security;
mod servers;
mod shape;
#[cfg(test)]
mod test_rng;
mod typed;
mod yaml;

pub use budget::{Exceeded, ImportLimits, LimitError, NotYaml, ReadError, LIMIT_NAMES};
pub use error::ImportError;
pub use finish::ImportedConnector;
pub use guard::DROPPED;
pub use options::{clean_title, AuthChoice, ImportOptions, UnknownAuth};

use std::fmt;
use std::path::Path;

use serde_json::Value;

use finish::Built;

/// A defect of the input that the importer repaired or dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The JSON pointer of the defect in its document (`/paths/~1items/get/parameters/0`).
    pub pointer: String,
    /// What was wrong and what the importer did.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

/// The warnings of one import, in the order they were found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Warnings {
    /// Every warning.
    pub items: Vec<Warning>,
}

impl Warnings {
    /// Records a warning at `pointer`.
    pub fn push(&mut self, pointer: &str, message: impl Into<String>) {
        self.items.push(Warning {
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }
}

/// A produced spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The spec's YAML text.
    pub yaml: String,
    /// A connector id suggested by the source (`gotowebinar`).
    pub suggested_id: String,
    /// Repairs made on the way.
    pub warnings: Vec<Warning>,
}

/// The `$schema` path written on the first line of an imported spec: the spec language's JSON
/// Schema as seen from `connectors/<id>.yaml`, for editors with the YAML language server.
pub const DEFAULT_SCHEMA_PATH: &str = "../codegen/connector.schema.json";

/// Imports a Power Platform connector folder (or its `apiDefinition.swagger.json`) or an
/// OpenAPI 3.0 document (YAML or JSON).
pub fn import_path(source: &Path) -> Result<Imported, ImportError> {
    import_path_with(source, &ImportOptions::default())
}

/// [`import_path`] with the person's choices: metadata to set and operations to keep.
pub fn import_path_with(source: &Path, options: &ImportOptions) -> Result<Imported, ImportError> {
    built_from_path(source, options)?.into_imported()
}

/// [`import_path_with`], ending with the checked connector instead of the spec's text: what
/// `connectorc rust --import` writes a client from, the connector that checking the YAML of
/// [`import_path_with`] gives.
pub fn import_path_connector(
    source: &Path,
    options: &ImportOptions,
) -> Result<ImportedConnector, ImportError> {
    built_from_path(source, options)?.into_connector()
}

/// The spec of the document or folder at `source`, built but neither written nor checked.
fn built_from_path(source: &Path, options: &ImportOptions) -> Result<Built, ImportError> {
    let read = |path: &Path| {
        std::fs::read(path).map_err(|source| ImportError::Read {
            path: path.to_path_buf(),
            source,
        })
    };
    let folder = if source.is_dir() {
        Some(source.to_path_buf())
    } else if source
        .file_name()
        .is_some_and(|n| n == powerplatform::SWAGGER_FILE)
    {
        source.parent().map(Path::to_path_buf)
    } else {
        None
    };
    if let Some(folder) = folder {
        let swagger = read(&folder.join(powerplatform::SWAGGER_FILE))?;
        let properties_path = folder.join(powerplatform::PROPERTIES_FILE);
        let properties = if properties_path.exists() {
            Some(read(&properties_path)?)
        } else {
            None
        };
        let id = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "connector".into());
        return powerplatform::built(&swagger, properties.as_deref(), &id, options);
    }
    let bytes = read(source)?;
    let id = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "connector".into());
    let stem = id.split('.').next().unwrap_or("connector").to_owned();
    openapi::built(&bytes, &stem, options)
}

/// A connector id from a folder or file name: lower-case ASCII letters, digits and `_`.
pub fn suggest_id(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let trimmed = out.trim_end_matches('_').to_owned();
    if trimmed.is_empty() {
        "connector".into()
    } else {
        trimmed
    }
}

/// Escapes a name for use in a JSON pointer.
pub fn escape(name: &str) -> String {
    if !needs_escape(name) {
        return name.to_owned();
    }
    name.replace('~', "~0").replace('/', "~1")
}

/// Appends `/` and `name` escaped as [`escape`] does to the pointer `ptr`, without building a
/// new string per step: walks over a whole document push and truncate one buffer.
pub(crate) fn push_segment(ptr: &mut String, name: &str) {
    ptr.push('/');
    if !needs_escape(name) {
        ptr.push_str(name);
        return;
    }
    for c in name.chars() {
        match c {
            '~' => ptr.push_str("~0"),
            '/' => ptr.push_str("~1"),
            _ => ptr.push(c),
        }
    }
}

/// Whether `name` has a `~` or `/`. Both are ASCII, which no byte of another UTF-8 character
/// equals, so the bytes are scanned (a pattern of two characters decodes each character).
fn needs_escape(name: &str) -> bool {
    name.bytes().any(|b| b == b'~' || b == b'/')
}

/// An operation id from a method and path (`get /items/{id}` → `GetItemsId`).
pub(crate) fn generated_id(method: &str, path: &str) -> String {
    let mut out = String::new();
    for word in std::iter::once(method).chain(path.split(|c: char| !c.is_ascii_alphanumeric())) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out
}

/// Operation ids handed out so far, and the Rust method names they become.
#[derive(Debug, Default)]
pub(crate) struct OperationIds {
    ids: codegen::fast_hash::Set<String>,
    methods: codegen::fast_hash::Set<String>,
    numbering: numbered::Numbering,
}

impl OperationIds {
    /// `wanted`, or `wanted2`, `wanted3`, … when it (or its Rust method name) is taken.
    pub(crate) fn claim(&mut self, wanted: &str) -> String {
        let (ids, methods) = (&self.ids, &self.methods);
        let id = self.numbering.first_free(wanted, |id| {
            ids.contains(id) || methods.contains(&crate::names::snake_ident(id))
        });
        self.methods.insert(crate::names::snake_ident(&id));
        self.ids.insert(id.clone());
        id
    }
}

/// The text of `value`, unless it is missing, not text, or blank.
pub(crate) fn non_blank(value: Option<&Value>) -> Option<&str> {
    value
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushed_segments_are_escaped_like_escape() {
        let mut ptr = String::from("/paths");
        for name in ["/items/{id}", "a~b", "~/~1", "", "ünï", "é/", "~é", "名前"] {
            assert_eq!(needs_escape(name), name.contains(['~', '/']), "{name}");
            let len = ptr.len();
            push_segment(&mut ptr, name);
            assert_eq!(ptr, format!("/paths/{}", escape(name)));
            ptr.truncate(len);
        }
    }
}
