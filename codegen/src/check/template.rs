//! `{placeholder}` templates and `METHOD /path` request lines.

use crate::ir::{Method, Template, TemplatePart};

/// Splits `text` into literal parts and `{name}` placeholders.
pub fn parse_template(text: &str) -> Result<Template, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        match ch {
            '{' => {
                let rest = &text[index + 1..];
                let Some(end) = rest.find('}') else {
                    return Err(format!("`{{` at byte {index} is never closed"));
                };
                let name = &rest[..end];
                if name.is_empty() || name.contains('{') {
                    return Err(format!("`{{{name}}}` is not a placeholder name"));
                }
                if !literal.is_empty() {
                    parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(TemplatePart::Param(name.to_owned()));
                for _ in 0..=name.chars().count() {
                    chars.next();
                }
            }
            '}' => return Err(format!("`}}` at byte {index} closes nothing")),
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
pub fn parse_request_line(text: &str) -> Result<(Method, Template), String> {
    let shape = || "a request is written `METHOD /path`, e.g. `GET /webinars/{webinarKey}`".into();
    let (method, path) = text
        .trim()
        .split_once(char::is_whitespace)
        .ok_or_else(shape)?;
    let path = path.trim_start();
    if path.is_empty() || has_space_outside_placeholders(path) {
        return Err(shape());
    }
    let Some(method) = Method::parse(method) else {
        return Err(format!(
            "`{method}` is not an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)"
        ));
    };
    if !path.starts_with('/') && !path.starts_with("http://") && !path.starts_with("https://") {
        return Err(format!("the path `{path}` must start with `/`"));
    }
    Ok((method, parse_template(path)?))
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
        let (_, path) = parse_request_line("GET /document/{Document ID}").unwrap();
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
        let (method, path) = parse_request_line("post /meetings").unwrap();
        assert_eq!(method, Method::Post);
        assert_eq!(path.raw, "/meetings");
        assert!(parse_request_line("FETCH /x").is_err());
        assert!(parse_request_line("GET x").is_err());
        assert!(parse_request_line("GET").is_err());
    }
}
