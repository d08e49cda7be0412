//! A request as generated methods describe it, before authentication and encoding.

use serde::Serialize;

use super::encode::{form_pairs, query_pairs, text, ArrayStyle};
use super::{Error, ErrorRule, File};

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
}

impl Method {
    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
        }
    }
}

/// One part of a multipart body.
#[derive(Clone, Debug)]
pub(crate) enum Part {
    Text(String, String),
    File(String, File),
}

/// A request body, encoded.
#[derive(Clone, Debug, Default)]
pub(crate) enum Body {
    #[default]
    None,
    Json(Vec<u8>),
    Form(Vec<(String, String)>),
    Multipart(Vec<Part>),
    Bytes(Vec<u8>),
    Text(String),
    Xml {
        xsi_type: Option<String>,
        value: serde_json::Value,
    },
}

/// A request: method, path relative to the base URL, parameters and body.
#[derive(Clone, Debug)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Body,
    pub(crate) content_type: Option<String>,
    pub(crate) errors: Option<ErrorRule>,
    pub(crate) idempotent: bool,
    pub(crate) call: CallName,
    pub(crate) label: Option<&'static str>,
    pub(crate) limit_values: Vec<(&'static str, String)>,
}

/// What a request counts as for the connection's limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum CallName {
    /// Neither an action nor a trigger poll: counted by connection-wide limits only.
    #[default]
    Unnamed,
    /// A call of this action (spec name).
    Action(&'static str),
    /// A poll of this trigger (spec name).
    Trigger(&'static str),
}

impl Request {
    /// A request for `path` (already percent-encoded), relative to the base URL.
    pub fn new(method: Method, path: String) -> Request {
        Request {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::None,
            content_type: None,
            errors: None,
            idempotent: false,
            call: CallName::Unnamed,
            label: None,
            limit_values: Vec::new(),
        }
    }

    /// Adds a query parameter; `None` adds nothing, lists follow `style`.
    pub fn query<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: ArrayStyle,
    ) -> Result<(), Error> {
        self.query.extend(query_pairs(name, value, style)?);
        Ok(())
    }

    /// Adds a header; `None` adds nothing.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Error> {
        let value = serde_json::to_value(value).map_err(Error::encode)?;
        if !value.is_null() {
            self.headers.push((name.to_owned(), text(&value)));
        }
        Ok(())
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        self.body = Body::Json(serde_json::to_vec(body).map_err(Error::encode)?);
        Ok(())
    }

    /// Sets a form body (nested bracket keys, 1/0 booleans).
    pub fn form<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        self.body = Body::Form(form_pairs(body)?);
        Ok(())
    }

    /// Sets an XML body: the body's fields inside the service's envelope, with `xsi:type`.
    pub fn xml<T: Serialize + ?Sized>(
        &mut self,
        xsi_type: Option<&str>,
        body: &T,
    ) -> Result<(), Error> {
        self.body = Body::Xml {
            xsi_type: xsi_type.map(str::to_owned),
            value: serde_json::to_value(body).map_err(Error::encode)?,
        };
        Ok(())
    }

    fn parts(&mut self) -> &mut Vec<Part> {
        if !matches!(self.body, Body::Multipart(_)) {
            self.body = Body::Multipart(Vec::new());
        }
        match &mut self.body {
            Body::Multipart(parts) => parts,
            _ => unreachable!("the body was just made multipart"),
        }
    }

    /// Adds a text part to a multipart body; `None` adds nothing.
    pub fn part_text<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Error> {
        let value = serde_json::to_value(value).map_err(Error::encode)?;
        if !value.is_null() {
            let value = match value {
                serde_json::Value::Bool(b) => if b { "1" } else { "0" }.to_owned(),
                other => text(&other),
            };
            self.parts().push(Part::Text(name.to_owned(), value));
        }
        Ok(())
    }

    /// Adds a file part to a multipart body.
    pub fn part_file(&mut self, name: &str, file: &File) {
        self.parts().push(Part::File(name.to_owned(), file.clone()));
    }

    /// Sets a raw body.
    pub fn bytes(&mut self, body: &[u8]) {
        self.body = Body::Bytes(body.to_vec());
    }

    /// Sets a text body.
    pub fn text(&mut self, body: &str) {
        self.body = Body::Text(body.to_owned());
    }

    /// Overrides the body's content type.
    pub fn content_type(&mut self, content_type: &str) {
        self.content_type = Some(content_type.to_owned());
    }

    /// Uses this failure rule instead of the service's.
    pub fn errors(&mut self, rule: ErrorRule) {
        self.errors = Some(rule);
    }

    /// Marks the request safe to repeat after a server error.
    pub fn idempotent(&mut self, idempotent: bool) {
        self.idempotent = idempotent;
    }

    /// Counts the request as a call of the action `name` (spec name) with its rate `label`.
    pub fn action(&mut self, name: &'static str, label: Option<&'static str>) {
        self.call = CallName::Action(name);
        self.label = label;
    }

    /// Counts the request as a poll of the trigger `name` (spec name).
    pub fn trigger(&mut self, name: &'static str) {
        self.call = CallName::Trigger(name);
        self.label = None;
    }

    /// Gives the value of `param`, for limits split per value of it; `None` gives nothing.
    pub fn limit_value<T: Serialize + ?Sized>(&mut self, param: &'static str, value: &T) {
        if let Ok(value) = serde_json::to_value(value) {
            if !value.is_null() {
                self.limit_values.push((param, text(&value)));
            }
        }
    }
}
