//! JSON paths for findings: `$.paths['/a/{b}'].get.parameters[0]`.

use std::fmt;
use std::sync::Arc;

/// A JSON path under construction. Each step holds only its own segment, borrowed from the
/// document or the linter, and shares its parent; the text is made only when a finding is
/// reported, so that the paths of the many places that pass cost one small allocation each.
#[derive(Clone, Debug)]
pub struct JsonPath<'a>(Arc<Step<'a>>);

#[derive(Debug)]
struct Step<'a> {
    /// `None` at the root.
    parent: Option<JsonPath<'a>>,
    segment: Segment<'a>,
}

/// One step of a path, as it was taken.
#[derive(Debug)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl Drop for Step<'_> {
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

impl<'a> JsonPath<'a> {
    /// `$`.
    pub fn root() -> Self {
        JsonPath(Arc::new(Step {
            parent: None,
            segment: Segment::Root,
        }))
    }

    /// The path of a member.
    pub fn key(&self, key: &'a str) -> Self {
        self.child(Segment::Key(key))
    }

    /// The path of an array item.
    pub fn index(&self, i: usize) -> Self {
        self.child(Segment::Index(i))
    }

    fn child(&self, segment: Segment<'a>) -> Self {
        JsonPath(Arc::new(Step {
            parent: Some(self.clone()),
            segment,
        }))
    }
}

impl fmt::Display for Segment<'_> {
    /// `.name`, `['/a/{b}']` (a key that is not an identifier, quoted), `[0]`; nothing at the root.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Segment::Root => Ok(()),
            Segment::Index(i) => write!(f, "[{i}]"),
            Segment::Key(key) if is_identifier(key) => write!(f, ".{key}"),
            Segment::Key(key) => {
                f.write_str("['")?;
                for c in key.chars() {
                    if matches!(c, '\\' | '\'') {
                        f.write_str("\\")?;
                    }
                    fmt::Write::write_char(f, c)?;
                }
                f.write_str("']")
            }
        }
    }
}

/// Whether `key` is written after a dot in a path.
fn is_identifier(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$')
        && !key.starts_with(|c: char| c.is_ascii_digit())
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut segments = Vec::new();
        let mut at = Some(self);
        while let Some(path) = at {
            segments.push(&path.0.segment);
            at = path.0.parent.as_ref();
        }
        f.write_str("$")?;
        segments.iter().rev().try_for_each(|s| s.fmt(f))
    }
}

impl PartialEq for JsonPath<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for JsonPath<'_> {}

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
        let quoted = JsonPath::root()
            .key(r"it's a\b")
            .key("9lives")
            .key("$ok_-9");
        assert_eq!(quoted.to_string(), r"$['it\'s a\\b']['9lives'].$ok_-9");
        assert_eq!(JsonPath::root().key("").to_string(), "$['']");
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
