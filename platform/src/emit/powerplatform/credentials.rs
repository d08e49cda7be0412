//! The headers that carry connection credentials from `setheader` policies to the custom code
//! (`script.csx`): named once here for the properties file that sets them, and for the login
//! and XML-credential scripts that read them.

/// The prefix of the headers that carry credentials to the custom code.
pub const CREDENTIAL_HEADER_PREFIX: &str = "X-Connector-";

/// The header that carries connection parameter (or XML credential element) `name`.
pub fn credential_header(name: &str) -> String {
    format!("{CREDENTIAL_HEADER_PREFIX}{name}")
}
