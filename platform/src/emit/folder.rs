//! The files of `generated/<id>/` for one connector; [`write_folder`] writes them only when they changed.

pub use codegen::emit::files::{write_folder, OutputFile, WriteOutcome};

use crate::ir::Connector;

use super::powerplatform;

/// The OpenAPI document's file name.
pub const OPENAPI_FILE: &str = "openapi.yaml";

/// Every file of the connector's folder, in a fixed order. The OpenAPI document is written on
/// a second thread while the Power Platform files are written on this one: each is about half
/// of the work, and neither reads the other.
pub fn connector_files(connector: &Connector) -> Vec<OutputFile> {
    let (platform, openapi) = std::thread::scope(|scope| {
        // Deep types recurse in the emitter: the stack the Rust emitter's threads get.
        let openapi = std::thread::Builder::new()
            .stack_size(64 * 1024 * 1024)
            .spawn_scoped(scope, || super::openapi::to_yaml(connector))
            .ok();
        let platform = powerplatform::emit(connector);
        let openapi = match openapi {
            Some(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: the same work on this one.
            None => super::openapi::to_yaml(connector),
        };
        (platform, openapi)
    });
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
        content: openapi.into_bytes(),
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
