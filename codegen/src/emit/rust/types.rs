//! Rust types for IR types, the inventory of every named and inline type of a connector, and
//! the recursion analysis that decides which fields are boxed.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{docs, enums, structs, Ctx};
use crate::ir::{
    Action, Body, Connector, EnumType, Field, NamedType, ObjectType, PollSource, Response,
    ScalarKind, TriggerKind, Type,
};

/// A type the module declares, with the documentation it gets.
pub(crate) enum Decl<'a> {
    /// A named type that is neither an object nor an enum: a `type` alias.
    Alias(&'a NamedType),
    /// A struct.
    Struct(&'a ObjectType, TokenStream),
    /// An enum.
    Enum(&'a EnumType, TokenStream),
}

/// The `types` module: every named and inline type, in first-use order.
pub(crate) fn emit_types(ctx: &Ctx) -> TokenStream {
    let decls = inventory(ctx.connector);
    if decls.is_empty() {
        return TokenStream::new();
    }
    let items: Vec<TokenStream> = if ctx.splice {
        vec![super::parallel::marker(super::parallel::Section::Types)]
    } else {
        decls.iter().map(|decl| type_item(ctx, decl)).collect()
    };
    // The serde derives under names no spec type can take, so that derive lines stay short.
    let serde_derives = if decls.iter().any(|d| matches!(d, Decl::Struct(..))) {
        let rt = &ctx.rt;
        quote!(use #rt::serde::{Deserialize as __Deserialize, Serialize as __Serialize};)
    } else {
        TokenStream::new()
    };
    quote! {
        /// The connector's types: one for every object, inline object and enum of the spec.
        pub mod types {
            #serde_derives
            #(#items)*
        }
    }
}

/// The item that declares `decl`.
pub(crate) fn type_item(ctx: &Ctx, decl: &Decl) -> TokenStream {
    match decl {
        Decl::Alias(named) => {
            let ident = format_ident!("{}", named.rust_name);
            let target = rust_type(ctx, &named.ty, &TokenStream::new());
            let doc = docs::doc_or(
                named.summary.as_deref(),
                named.description.as_deref(),
                &format!("The `{}` type.", named.name),
            );
            let allow = allow_case(&named.rust_name);
            quote! {
                #doc
                #allow
                pub type #ident = #target;
            }
        }
        Decl::Struct(object, doc) => structs::emit_struct(ctx, object, doc),
        Decl::Enum(enum_type, doc) => enums::emit_enum(ctx, enum_type, doc),
    }
}

/// `#[allow(non_camel_case_types)]` for a type name the sanitiser could not make camel case
/// (`N_1st`).
pub(crate) fn allow_case(name: &str) -> TokenStream {
    let trimmed = name.trim_matches('_');
    let chars: Vec<char> = trimmed.chars().collect();
    let camel = trimmed.is_empty()
        || (!chars[0].is_lowercase()
            && !trimmed.contains("__")
            && !chars.windows(2).any(|w| {
                (w[0].is_alphabetic() && w[1] == '_') || (w[0] == '_' && w[1].is_alphabetic())
            }));
    if camel {
        TokenStream::new()
    } else {
        quote!(#[allow(non_camel_case_types)])
    }
}

/// Every declared type of the connector, each once, in first-use order.
pub(crate) fn inventory(connector: &Connector) -> Vec<Decl<'_>> {
    let mut walk = Walk {
        seen: BTreeSet::new(),
        decls: Vec::new(),
    };
    for named in &connector.objects {
        let doc = docs::doc(named.summary.as_deref(), named.description.as_deref());
        match &named.ty {
            Type::Object(_) | Type::Enum(_) => walk.ty(&named.ty, doc),
            other => {
                walk.decls.push(Decl::Alias(named));
                walk.ty(other, TokenStream::new());
            }
        }
    }
    for field in &connector.connection {
        walk.field(field);
    }
    if let Some(ty) = &connector.errors.ty {
        walk.ty(ty, TokenStream::new());
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
                walk.ty(&poll.item_type, TokenStream::new());
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
                walk.ty(&hook.payload, TokenStream::new());
            }
        }
    }
    walk.decls
}

struct Walk<'a> {
    seen: BTreeSet<String>,
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
            self.ty(ty, TokenStream::new());
        }
    }

    fn body(&mut self, body: &'a Body) {
        let doc = docs::doc(body.summary.as_deref(), body.description.as_deref());
        self.ty(&body.ty, doc);
    }

    fn response(&mut self, response: &'a Response) {
        if let Some(ty) = &response.ty {
            self.ty(ty, docs::doc(None, response.description.as_deref()));
        }
        for header in &response.headers {
            self.field(header);
        }
    }

    fn field(&mut self, field: &'a Field) {
        let doc = docs::doc(field.summary.as_deref(), field.description.as_deref());
        self.ty(&field.ty, doc);
    }

    fn ty(&mut self, ty: &'a Type, doc: TokenStream) {
        match ty {
            Type::Object(object) => {
                if self.seen.insert(object.rust_name.clone()) {
                    self.decls.push(Decl::Struct(object, doc));
                    for field in &object.fields {
                        self.field(field);
                    }
                    if let Some(value) = &object.additional {
                        self.ty(value, TokenStream::new());
                    }
                }
            }
            Type::Enum(enum_type) => {
                if self.seen.insert(enum_type.rust_name.clone()) {
                    self.decls.push(Decl::Enum(enum_type, doc));
                }
            }
            Type::List { item, .. } | Type::Map { value: item, .. } => self.ty(item, doc),
            Type::Scalar(_) | Type::Named(_) => {}
        }
    }
}

