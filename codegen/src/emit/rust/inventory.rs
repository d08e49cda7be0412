//! The inventory of every named and inline type of a connector: what the module declares, each
//! once, and what the analyses in `struct_graph` read.

use crate::fast_hash::Set as HashSet;

use proc_macro2::TokenStream;

use super::docs;
use crate::ir::{
    Action, Body, Connector, EnumType, Field, NamedType, ObjectType, PollSource, Response,
    TriggerKind, Type,
};

/// A type the module declares, with the documentation it gets.
pub(crate) enum Decl<'a> {
    /// A named type that is neither an object nor an enum: a `type` alias.
    Alias(&'a NamedType),
    /// A struct.
    Struct(&'a ObjectType, Doc<'a>),
    /// An enum.
    Enum(&'a EnumType, Doc<'a>),
}

/// The texts a declared type's doc comment is made of. The doc attributes are built only where
/// the type is declared ([`Doc::tokens`]): the inventory is walked by every analysis and thread.
#[derive(Clone, Copy, Default)]
pub(crate) struct Doc<'a> {
    summary: Option<&'a str>,
    description: Option<&'a str>,
}

impl<'a> Doc<'a> {
    fn of(summary: &'a Option<String>, description: &'a Option<String>) -> Doc<'a> {
        Doc {
            summary: summary.as_deref(),
            description: description.as_deref(),
        }
    }

    /// The doc attributes (nothing when both texts are absent or blank).
    pub(crate) fn tokens(&self) -> TokenStream {
        docs::doc(self.summary, self.description)
    }

    /// The doc comment's text (blank when both texts are absent or blank).
    pub(crate) fn text(&self) -> String {
        docs::paragraphs(self.summary, self.description)
    }
}

/// Every declared type of the connector, each once, in first-use order.
pub(crate) fn inventory(connector: &Connector) -> Vec<Decl<'_>> {
    let mut walk = Walk {
        seen: HashSet::default(),
        decls: Vec::new(),
    };
    for named in &connector.objects {
        let doc = Doc::of(&named.summary, &named.description);
        match &named.ty {
            Type::Object(_) | Type::Enum(_) => walk.ty(&named.ty, doc),
            other => {
                walk.decls.push(Decl::Alias(named));
                walk.ty(other, Doc::default());
            }
        }
    }
    for field in &connector.connection {
        walk.field(field);
    }
    if let Some(ty) = &connector.errors.ty {
        walk.ty(ty, Doc::default());
    }
    for action in &connector.actions {
        walk.action(action);
    }
    for trigger in &connector.triggers {
        for param in &trigger.params {
            walk.field(&param.field);
        }
        match &trigger.kind {
            TriggerKind::Poll(poll) => {
                walk.ty(&poll.item_type, Doc::default());
                if let PollSource::Request { response, body, .. } = &poll.source {
                    walk.response(response);
                    if let Some(body) = body {
                        walk.body(body);
                    }
                }
            }
            TriggerKind::Webhook(hook) => {
                if let Some(body) = &hook.body {
                    walk.body(body);
                }
                walk.ty(&hook.payload, Doc::default());
            }
        }
    }
    walk.decls
}

struct Walk<'a> {
    /// Rust names of the types declared so far.
    seen: HashSet<&'a str>,
    decls: Vec<Decl<'a>>,
}

impl<'a> Walk<'a> {
    fn action(&mut self, action: &'a Action) {
        for param in &action.params {
            self.field(&param.field);
        }
        if let Some(body) = &action.body {
            self.body(body);
        }
        self.response(&action.response);
        if let Some(ty) = &action.errors.ty {
            self.ty(ty, Doc::default());
        }
    }

    fn body(&mut self, body: &'a Body) {
        self.ty(&body.ty, Doc::of(&body.summary, &body.description));
    }

    fn response(&mut self, response: &'a Response) {
        if let Some(ty) = &response.ty {
            let doc = Doc {
                summary: None,
                description: response.description.as_deref(),
            };
            self.ty(ty, doc);
        }
        for header in &response.headers {
            self.field(header);
        }
    }

    fn field(&mut self, field: &'a Field) {
        self.ty(&field.ty, Doc::of(&field.summary, &field.description));
    }

    fn ty(&mut self, ty: &'a Type, doc: Doc<'a>) {
        match ty {
            Type::Object(object) => {
                if self.seen.insert(&object.rust_name) {
                    self.decls.push(Decl::Struct(object, doc));
                    for field in &object.fields {
                        self.field(field);
                    }
                    if let Some(value) = &object.additional {
                        self.ty(value, Doc::default());
                    }
                }
            }
            Type::Enum(enum_type) => {
                if self.seen.insert(&enum_type.rust_name) {
                    self.decls.push(Decl::Enum(enum_type, doc));
                }
            }
            Type::List { item, .. } | Type::Map { value: item, .. } => self.ty(item, doc),
            Type::Scalar(_) | Type::Named(_) => {}
        }
    }
}
