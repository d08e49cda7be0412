//! JSON paths for findings: `$.paths['/a/{b}'].get.parameters[0]`.

use std::fmt;

/// A JSON path under construction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonPath(String);

impl JsonPath {
    /// `$`.
    pub fn root() -> Self {
        JsonPath("$".into())
    }

    /// The path of a member.
    pub fn key(&self, key: &str) -> Self {
        let simple = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$')
            && !key.starts_with(|c: char| c.is_ascii_digit());
        if simple {
            JsonPath(format!("{}.{key}", self.0))
        } else {
            JsonPath(format!(
                "{}['{}']",
                self.0,
                key.replace('\\', "\\\\").replace('\'', "\\'")
            ))
        }
    }

    /// The path of an array item.
    pub fn index(&self, i: usize) -> Self {
        JsonPath(format!("{}[{i}]", self.0))
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::JsonPath;

    #[test]
    fn paths_quote_what_is_not_an_identifier() {
        let p = JsonPath::root()
            .key("paths")
            .key("/a/{b}")
            .key("get")
            .index(0);
        assert_eq!(p.to_string(), "$.paths['/a/{b}'].get[0]");
    }
}