/// The Rust type of `ty`; `prefix` is the path to the `types` module from where it is used
/// (empty inside it).
pub(crate) fn rust_type(ctx: &Ctx, ty: &Type, prefix: &TokenStream) -> TokenStream {
    let rt = &ctx.rt;
    match ty {
        Type::Scalar(scalar) => match scalar.kind {
            ScalarKind::String if scalar.is_date_time() => quote!(#rt::DateTime),
            ScalarKind::String if scalar.format.as_deref() == Some("binary") => quote!(#rt::File),
            ScalarKind::String => quote!(::std::string::String),
            ScalarKind::Integer if scalar.format.as_deref() == Some("int32") => quote!(i32),
            ScalarKind::Integer => quote!(i64),
            ScalarKind::Number => quote!(f64),
            ScalarKind::Boolean => quote!(bool),
            ScalarKind::File => quote!(#rt::File),
            ScalarKind::Any => quote!(#rt::serde_json::Value),
            ScalarKind::Object => {
                quote!(#rt::serde_json::Map<::std::string::String, #rt::serde_json::Value>)
            }
        },
        Type::Named(name) => match ctx.connector.object(name) {
            Some(named) => {
                let ident = format_ident!("{}", named.rust_name);
                quote!(#prefix #ident)
            }
            None => quote!(#rt::serde_json::Value),
        },
        Type::List { item, .. } => {
            let item = rust_type(ctx, item, prefix);
            quote!(::std::vec::Vec<#item>)
        }
        Type::Map { value, .. } => {
            let value = rust_type(ctx, value, prefix);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        Type::Object(object) => {
            let ident = format_ident!("{}", object.rust_name);
            quote!(#prefix #ident)
        }
        Type::Enum(enum_type) => {
            let ident = format_ident!("{}", enum_type.rust_name);
            quote!(#prefix #ident)
        }
    }
}

/// Whether a value of `ty` has a `Default` (so a struct of such fields can derive it).
pub(crate) fn has_default(connector: &Connector, ty: &Type) -> bool {
    match connector.resolve(ty) {
        Type::Scalar(scalar) => !scalar.is_date_time(),
        Type::List { .. } | Type::Map { .. } => true,
        Type::Named(_) | Type::Object(_) | Type::Enum(_) => false,
    }
}

/// Which structs can derive `Eq` and `Hash`: those that hold no floating-point number, directly
/// or through the types they hold.
pub(crate) struct Hashable {
    /// Structs (by Rust name) that cannot.
    not: BTreeSet<String>,
}

impl Hashable {
    /// The structs of `connector` that can.
    pub(crate) fn of(connector: &Connector) -> Hashable {
        let objects: Vec<&ObjectType> = inventory(connector)
            .into_iter()
            .filter_map(|decl| match decl {
                Decl::Struct(object, _) => Some(object),
                _ => None,
            })
            .collect();
        let mut hashable = Hashable {
            not: BTreeSet::new(),
        };
        // Until nothing changes: a struct holding one that cannot, cannot either.
        loop {
            let mut changed = false;
            for object in &objects {
                if hashable.not.contains(&object.rust_name) {
                    continue;
                }
                let fields_ok = object
                    .fields
                    .iter()
                    .all(|f| hashable.type_ok(connector, &f.ty))
                    && object
                        .additional
                        .as_ref()
                        .is_none_or(|v| hashable.type_ok(connector, v));
                if !fields_ok {
                    hashable.not.insert(object.rust_name.clone());
                    changed = true;
                }
            }
            if !changed {
                return hashable;
            }
        }
    }

    /// Whether the struct `object` can derive `Eq` and `Hash`.
    pub(crate) fn object(&self, object: &ObjectType) -> bool {
        !self.not.contains(&object.rust_name)
    }

    fn type_ok(&self, connector: &Connector, ty: &Type) -> bool {
        match connector.resolve(ty) {
            Type::Scalar(scalar) => scalar.kind != ScalarKind::Number,
            Type::List { item, .. } => self.type_ok(connector, item),
            Type::Map { value, .. } => self.type_ok(connector, value),
            Type::Object(object) => !self.not.contains(&object.rust_name),
            Type::Enum(_) | Type::Named(_) => true,
        }
    }
}

/// Which struct fields need a `Box` because their struct contains itself through them.
pub(crate) struct Recursion {
    /// Struct name → structs it holds directly (not through a list or map).
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl Recursion {
    /// The containment graph of the connector's structs.
    pub(crate) fn of(connector: &Connector) -> Recursion {
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for decl in inventory(connector) {
            if let Decl::Struct(object, _) = decl {
                let targets = object
                    .fields
                    .iter()
                    .filter_map(|f| direct_struct(connector, &f.ty))
                    .collect();
                edges.insert(object.rust_name.clone(), targets);
            }
        }
        Recursion { edges }
    }

    /// Whether a field of type `ty` in struct `owner` must be boxed.
    pub(crate) fn needs_box(&self, connector: &Connector, owner: &str, ty: &Type) -> bool {
        let Some(target) = direct_struct(connector, ty) else {
            return false;
        };
        let mut stack = vec![target];
        let mut visited = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if name == owner {
                return true;
            }
            if !visited.insert(name.clone()) {
                continue;
            }
            if let Some(next) = self.edges.get(&name) {
                stack.extend(next.iter().cloned());
            }
        }
        false
    }
}

/// The struct a field of type `ty` holds directly, if any.
fn direct_struct(connector: &Connector, ty: &Type) -> Option<String> {
    match connector.resolve(ty) {
        Type::Object(object) => Some(object.rust_name.clone()),
        _ => None,
    }
}
