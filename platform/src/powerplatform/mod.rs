//! What the Power Platform asks of a custom connector, in the one place the emitters, the
//! importers and the linter take it from: [`files`] (the folder's file names and size limits),
//! [`formats`] (the formats its swagger knows), [`metadata`] (categories, title and description
//! rules), [`rules`] (the certification rules by name), [`refs`] (how a `$ref` is followed) and
//! [`vocabulary`] (the closed sets of words of its Swagger: `in`, `x-ms-visibility`,
//! `x-ms-trigger`, …). Nothing here depends on the rest of the compiler.

pub mod files;
pub mod formats;
pub mod metadata;
pub mod refs;
pub mod rules;
pub mod vocabulary;
