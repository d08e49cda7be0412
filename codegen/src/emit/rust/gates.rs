//! Per-tag cargo features ([`super::RustOptions::tag_features`]): each action's method, stream,
//! request builder and `params` struct is compiled only when a feature of one of its tags is
//! on (`tag-<tag>`), and each type only when something that is compiled uses it. Actions
//! without tags, actions a poller lists, triggers, the connection and the service's error body
//! are always compiled, with every type they reach.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::inventory::{inventory, Decl};
use super::shared::Shared;
use crate::ir::{Action, Connector, Field, PollSource, TriggerKind, Type};

/// The feature a tag turns on: `tag-` and the tag in lower case, other characters as `-`.
pub fn tag_feature(tag: &str) -> String {
    let mut name = String::from("tag-");
    for c in tag.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    name.trim_end_matches('-').to_owned()
}

/// Which features gate each action and type; an item not listed is always compiled.
#[derive(Default)]
pub(crate) struct Gates {
    actions: BTreeMap<String, BTreeSet<String>>,
    types: BTreeMap<String, BTreeSet<String>>,
}

/// Who reaches a type: always-compiled items, or the features of the actions that do.
#[derive(Clone, PartialEq)]
enum Reach {
    Always,
    Features(BTreeSet<String>),
}

impl Gates {
    /// The gates of `connector`'s items; `shared` links each alias to the type it repeats.
    pub(crate) fn of(connector: &Connector, shared: &Shared) -> Gates {
        let graph = type_graph(connector, shared);
        let polled: BTreeSet<&str> = connector
            .triggers
            .iter()
            .filter_map(|t| match &t.kind {
                TriggerKind::Poll(poll) => match &poll.source {
                    PollSource::Action(name) => Some(name.as_str()),
                    PollSource::Request { .. } => None,
                },
                TriggerKind::Webhook(_) => None,
            })
            .collect();
        let mut gates = Gates::default();
        let mut reach: BTreeMap<String, Reach> = BTreeMap::new();
        let mut always = Vec::new();
        for action in &connector.actions {
            let roots = action_types(connector, action);
            if action.tags.is_empty() || polled.contains(action.name.as_str()) {
                always.extend(roots);
                continue;
            }
            let features: BTreeSet<String> = action.tags.iter().map(|t| tag_feature(t)).collect();
            gates.actions.insert(action.name.clone(), features.clone());
            mark(&graph, roots, &Reach::Features(features), &mut reach);
        }
        always.extend(always_types(connector));
        // Named types nothing gated reaches are declared for their own sake: always.
        always.extend(
            connector
                .objects
                .iter()
                .filter(|named| !reach.contains_key(&named.rust_name))
                .map(|named| named.rust_name.clone()),
        );
        mark(&graph, always, &Reach::Always, &mut reach);
        for (name, reach) in reach {
            if let Reach::Features(features) = reach {
                gates.types.insert(name, features);
            }
        }
        gates
    }

    /// Whether nothing is gated.
    pub(crate) fn is_empty(&self) -> bool {
        self.actions.is_empty() && self.types.is_empty()
    }

    /// `#[cfg(feature = …)]` (or `any` of several) for the action `name`, or nothing.
    pub(crate) fn action(&self, name: &str) -> TokenStream {
        cfg(self.actions.get(name))
    }

    /// `#[cfg(feature = …)]` (or `any` of several) for the type `rust_name`, or nothing.
    pub(crate) fn ty(&self, rust_name: &str) -> TokenStream {
        cfg(self.types.get(rust_name))
    }

    /// [`Gates::ty`] as the line prettyplease prints at `indent` (empty for a type that is
    /// not gated); `None` when that line would pass the margin.
    pub(crate) fn ty_line(&self, rust_name: &str, indent: usize) -> Option<String> {
        cfg_line(self.types.get(rust_name), indent)
    }

    /// [`Gates::action`] as the line prettyplease prints at `indent` (empty for an action
    /// that is not gated); `None` when that line would pass the margin.
    pub(crate) fn action_line(&self, name: &str, indent: usize) -> Option<String> {
        cfg_line(self.actions.get(name), indent)
    }
}

/// The line prettyplease prints for `features`' `#[cfg(…)]` at `indent`: empty for an item
/// that is not gated, `None` when the line would pass the margin.
fn cfg_line(features: Option<&BTreeSet<String>>, indent: usize) -> Option<String> {
    let Some(features) = features else {
        return Some(String::new());
    };
    let mut line = " ".repeat(indent);
    line.push_str("#[cfg(");
    let several = features.len() > 1;
    if several {
        line.push_str("any(");
    }
    for (i, feature) in features.iter().enumerate() {
        if i > 0 {
            line.push_str(", ");
        }
        line.push_str("feature = \"");
        line.push_str(feature);
        line.push('"');
    }
    if several {
        line.push(')');
    }
    line.push_str(")]");
    if line.len() > super::plain::WIDTH {
        return None;
    }
    line.push('\n');
    Some(line)
}

