//! XML services (WebEx): the request envelope with namespaces, credentials and `xsi:type`, and
//! answers read into a small element tree that typed structs deserialize from leniently (text
//! becomes numbers and booleans, repeated elements become lists, prefixes are ignored).

use std::io::Cursor;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde_json::Value;

use super::Error;

/// The XML protocol of a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// Namespace prefixes and URIs.
    pub namespaces: &'static [(&'static str, &'static str)],
    /// The request's root element (`serv:message`).
    pub request_root: &'static str,
    /// Element path of the request body under the root (`body`, `bodyContent`).
    pub request_body: &'static [&'static str],
    /// The answer's root element.
    pub response_root: &'static str,
    /// Element path of the answer body under the root.
    pub response_body: &'static [&'static str],
    /// Prefixes declared on the request root.
    pub request_namespaces: &'static [&'static str],
}

/// Elements written into the envelope beside the body (credentials), by path.
#[derive(Clone, Debug, Default)]
pub(crate) struct Extra {
    pub path: Vec<String>,
    pub fields: Vec<(String, String)>,
}

/// The request document: root, credentials block, body element with `xsi:type` and the body's
/// fields inside it.
pub(crate) fn request_document(
    envelope: &Envelope,
    credentials: Option<&Extra>,
    xsi_type: Option<&str>,
    body: &Value,
) -> Result<Vec<u8>, Error> {
    let mut writer = Writer::new(Cursor::new(Vec::new()));
    let io = |e: std::io::Error| Error::encode(e);
    writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(io)?;
    let mut root = BytesStart::new(envelope.request_root);
    for prefix in envelope.request_namespaces {
        if let Some((_, uri)) = envelope.namespaces.iter().find(|(p, _)| p == prefix) {
            root.push_attribute((format!("xmlns:{prefix}").as_str(), *uri));
        }
    }
    writer.write_event(Event::Start(root)).map_err(io)?;
    if let Some(extra) = credentials {
        for name in &extra.path {
            writer
                .write_event(Event::Start(BytesStart::new(name.as_str())))
                .map_err(io)?;
        }
        for (name, value) in &extra.fields {
            write_value(&mut writer, name, &Value::String(value.clone()))?;
        }
        for name in extra.path.iter().rev() {
            writer
                .write_event(Event::End(BytesEnd::new(name.as_str())))
                .map_err(io)?;
        }
    }
    let last = envelope.request_body.len().saturating_sub(1);
    for (index, name) in envelope.request_body.iter().enumerate() {
        let mut start = BytesStart::new(*name);
        if index == last {
            if let Some(xsi_type) = xsi_type {
                start.push_attribute(("xsi:type", xsi_type));
            }
        }
        writer.write_event(Event::Start(start)).map_err(io)?;
    }
    match body {
        Value::Object(map) => {
            for (name, value) in map {
                write_value(&mut writer, name, value)?;
            }
        }
        Value::Null => {}
        other => {
            return Err(Error::encode(format!(
                "an XML body must be an object, not {other}"
            )))
        }
    }
    for name in envelope.request_body.iter().rev() {
        writer
            .write_event(Event::End(BytesEnd::new(*name)))
            .map_err(io)?;
    }
    writer
        .write_event(Event::End(BytesEnd::new(envelope.request_root)))
        .map_err(io)?;
    Ok(writer.into_inner().into_inner())
}

fn write_value(
    writer: &mut Writer<Cursor<Vec<u8>>>,
    name: &str,
    value: &Value,
) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::encode(e);
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                write_value(writer, name, item)?;
            }
        }
        Value::Object(map) => {
            writer
                .write_event(Event::Start(BytesStart::new(name)))
                .map_err(io)?;
            for (child, item) in map {
                write_value(writer, child, item)?;
            }
            writer
                .write_event(Event::End(BytesEnd::new(name)))
                .map_err(io)?;
        }
        scalar => {
            let text = match scalar {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            writer
                .write_event(Event::Start(BytesStart::new(name)))
                .map_err(io)?;
            writer
                .write_event(Event::Text(BytesText::new(&text)))
                .map_err(io)?;
            writer
                .write_event(Event::End(BytesEnd::new(name)))
                .map_err(io)?;
        }
    }
    Ok(())
}

