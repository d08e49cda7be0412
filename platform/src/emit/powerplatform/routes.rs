//! Where requests go: the base URL split into host and base path, and each operation's path as
//! the designer sees it versus the path the backend needs.
//!
//! Connection parameters cannot appear in Swagger paths, so a path that uses one is published
//! without it and the `routerequesttoendpoint` policy rewrites it to the real path with
//! `@connectionParameters('…')`. A base URL that uses one becomes a `dynamichosturl` policy.

use std::collections::BTreeSet;

use crate::ir::{Connector, Template, TemplatePart};

/// The base URL as Swagger's `schemes`, `host` and `basePath`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base {
    /// `https` or `http`.
    pub scheme: String,
    /// Host without placeholders.
    pub host: String,
    /// Base path starting with `/`.
    pub base_path: String,
    /// The base URL with `@connectionParameters('…')` when it uses connection parameters.
    pub dynamic_template: Option<String>,
}

/// Splits the connector's base URL.
pub fn base(connector: &Connector) -> Base {
    let template = &connector.base_url;
    let plain = render(template, |name| name.replace('_', "-"));
    let (scheme, rest) = plain.split_once("://").unwrap_or(("https", plain.as_str()));
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let dynamic = template.params().next().is_some();
    // When the path itself takes connection parameters, the dynamic host URL carries all of
    // it and the published base path is the root.
    let raw_rest = template
        .raw
        .split_once("://")
        .map_or(template.raw.as_str(), |(_, r)| r);
    let path_is_dynamic = raw_rest
        .find('/')
        .is_some_and(|i| raw_rest[i..].contains('{'));
    let base_path = if path_is_dynamic {
        "/".to_owned()
    } else {
        normalise(path)
    };
    Base {
        scheme: scheme.to_ascii_lowercase(),
        host: host.to_owned(),
        base_path,
        dynamic_template: dynamic
            .then(|| render(template, |name| format!("@connectionParameters('{name}')"))),
    }
}

/// Renders a template, replacing each placeholder with `param(name)`.
pub fn render(template: &Template, param: impl Fn(&str) -> String) -> String {
    template
        .parts
        .iter()
        .map(|part| match part {
            TemplatePart::Literal(text) => text.clone(),
            TemplatePart::Param(name) => param(name),
        })
        .collect()
}

/// Collapses doubled slashes and drops a trailing slash (`/` stays `/`).
pub fn normalise(path: &str) -> String {
    let mut out = String::from("/");
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if out.len() > 1 {
            out.push('/');
        }
        out.push_str(segment);
    }
    out
}

/// An operation's two paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// The path in the Swagger document.
    pub published: String,
    /// The path the backend needs, relative to the base URL; `Some` only when it differs.
    pub backend: Option<String>,
}

/// Builds the route of a path template whose own parameters are `params`; other placeholders
/// are connection parameters.
pub fn route(path: &Template, params: &BTreeSet<&str>) -> Route {
    let mut published = String::new();
    let mut backend = String::new();
    let raw_segments = split_segments(path);
    for segment in raw_segments {
        let only_connection = segment.len() == 1
            && matches!(&segment[0], TemplatePart::Param(n) if !params.contains(n.as_str()));
        let mut pub_seg = String::new();
        let mut back_seg = String::new();
        for part in &segment {
            match part {
                TemplatePart::Literal(text) => {
                    pub_seg.push_str(text);
                    back_seg.push_str(text);
                }
                TemplatePart::Param(name) if params.contains(name.as_str()) => {
                    for seg in [&mut pub_seg, &mut back_seg] {
                        seg.push('{');
                        seg.push_str(name);
                        seg.push('}');
                    }
                }
                TemplatePart::Param(name) => {
                    pub_seg.push_str(name);
                    back_seg.push_str("@connectionParameters('");
                    back_seg.push_str(name);
                    back_seg.push_str("')");
                }
            }
        }
        if !only_connection {
            published.push('/');
            published.push_str(&pub_seg);
        }
        backend.push('/');
        backend.push_str(&back_seg);
    }
    // A trailing slash is part of the URL (many servers answer 301 or 404 without it).
    let trailing = |p: String| {
        if path.raw.ends_with('/') && !p.ends_with('/') {
            p + "/"
        } else {
            p
        }
    };
    let published = trailing(normalise(&published));
    let backend = trailing(normalise(&backend));
    Route {
        backend: (backend != published).then_some(backend),
        published,
    }
}

/// Splits a template into `/`-separated segments of parts.
fn split_segments(path: &Template) -> Vec<Vec<TemplatePart>> {
    let mut segments: Vec<Vec<TemplatePart>> = vec![Vec::new()];
    for part in &path.parts {
        match part {
            TemplatePart::Literal(text) => {
                let mut pieces = text.split('/');
                if let Some(first) = pieces.next() {
                    if !first.is_empty() {
                        segments
                            .last_mut()
                            .expect("one segment")
                            .push(TemplatePart::Literal(first.to_owned()));
                    }
                }
                for piece in pieces {
                    segments.push(Vec::new());
                    if !piece.is_empty() {
                        segments
                            .last_mut()
                            .expect("one segment")
                            .push(TemplatePart::Literal(piece.to_owned()));
                    }
                }
            }
            TemplatePart::Param(_) => segments.last_mut().expect("one segment").push(part.clone()),
        }
    }
    segments.retain(|s| !s.is_empty());
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(raw: &str) -> Template {
        let mut parts = Vec::new();
        let mut rest = raw;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(TemplatePart::Literal(rest[..open].to_owned()));
            }
            let close = rest[open..].find('}').expect("closed") + open;
            parts.push(TemplatePart::Param(rest[open + 1..close].to_owned()));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(TemplatePart::Literal(rest.to_owned()));
        }
        Template {
            raw: raw.to_owned(),
            parts,
        }
    }

    #[test]
    fn connection_segments_leave_the_published_path() {
        let params: BTreeSet<&str> = ["webinarKey"].into_iter().collect();
        let r = route(
            &template("/organizers/{organizer_key}/webinars/{webinarKey}"),
            &params,
        );
        assert_eq!(r.published, "/organizers/webinars/{webinarKey}");
        assert_eq!(
            r.backend.as_deref(),
            Some("/organizers/@connectionParameters('organizer_key')/webinars/{webinarKey}")
        );
    }

    #[test]
    fn plain_paths_need_no_rewrite_and_keep_their_trailing_slash() {
        let params: BTreeSet<&str> = ["id"].into_iter().collect();
        let r = route(&template("/items/{id}/"), &params);
        assert_eq!(r.published, "/items/{id}/");
        assert_eq!(r.backend, None);
    }
}