fn cfg(features: Option<&BTreeSet<String>>) -> TokenStream {
    match features {
        Some(features) if features.len() == 1 => {
            let feature = features.iter();
            quote!(#[cfg(#(feature = #feature)*)])
        }
        Some(features) => {
            let features = features.iter();
            quote!(#[cfg(any(#(feature = #features),*))])
        }
        None => TokenStream::new(),
    }
}

/// Marks every type reachable from `roots` as reached by `by`.
fn mark(
    graph: &BTreeMap<String, Vec<String>>,
    roots: Vec<String>,
    by: &Reach,
    reach: &mut BTreeMap<String, Reach>,
) {
    let mut stack = roots;
    while let Some(name) = stack.pop() {
        let next = match (reach.get_mut(&name), by) {
            (Some(Reach::Always), _) => false,
            (Some(entry), Reach::Always) => {
                *entry = Reach::Always;
                true
            }
            (Some(Reach::Features(have)), Reach::Features(add)) => {
                let before = have.len();
                have.extend(add.iter().cloned());
                have.len() != before
            }
            (None, by) => {
                reach.insert(name.clone(), by.clone());
                true
            }
        };
        if next {
            if let Some(targets) = graph.get(&name) {
                stack.extend(targets.iter().cloned());
            }
        }
    }
}

/// Type name → the names of the types its declaration names.
fn type_graph(connector: &Connector, shared: &Shared) -> BTreeMap<String, Vec<String>> {
    let mut graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for decl in inventory(connector) {
        let (name, targets) = match decl {
            Decl::Alias(named) => (named.rust_name.clone(), names_in(connector, &named.ty)),
            Decl::Struct(object, _) => {
                let mut targets: Vec<String> = object
                    .fields
                    .iter()
                    .flat_map(|f| names_in(connector, &f.ty))
                    .collect();
                if let Some(value) = &object.additional {
                    targets.extend(names_in(connector, value));
                }
                (object.rust_name.clone(), targets)
            }
            Decl::Enum(enum_type, _) => (enum_type.rust_name.clone(), Vec::new()),
        };
        let mut targets = targets;
        targets.extend(shared.alias_of(&name).map(str::to_owned));
        graph.entry(name).or_default().extend(targets);
    }
    graph
}

/// The declared types `ty` names directly (an inline type by its own name).
fn names_in(connector: &Connector, ty: &Type) -> Vec<String> {
    match ty {
        Type::Object(object) => vec![object.rust_name.clone()],
        Type::Enum(enum_type) => vec![enum_type.rust_name.clone()],
        Type::Named(name) => connector
            .object(name)
            .map(|named| vec![named.rust_name.clone()])
            .unwrap_or_default(),
        Type::List { item, .. } | Type::Map { value: item, .. } => names_in(connector, item),
        Type::Scalar(_) => Vec::new(),
    }
}

fn field_names(connector: &Connector, field: &Field) -> Vec<String> {
    names_in(connector, &field.ty)
}

/// The types an action's method, builder and `params` struct name.
fn action_types(connector: &Connector, action: &Action) -> Vec<String> {
    let mut names: Vec<String> = action
        .params
        .iter()
        .flat_map(|p| field_names(connector, &p.field))
        .collect();
    if let Some(body) = &action.body {
        names.extend(names_in(connector, &body.ty));
    }
    if let Some(ty) = &action.response.ty {
        names.extend(names_in(connector, ty));
    }
    for header in &action.response.headers {
        names.extend(field_names(connector, header));
    }
    if let Some(ty) = &action.errors.ty {
        names.extend(names_in(connector, ty));
    }
    names
}

/// The types that are always compiled: those of the connection, the error body, the triggers,
/// and named types no action reaches (declared by the spec for their own sake).
fn always_types(connector: &Connector) -> Vec<String> {
    let mut names: Vec<String> = connector
        .connection
        .iter()
        .flat_map(|f| field_names(connector, f))
        .collect();
    if let Some(ty) = &connector.errors.ty {
        names.extend(names_in(connector, ty));
    }
    for trigger in &connector.triggers {
        for param in &trigger.params {
            names.extend(field_names(connector, &param.field));
        }
        match &trigger.kind {
            TriggerKind::Poll(poll) => {
                names.extend(names_in(connector, &poll.item_type));
                if let PollSource::Request { response, body, .. } = &poll.source {
                    if let Some(ty) = &response.ty {
                        names.extend(names_in(connector, ty));
                    }
                    for header in &response.headers {
                        names.extend(field_names(connector, header));
                    }
                    if let Some(body) = body {
                        names.extend(names_in(connector, &body.ty));
                    }
                }
            }
            TriggerKind::Webhook(hook) => {
                if let Some(body) = &hook.body {
                    names.extend(names_in(connector, &body.ty));
                }
                names.extend(names_in(connector, &hook.payload));
            }
        }
    }
    names
}
