//! The WebEx script against the seed's own samples (`../shared/seeds/002_…`): the envelope the
//! generated writers build has the sample request's elements in the sample's order, and the
//! readers look for the sample answer's namespaced elements.

mod manifest_support;

use std::collections::HashMap;

use connector_platform::emit::powerplatform;

/// One call in a generated writer or reader: element name (`prefix:local` or `local`) and the
/// function handling its content, if any.
type Calls = Vec<(String, Option<String>)>;

/// `XName.Get("a")` → `a`; `Ns_meet + "a"` → `meet:a`.
fn xname(expr: &str) -> String {
    let expr = expr.trim();
    if let Some(rest) = expr.strip_prefix("XName.Get(\"") {
        return rest.trim_end_matches("\")").to_owned();
    }
    let (ns, local) = expr.split_once(" + ").expect("Ns_x + \"local\"");
    format!(
        "{}:{}",
        ns.trim_start_matches("Ns_"),
        local.trim_matches('"')
    )
}

/// Function name → its calls, for the generated `Write…`/`Read…` functions.
fn functions(script: &str) -> HashMap<String, Calls> {
    let mut out: HashMap<String, Calls> = HashMap::new();
    let mut current: Option<String> = None;
    for line in script.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed
            .strip_prefix("private static void ")
            .or_else(|| trimmed.strip_prefix("private static JToken "))
        {
            let name = rest.split('(').next().unwrap().to_owned();
            current = (name.starts_with("Write") || name.starts_with("Read")).then_some(name);
            if let Some(name) = &current {
                out.entry(name.clone()).or_default();
            }
            continue;
        }
        let Some(name) = &current else { continue };
        let call = [
            "Child(parent, obj, ",
            "List(parent, obj, ",
            "ReadChild(obj, element, ",
            "ReadList(obj, element, ",
        ]
        .iter()
        .find_map(|p| trimmed.strip_prefix(p));
        if let Some(args) = call {
            // "key", XNAME, FN);
            let args = args.trim_end_matches(");");
            let mut parts = args.splitn(3, ", ");
            let _key = parts.next();
            let rest = format!(
                "{}, {}",
                parts.next().unwrap_or(""),
                parts.next().unwrap_or("")
            );
            // The name expression ends at its second quote (plus `)` for XName.Get).
            let first = rest.find('"').unwrap();
            let second = first + 1 + rest[first + 1..].find('"').unwrap();
            let end = if rest.starts_with("XName.Get(") {
                second + 2
            } else {
                second + 1
            };
            let (name_expr, handler) = (&rest[..end], rest[end..].trim_start_matches(", "));
            let handler = handler.trim();
            let handler = (handler.starts_with("Write") && handler != "WriteScalar"
                || handler.starts_with("Read"))
            .then(|| handler.to_owned());
            out.get_mut(name).unwrap().push((xname(name_expr), handler));
        }
    }
    out
}

/// Element paths in document order, starting at `root`.
fn walk(functions: &HashMap<String, Calls>, root: &str, prefix: &str, out: &mut Vec<String>) {
    for (name, handler) in functions.get(root).map(Vec::as_slice).unwrap_or_default() {
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        out.push(path.clone());
        if let Some(h) = handler {
            walk(functions, h, &path, out);
        }
    }
}

/// Element paths inside the element whose start tag begins with `<{container}`, in order.
fn sample_paths(text: &str, container: &str) -> Vec<String> {
    let start = text.find(&format!("<{container}")).expect("container");
    let body = &text[start..];
    let body = &body[body.find('>').unwrap() + 1..];
    let end = body
        .find(&format!("</{container}>"))
        .expect("end of container");
    let body = &body[..end];
    let mut stack: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let close = rest.find('>').unwrap();
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.trim()));
        } else {
            let name = tag.split_whitespace().next().unwrap().to_owned();
            stack.push(name);
            out.push(stack.join("/"));
        }
    }
    out
}

#[test]
fn the_webex_script_maps_the_seed_samples() {
    let Some(seed) = manifest_support::shared("seeds/002_66707848bc71953a.txt") else {
        return;
    };
    let Some(webex) = manifest_support::clean_connectors()
        .into_iter()
        .find(|c| c.id == "webex")
    else {
        println!("skipped: connectors/webex.yaml is absent or not clean");
        return;
    };
    let text = std::fs::read_to_string(seed).unwrap();
    let script = powerplatform::emit(&webex).script.expect("script");
    let functions = functions(&script);

    let request_sample = &text[..text.find("</serv:message>").unwrap()];
    let expected = sample_paths(request_sample, "bodyContent");
    assert!(
        expected.len() > 20,
        "the sample request has {} elements",
        expected.len()
    );
    let mut written = Vec::new();
    walk(&functions, "WriteCreateMeetingRequest", "", &mut written);
    assert_eq!(
        written, expected,
        "the envelope's elements differ from the sample's"
    );

    let answer = &text[text.find("</serv:message>").unwrap() + 1..];
    let expected: Vec<String> = sample_paths(answer, "serv:bodyContent");
    assert!(
        expected.len() >= 4,
        "the sample answer has {} elements",
        expected.len()
    );
    let mut read = Vec::new();
    walk(&functions, "ReadCreateMeetingResponse", "", &mut read);
    for path in &expected {
        assert!(
            read.contains(path),
            "the answer's {path} is not read; the readers know {read:?}"
        );
    }
}
