//! The `format`s the platform's swagger schema recognises.

/// The formats the platform's swagger schema recognises.
pub const PLATFORM_FORMATS: &[&str] = &[
    "int32",
    "int64",
    "float",
    "double",
    "byte",
    "binary",
    "date",
    "date-time",
    "password",
    "date-no-tz",
    "email",
    "html",
    "uri",
    "uuid",
];

/// Whether the platform knows a format.
pub fn is_platform_format(format: &str) -> bool {
    PLATFORM_FORMATS.contains(&format)
}
