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

/// Parses `METHOD /path/{param}`.
pub fn parse_request_line(text: &str) -> Result<(Method, Template), String> {
    let mut words = text.split_whitespace();
    let (Some(method), Some(path), None) = (words.next(), words.next(), words.next()) else {
        return Err(
            "a request is written `METHOD /path`, e.g. `GET /webinars/{webinarKey}`".into(),
        );
    };
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
    fn parses_request_lines() {
        let (method, path) = parse_request_line("post /meetings").unwrap();
        assert_eq!(method, Method::Post);
        assert_eq!(path.raw, "/meetings");
        assert!(parse_request_line("FETCH /x").is_err());
        assert!(parse_request_line("GET x").is_err());
        assert!(parse_request_line("GET").is_err());
    }
}
