//! The Power Platform (Power Automate / Logic Apps) custom connector emitter.
//!
//! [`emit`] turns a checked connector into the files of a connector folder:
//! `apiDefinition.swagger.json` (Swagger 2.0 with the `x-ms-*` extensions, built from the typed
//! model in [`swagger`]), `apiProperties.json` ([`properties`]), `README.md` ([`readme`]),
//! `icon.png` ([`icon`]), and, for XML and login services, the `script.csx` custom code
//! ([`script`], [`login`]). Every piece is a pure function of the IR.

pub mod all_of;
pub mod connection_keys;
pub mod credentials;
pub mod definition;
pub mod icon;
pub mod kept;
pub mod login;
pub mod operations;
pub mod params;
pub mod properties;
pub mod readme;
pub mod routes;
pub mod schema;
pub mod script;
pub mod swagger;
mod taken;

use crate::ir::Connector;

pub use crate::powerplatform::files::{PROPERTIES_FILE, README_FILE, SCRIPT_FILE, SWAGGER_FILE};

/// The files of one connector folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlatformFiles {
    /// `apiDefinition.swagger.json`.
    pub swagger: String,
    /// `apiProperties.json`.
    pub properties: String,
    /// `README.md`.
    pub readme: String,
    /// `script.csx`, for connectors that need custom code.
    pub script: Option<String>,
    /// `icon.png`.
    pub icon: Vec<u8>,
}

/// The typed documents before serialisation.
#[derive(Clone, Debug)]
pub struct PlatformModel {
    /// The Swagger document.
    pub swagger: swagger::Swagger,
    /// The properties document.
    pub properties: properties::ApiProperties,
}

/// Builds the typed documents of `connector`.
pub fn model(connector: &Connector) -> PlatformModel {
    let base = routes::base(connector);
    let operations = operations::build(connector);
    let mut script_operations = script::script_operations(connector);
    if script_operations.is_empty() {
        script_operations = login::script_operations(connector);
    }
    // The properties read the operations' routes and polls; the swagger then takes the
    // operations whole instead of a copy.
    let properties = properties::api_properties(connector, &base, &operations, script_operations);
    PlatformModel {
        swagger: definition::swagger(connector, &base, operations),
        properties,
    }
}

/// Serialises a document as pretty JSON with a final newline.
pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

