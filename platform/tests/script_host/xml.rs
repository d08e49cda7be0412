//! A small element tree for comparing XML documents element by element in tests.

use quick_xml::events::Event;
use quick_xml::Reader;

/// One element: its name as written (`serv:message`), its attributes other than namespace
/// declarations, its text (whitespace runs collapsed to one space) and its children.
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub namespaces: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    /// The first child called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The element at a `/`-separated path of names below this one.
    pub fn at(&self, path: &str) -> &Element {
        path.split('/').fold(self, |e, name| {
            e.child(name)
                .unwrap_or_else(|| panic!("no `{name}` in `{}` (path {path})", e.name))
        })
    }

    /// The value of attribute `name`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The local part of the name.
    pub fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses `text` into its root element.
pub fn parse(text: &str) -> Element {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("not XML at {}: {e}", reader.buffer_position()));
        let is_empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(start) | Event::Empty(start) => {
                let mut element = Element {
                    name: String::from_utf8_lossy(start.name().as_ref()).into_owned(),
                    attributes: Vec::new(),
                    namespaces: Vec::new(),
                    text: String::new(),
                    children: Vec::new(),
                };
                for attribute in start.attributes() {
                    let attribute = attribute.expect("well-formed attribute");
                    let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
                    let value = attribute
                        .unescape_value()
                        .expect("escaped value")
                        .into_owned();
                    if key == "xmlns" || key.starts_with("xmlns:") {
                        element.namespaces.push((key, value));
                    } else {
                        element.attributes.push((key, value));
                    }
                }
                if is_empty {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(element),
                        None => root = Some(element),
                    }
                } else {
                    stack.push(element);
                }
            }
            Event::End(_) => {
                let mut element = stack.pop().expect("balanced");
                element.text = collapse(&element.text);
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => root = Some(element),
                }
            }
            Event::Text(t) => {
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&t.unescape().expect("escaped text"));
                    current.text.push(' ');
                }
            }
            Event::CData(t) => {
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    root.expect("a root element")
}

/// Compares two trees element by element (names, attributes, text, children in order) and
/// returns every difference with its path. Texts equal ignoring ASCII case count as equal when
/// both are booleans (`TRUE` and `true`).
pub fn differences(expected: &Element, actual: &Element) -> Vec<String> {
    let mut out = Vec::new();
    compare(expected, actual, &expected.name, &mut out);
    out
}

fn same_text(a: &str, b: &str) -> bool {
    let boolean = |s: &str| s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false");
    a == b || (boolean(a) && boolean(b) && a.eq_ignore_ascii_case(b))
}

fn compare(expected: &Element, actual: &Element, path: &str, out: &mut Vec<String>) {
    if expected.name != actual.name {
        out.push(format!(
            "{path}: element `{}` where `{}` was expected",
            actual.name, expected.name
        ));
        return;
    }
    if expected.attributes != actual.attributes {
        out.push(format!(
            "{path}: attributes {:?}, expected {:?}",
            actual.attributes, expected.attributes
        ));
    }
    if expected.children.is_empty() && !same_text(&expected.text, &actual.text) {
        out.push(format!(
            "{path}: text {:?}, expected {:?}",
            actual.text, expected.text
        ));
    }
    let names = |e: &Element| {
        e.children
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
    };
    if names(expected) != names(actual) {
        out.push(format!(
            "{path}: children {:?}, expected {:?}",
            names(actual),
            names(expected)
        ));
        return;
    }
    for (e, a) in expected.children.iter().zip(&actual.children) {
        compare(e, a, &format!("{path}/{}", e.name), out);
    }
}