/// An element of a parsed document; names without their prefixes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Element {
    /// The local name.
    pub name: String,
    /// Attributes (namespace declarations left out), by local name.
    pub attributes: Vec<(String, String)>,
    /// Child elements in order.
    pub children: Vec<Element>,
    /// The text content, trimmed.
    pub text: String,
}

fn local(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    match name.rsplit_once(':') {
        Some((_, local)) => local.to_owned(),
        None => name.into_owned(),
    }
}

impl Element {
    /// Parses a document into its root element.
    pub fn parse(bytes: &[u8]) -> Result<Element, Error> {
        let mut reader = Reader::from_reader(bytes);
        let mut stack: Vec<Element> = Vec::new();
        let mut buf = Vec::new();
        loop {
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|e| Error::decode(format!("invalid XML: {e}")))?;
            let finished = match event {
                Event::Start(start) => {
                    stack.push(open(&start)?);
                    None
                }
                Event::Empty(start) => attach(&mut stack, open(&start)?),
                Event::End(_) => match stack.pop() {
                    Some(element) => attach(&mut stack, element),
                    None => return Err(Error::decode("unbalanced XML end tag")),
                },
                Event::Text(text) => {
                    let text = text
                        .unescape()
                        .map_err(|e| Error::decode(format!("invalid XML text: {e}")))?;
                    if let Some(top) = stack.last_mut() {
                        top.text.push_str(&text);
                    }
                    None
                }
                Event::CData(data) => {
                    if let Some(top) = stack.last_mut() {
                        top.text.push_str(&String::from_utf8_lossy(&data));
                    }
                    None
                }
                Event::Eof => return Err(Error::decode("the XML document ends early")),
                _ => None,
            };
            if let Some(root) = finished {
                return Ok(root);
            }
            buf.clear();
        }
    }

    /// The first child called `name` (prefix ignored).
    pub fn child(&self, name: &str) -> Option<&Element> {
        let name = name.rsplit(':').next().unwrap_or(name);
        self.children.iter().find(|c| c.name == name)
    }

    /// The element at a `/`-separated path below this one.
    pub fn find<'a, I: IntoIterator<Item = &'a str>>(&self, path: I) -> Option<&Element> {
        let mut current = self;
        for segment in path {
            current = current.child(segment)?;
        }
        Some(current)
    }

    /// The text at a `/`- or `.`-separated path below this one.
    pub fn text_at(&self, path: &str) -> Option<&str> {
        self.find(path.split(['/', '.']).filter(|s| !s.is_empty()))
            .map(|e| e.text.as_str())
    }

    /// Decodes the element into `T`.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        T::deserialize(Node(self)).map_err(|e| Error::decode(e.0))
    }
}

fn open(start: &BytesStart<'_>) -> Result<Element, Error> {
    let mut element = Element {
        name: local(start.name().as_ref()),
        ..Element::default()
    };
    for attribute in start.attributes() {
        let attribute =
            attribute.map_err(|e| Error::decode(format!("invalid XML attribute: {e}")))?;
        let key = attribute.key.as_ref();
        if key == b"xmlns" || key.starts_with(b"xmlns:") {
            continue;
        }
        let value = attribute
            .unescape_value()
            .map_err(|e| Error::decode(format!("invalid XML attribute: {e}")))?;
        element.attributes.push((local(key), value.into_owned()));
    }
    Ok(element)
}

/// Closes `element`: into its parent, or as the finished root.
fn attach(stack: &mut [Element], mut element: Element) -> Option<Element> {
    element.text = element.text.trim().to_owned();
    match stack.last_mut() {
        Some(parent) => {
            parent.children.push(element);
            None
        }
        None => Some(element),
    }
}

/// A deserialization error.
#[derive(Debug)]
struct DeError(String);

impl std::fmt::Display for DeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        DeError(msg.to_string())
    }
}

/// One element as a serde deserializer.
struct Node<'a>(&'a Element);

/// Several same-named sibling elements: a list, or their first for anything else.
struct Group<'a>(Vec<&'a Element>);

impl<'a> Node<'a> {
    fn is_leaf(&self) -> bool {
        self.0.children.is_empty() && self.visible_attributes().next().is_none()
    }

    fn visible_attributes(&self) -> impl Iterator<Item = &'a (String, String)> {
        self.0.attributes.iter().filter(|(k, _)| k != "type")
    }

    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, DeError> {
        self.0.text.trim().parse().map_err(|_| {
            DeError(format!(
                "`{}` in <{}> is not {what}",
                self.0.text, self.0.name
            ))
        })
    }
}

