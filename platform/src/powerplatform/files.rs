//! The files of a Power Platform custom connector folder, and the platform's size limits on them.

/// The swagger file: the connector's API definition (Swagger 2.0 with `x-ms-*` extensions).
pub const SWAGGER_FILE: &str = "apiDefinition.swagger.json";
/// The properties file: connection parameters, brand colour, policies.
pub const PROPERTIES_FILE: &str = "apiProperties.json";
/// The custom code file.
pub const SCRIPT_FILE: &str = "script.csx";
/// The documentation file.
pub const README_FILE: &str = "README.md";
/// The icon file.
pub const ICON_FILE: &str = "icon.png";

/// The largest swagger the platform imports.
pub const MAX_SWAGGER_BYTES: usize = 1024 * 1024;
/// Custom code must be smaller than this.
pub const MAX_SCRIPT_BYTES: usize = 1024 * 1024;
