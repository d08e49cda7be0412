//! `{placeholder}` templates and `METHOD /path` request lines.

use crate::ir::{Method, Template, TemplatePart};

/// Why a template or a request line was rejected; the text is the diagnostic's message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// A `{` at this byte has no `}`.
    #[error("`{{` at byte {0} is never closed")]
    Unclosed(usize),
    /// `{}` or a `{` inside a placeholder.
    #[error("`{{{0}}}` is not a placeholder name")]
    BadName(String),
    /// A `}` at this byte closes nothing.
    #[error("`}}` at byte {0} closes nothing")]
    StrayClose(usize),
    /// Not `METHOD /path`.
    #[error("a request is written `METHOD /path`, e.g. `GET /webinars/{{webinarKey}}`")]
    Shape,
    /// The first word is not an HTTP method.
    #[error("`{0}` is not an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)")]
    Method(String),
    /// The path is neither absolute nor a URL.
    #[error("the path `{0}` must start with `/`")]
    Relative(String),
}

/// A parsed `METHOD /path` line.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestLine {
    /// The method.
    pub method: Method,
    /// The path (or URL) with its placeholders.
    pub path: Template,
}

/// Splits `text` into literal parts and `{name}` placeholders.
pub fn parse_template(text: &str) -> Result<Template, TemplateError> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        match ch {
            '{' => {
                let rest = &text[index + 1..];
                let Some(end) = rest.find('}') else {
                    return Err(TemplateError::Unclosed(index));
                };
                let name = &rest[..end];
                if name.is_empty() || name.contains('{') {
                    return Err(TemplateError::BadName(name.to_owned()));
                }
                if !literal.is_empty() {
                    parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(TemplatePart::Param(name.to_owned()));
                for _ in 0..=name.chars().count() {
                    chars.next();
                }
            }
            '}' => return Err(TemplateError::StrayClose(index)),
            _ => literal.push(ch),
        }
    }
    if !literal.is_empty() {
        parts.push(TemplatePart::Literal(literal));
    }
    Ok(Template {
        raw: text.to_owned(),
        parts,
    })
}

/// Parses `METHOD /path/{param}`. Placeholder names may contain spaces (`{Document ID}`, as some
/// real connectors name their parameters); the rest of the path may not.
pub fn parse_request_line(text: &str) -> Result<RequestLine, TemplateError> {
    let (method, path) = text
        .trim()
        .split_once(char::is_whitespace)
        .ok_or(TemplateError::Shape)?;
    let path = path.trim_start();
    if path.is_empty() || has_space_outside_placeholders(path) {
        return Err(TemplateError::Shape);
    }
    let Some(method) = Method::parse(method) else {
        return Err(TemplateError::Method(method.to_owned()));
    };
    if !path.starts_with('/') && !path.starts_with("http://") && !path.starts_with("https://") {
        return Err(TemplateError::Relative(path.to_owned()));
    }
    Ok(RequestLine {
        method,
        path: parse_template(path)?,
    })
}

/// Whether white space occurs in `path` outside `{…}`.
pub fn has_space_outside_placeholders(path: &str) -> bool {
    let mut inside = false;
    path.chars().any(|c| {
        match c {
            '{' => inside = true,
            '}' => inside = false,
            _ => {}
        }
        c.is_whitespace() && !inside
    })
}

/// `path` with each run of white space outside `{…}` written as `%20`.
pub fn encode_spaces_outside_placeholders(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    let mut in_space = false;
    for c in path.trim().chars() {
        match c {
            '{' => inside = true,
            '}' => inside = false,
            _ => {}
        }
        if c.is_whitespace() && !inside {
            if !in_space {
                out.push_str("%20");
            }
            in_space = true;
            continue;
        }
        in_space = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_as_before() {
        let message = |text: &str| parse_request_line(text).unwrap_err().to_string();
        assert_eq!(message("GET /a/{b"), "`{` at byte 3 is never closed");
        assert_eq!(message("GET /a/{}"), "`{}` is not a placeholder name");
        assert_eq!(message("GET /a}"), "`}` at byte 2 closes nothing");
        assert_eq!(
            message("GET"),
            "a request is written `METHOD /path`, e.g. `GET /webinars/{webinarKey}`"
        );
        assert_eq!(
            message("FETCH /x"),
            "`FETCH` is not an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)"
        );
        assert_eq!(message("GET x"), "the path `x` must start with `/`");
    }

    #[test]
    fn parses_placeholders() {
        let t = parse_template("/a/{b}/c{d}").unwrap();
        assert_eq!(t.params().collect::<Vec<_>>(), ["b", "d"]);
        assert!(parse_template("/a/{b").is_err());
        assert!(parse_template("/a/b}").is_err());
        assert!(parse_template("/a/{}").is_err());
        assert_eq!(
            parse_template("/é/{ü}")
                .unwrap()
                .params()
                .collect::<Vec<_>>(),
            ["ü"]
        );
    }

    #[test]
    fn placeholders_may_hold_spaces_and_paths_may_not() {
        let path = parse_request_line("GET /document/{Document ID}")
            .unwrap()
            .path;
        assert_eq!(path.params().collect::<Vec<_>>(), ["Document ID"]);
        assert!(parse_request_line("GET /a b").is_err());
        assert!(parse_request_line("GET /a/{b} c").is_err());
        assert_eq!(
            encode_spaces_outside_placeholders("/my docs/{Doc  ID}/x  y"),
            "/my%20docs/{Doc  ID}/x%20y"
        );
    }

    #[test]
    fn parses_request_lines() {
        let RequestLine { method, path } = parse_request_line("post /meetings").unwrap();
        assert_eq!(method, Method::Post);
        assert_eq!(path.raw, "/meetings");
        assert!(parse_request_line("FETCH /x").is_err());
        assert!(parse_request_line("GET x").is_err());
        assert!(parse_request_line("GET").is_err());
    }
}