macro_rules! parse_number {
    ($($method:ident => $visit:ident: $ty:ty),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
                visitor.$visit(self.parse::<$ty>(stringify!($ty))?)
            }
        )*
    };
}

impl<'de, 'a> de::Deserializer<'de> for Node<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.is_leaf() {
            visitor.visit_string(self.0.text.clone())
        } else {
            self.deserialize_map(visitor)
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.text.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => visitor.visit_bool(true),
            "false" | "0" | "no" => visitor.visit_bool(false),
            _ => Err(DeError(format!(
                "`{}` in <{}> is not a boolean",
                self.0.text, self.0.name
            ))),
        }
    }

    parse_number! {
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_f32 => visit_f32: f32,
        deserialize_f64 => visit_f64: f64,
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_string(self.0.text.clone())
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_byte_buf(self.0.text.clone().into_bytes())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.is_leaf() && self.0.text.is_empty() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        Group(vec![self.0]).deserialize_seq(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let mut entries: Vec<(String, Entry<'a>)> = Vec::new();
        for (key, value) in self.visible_attributes() {
            entries.push((key.clone(), Entry::Text(value.as_str())));
        }
        for child in &self.0.children {
            match entries.iter_mut().find(|(k, _)| *k == child.name) {
                Some((_, Entry::Elements(group))) => group.push(child),
                _ => entries.push((child.name.clone(), Entry::Elements(vec![child]))),
            }
        }
        visitor.visit_map(Entries {
            entries: entries.into_iter(),
            value: None,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_enum(self.0.text.clone().into_deserializer())
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

macro_rules! forward_to_first {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
                Node(self.0[0]).$method(visitor)
            }
        )*
    };
}

impl<'de, 'a> de::Deserializer<'de> for Group<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.0.len() > 1 {
            self.deserialize_seq(visitor)
        } else {
            Node(self.0[0]).deserialize_any(visitor)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_seq(de::value::SeqDeserializer::new(
            self.0.into_iter().map(Node),
        ))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        Node(self.0[0]).deserialize_option(visitor)
    }

    forward_to_first! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32
        deserialize_f64 deserialize_char deserialize_str deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_map deserialize_identifier
        deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        Node(self.0[0]).deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        Node(self.0[0]).deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        Node(self.0[0]).deserialize_struct(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        Node(self.0[0]).deserialize_enum(name, variants, visitor)
    }
}

impl<'de, 'a> de::IntoDeserializer<'de, DeError> for Node<'a> {
    type Deserializer = Node<'a>;

    fn into_deserializer(self) -> Node<'a> {
        self
    }
}

enum Entry<'a> {
    Text(&'a str),
    Elements(Vec<&'a Element>),
}

struct Entries<'a> {
    entries: std::vec::IntoIter<(String, Entry<'a>)>,
    value: Option<Entry<'a>>,
}

impl<'de, 'a> de::MapAccess<'de> for Entries<'a> {
    type Error = DeError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key.into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some(Entry::Text(text)) => {
                let element = Element {
                    text: text.to_owned(),
                    ..Element::default()
                };
                seed.deserialize(Node(&element))
            }
            Some(Entry::Elements(group)) => seed.deserialize(Group(group)),
            None => Err(DeError("a value without a key".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Answer {
        meetingkey: i64,
        #[serde(rename = "iCalendarURL")]
        calendar: Calendar,
        flags: Vec<bool>,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Calendar {
        host: String,
        attendee: Option<String>,
    }

    #[test]
    fn reads_prefixed_elements_leniently() {
        let doc = br#"<?xml version="1.0"?><a:root xmlns:a="urn:a" xmlns:m="urn:m"><m:body>
            <m:meetingkey>42</m:meetingkey><m:iCalendarURL><a:host>h &amp; x</a:host></m:iCalendarURL>
            <m:flags>TRUE</m:flags><m:flags>false</m:flags></m:body></a:root>"#;
        let root = Element::parse(doc).unwrap();
        let answer: Answer = root.child("body").unwrap().decode().unwrap();
        assert_eq!(
            answer,
            Answer {
                meetingkey: 42,
                calendar: Calendar {
                    host: "h & x".into(),
                    attendee: None
                },
                flags: vec![true, false],
            }
        );
    }
}
