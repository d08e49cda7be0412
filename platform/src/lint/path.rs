//! JSON paths for findings: `$.paths['/a/{b}'].get.parameters[0]`.

use std::fmt;
use std::sync::Arc;

/// A JSON path under construction. Each step holds only its own segment and shares its
/// parent, so the paths of a thousand parameters under one long path key cost a thousand
/// segments, not a thousand copies of the key.
#[derive(Clone, Debug)]
pub struct JsonPath(Arc<Step>);

#[derive(Debug)]
struct Step {
    /// `None` at the root.
    parent: Option<JsonPath>,
    /// This step's segment as written (`.name`, `['/a/{b}']`, `[0]`); empty at the root.
    segment: String,
}

impl Drop for Step {
    /// Frees a chain of steps one by one rather than by recursion, however deep it is.
    fn drop(&mut self) {
        let mut parent = self.parent.take();
        while let Some(path) = parent {
            parent = match Arc::try_unwrap(path.0) {
                Ok(mut step) => step.parent.take(),
                Err(_) => None,
            };
        }
    }
}

impl JsonPath {
    /// `$`.
    pub fn root() -> Self {
        JsonPath(Arc::new(Step {
            parent: None,
            segment: String::new(),
        }))
    }

    /// The path of a member.
    pub fn key(&self, key: &str) -> Self {
        let simple = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$')
            && !key.starts_with(|c: char| c.is_ascii_digit());
        let segment = if simple {
            format!(".{key}")
        } else {
            format!("['{}']", key.replace('\\', "\\\\").replace('\'', "\\'"))
        };
        self.child(segment)
    }

    /// The path of an array item.
    pub fn index(&self, i: usize) -> Self {
        self.child(format!("[{i}]"))
    }

    fn child(&self, segment: String) -> Self {
        JsonPath(Arc::new(Step {
            parent: Some(self.clone()),
            segment,
        }))
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut segments = Vec::new();
        let mut at = Some(self);
        while let Some(path) = at {
            segments.push(path.0.segment.as_str());
            at = path.0.parent.as_ref();
        }
        f.write_str("$")?;
        segments.iter().rev().try_for_each(|s| f.write_str(s))
    }
}

impl PartialEq for JsonPath {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for JsonPath {}

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

    #[test]
    fn a_path_a_million_steps_deep_is_written_and_freed() {
        let mut p = JsonPath::root();
        for i in 0..1_000_000 {
            p = if i % 2 == 0 { p.key("a") } else { p.index(1) };
        }
        let text = p.to_string();
        assert_eq!(text.len(), 1 + 500_000 * (".a".len() + "[1]".len()));
        assert!(text.starts_with("$.a[1].a[1]"), "{}", &text[..20]);
        let branch = p.key("b");
        drop(p);
        assert!(branch.to_string().ends_with("[1].b"));
    }
}
