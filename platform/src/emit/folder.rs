//! The files of `generated/<id>/` for one connector; [`write_folder`] writes them only when they changed.

pub use codegen::emit::files::{write_folder, OutputFile, WriteOutcome};

use crate::ir::Connector;

use super::powerplatform;

/// The OpenAPI document's file name.
pub const OPENAPI_FILE: &str = "openapi.yaml";

/// Every file of the connector's folder, in a fixed order.
pub fn connector_files(connector: &Connector) -> Vec<OutputFile> {
    let platform = powerplatform::emit(connector);
    let mut files = vec![
        OutputFile {
            name: powerplatform::SWAGGER_FILE.into(),
            content: platform.swagger.into_bytes(),
        },
        OutputFile {
            name: powerplatform::PROPERTIES_FILE.into(),
            content: platform.properties.into_bytes(),
        },
        OutputFile {
            name: powerplatform::README_FILE.into(),
            content: platform.readme.into_bytes(),
        },
    ];
    files.push(OutputFile {
        name: OPENAPI_FILE.into(),
        content: super::openapi::to_yaml(connector).into_bytes(),
    });
    if let Some(script) = platform.script {
        files.push(OutputFile {
            name: powerplatform::SCRIPT_FILE.into(),
            content: script.into_bytes(),
        });
    }
    files.push(OutputFile {
        name: powerplatform::icon::ICON_FILE.into(),
        content: platform.icon,
    });
    files
}