/// Emits the platform files of `connector`. The README and the icon are written on a second
/// thread while the two JSON documents are built on this one: neither reads the other, and
/// together they are about a third of the work.
pub fn emit(connector: &Connector) -> PlatformFiles {
    std::thread::scope(|scope| {
        // Deep types recurse in the README's type names: the stack the other emitters get.
        let docs = std::thread::Builder::new()
            .stack_size(64 * 1024 * 1024)
            .spawn_scoped(scope, || readme_and_icon(connector))
            .ok();
        let (swagger, properties) = documents(connector);
        let (readme, icon) = match docs {
            Some(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: the same work on this one.
            None => readme_and_icon(connector),
        };
        PlatformFiles {
            swagger,
            properties,
            readme,
            script: script::script(connector).or_else(|| login::script(connector)),
            icon,
        }
    })
}

/// The text of `apiDefinition.swagger.json` and `apiProperties.json`, with what an import kept
/// written over the typed documents: what [`emit`] writes of them, without the README and icon
/// (the platform's rules read only these two).
pub fn documents(connector: &Connector) -> (String, String) {
    let PlatformModel {
        swagger,
        properties,
    } = model(connector);
    // Each form is dropped as soon as the next is made: for a large API the typed swagger, its
    // value and its text are each hundreds of MB, and they need not be alive together.
    // The README's and the OpenAPI document's threads take the second core.
    let swagger_value = swagger_with_kept(swagger, connector, usize::MAX);
    let swagger = to_json(&swagger_value);
    drop(swagger_value);
    (
        swagger,
        to_json(&properties_with_kept(&properties, connector)),
    )
}

/// The two documents of [`documents`] as values, with the length of the swagger's text: what
/// the platform's rules read, without writing the text.
pub fn document_values(connector: &Connector) -> (serde_json::Value, usize, serde_json::Value) {
    let PlatformModel {
        swagger,
        properties,
    } = model(connector);
    let swagger = swagger_with_kept(swagger, connector, VALUES_IN_HALVES_FROM);
    let bytes = json_len(&swagger);
    (swagger, bytes, properties_with_kept(&properties, connector))
}

/// From how many paths or definitions [`document_values`] makes their values in two halves
/// at once: the platform's rules run after it, with nothing beside it.
const VALUES_IN_HALVES_FROM: usize = 256;

/// The swagger as a value, with what the import kept written over it; its paths and
/// definitions made in two halves at once from `split` of them.
fn swagger_with_kept(
    swagger: swagger::Swagger,
    connector: &Connector,
    split: usize,
) -> serde_json::Value {
    let mut value = swagger_value(swagger, split);
    kept::swagger(&mut value, &connector.extensions);
    kept::root(&mut value, connector);
    kept::operations(&mut value, connector);
    value
}

/// The properties as a value, with what the import kept written over them.
fn properties_with_kept(
    properties: &properties::ApiProperties,
    connector: &Connector,
) -> serde_json::Value {
    let mut value = serde_json::to_value(properties).unwrap_or_default();
    kept::properties(&mut value, &connector.extensions);
    kept::unwritten_polls(&mut value, connector);
    kept::policies(&mut value, &connector.extensions);
    kept::connection(&mut value, connector);
    value
}

/// The length of [`to_json`]'s text of `value`, counted without writing it.
fn json_len(value: &serde_json::Value) -> usize {
    struct Counter(usize);
    impl std::io::Write for Counter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0);
    match serde_json::to_writer_pretty(&mut counter, value) {
        Ok(()) => counter.0 + 1,
        Err(_) => to_json(value).len(),
    }
}

/// `serde_json::to_value(&swagger)` (`Null` when it fails), with the paths and definitions
/// turned into values one at a time (in two halves at once from `split` of them).
fn swagger_value(mut swagger: swagger::Swagger, split: usize) -> serde_json::Value {
    // A kept extension of the same name would be written over the member: the whole route.
    if ["paths", "definitions"]
        .iter()
        .any(|key| swagger.extensions.contains_key(*key))
    {
        return serde_json::to_value(&swagger).unwrap_or_default();
    }
    let paths = std::mem::take(&mut swagger.paths);
    let definitions = std::mem::take(&mut swagger.definitions);
    let Ok(mut value) = serde_json::to_value(&swagger) else {
        return serde_json::Value::Null;
    };
    drop(swagger);
    let filled = super::item_values::fill_typed(&mut value, "paths", paths, split).and_then(|()| {
        super::item_values::fill_typed(&mut value, "definitions", definitions, split)
    });
    match filled {
        Ok(()) => value,
        Err(_) => serde_json::Value::Null,
    }
}

/// `README.md` and `icon.png`.
fn readme_and_icon(connector: &Connector) -> (String, Vec<u8>) {
    (readme::readme(connector), icon::icon(connector))
}

/// What the generated folder still leaves for a person to fill in, one sentence each (today:
/// the OAuth client id when neither the spec nor `connectorc build --client-id` gives it).
pub fn placeholders(connector: &Connector) -> Vec<String> {
    match &connector.auth {
        crate::ir::Auth::OAuth2(oauth) if oauth.client_id.is_none() => vec![format!(
            "no OAuth client id: {PROPERTIES_FILE} gets the placeholder `{}`; give it as \
             `auth.oauth2.client_id` in the spec or with `connectorc build --client-id`",
            properties::CLIENT_ID_PLACEHOLDER
        )],
        _ => Vec::new(),
    }
}

/// Sets the OAuth client id of `connector` (a no-op for other kinds of auth).
pub fn set_client_id(connector: &mut Connector, client_id: &str) {
    if let crate::ir::Auth::OAuth2(oauth) = &mut connector.auth {
        oauth.client_id = Some(client_id.to_owned());
    }
}
