//! A method's or request builder's arguments as text, as [`super::inputs::declare`] declares
//! them, and the expression each input is read through, for the text writers.

use super::inputs::{is_text, struct_fields_at, Input, Inputs, ParamKey, Style};
use super::type_text::{runtime, rust_type};
use super::Ctx;
use crate::fast_hash::Map as HashMap;
use crate::ir::{BodyEncoding, Param};
use crate::names::Scope;

/// The arguments and the expression each input is read through.
pub(crate) struct Args<'a> {
    /// Each argument as `name: Type`, after `&self` and `connection`.
    pub list: Vec<String>,
    /// For each input, in the order of [`Inputs::list`], its key (none for the body), a
    /// reference to its value and whether it is a positional argument.
    pub refs: Vec<Reference<'a>>,
    /// The struct argument's name, when there is one.
    pub params: Option<String>,
    /// The reference of each parameter, by where it travels and its wire name.
    by_key: HashMap<ParamKey<'a>, usize>,
}

/// How the code reaches one input.
pub(crate) struct Reference<'a> {
    position: usize,
    /// Where the parameter travels and its wire name; `None` for the body.
    pub key: Option<ParamKey<'a>>,
    /// A reference to its value (`&params.field` for a field of the struct).
    pub text: String,
    /// Whether it is a positional argument.
    pub positional: bool,
}

impl Args<'_> {
    /// The reference to the parameter that travels where `param` does, under its wire name.
    pub(crate) fn param(&self, param: &Param) -> Option<&str> {
        let at = *self.by_key.get(&ParamKey::of(param))?;
        self.refs.get(at).map(|r| r.text.as_str())
    }

    /// The reference to the body.
    pub(crate) fn body(&self) -> Option<&str> {
        self.refs
            .iter()
            .find(|r| r.key.is_none())
            .map(|r| r.text.as_str())
    }
}

/// The arguments of a method or builder taking `inputs`, named after the names in `reserved`
/// (`connection`, and a poller's own arguments); `struct_name` is its struct in `params`.
pub(crate) fn arguments<'a>(
    ctx: &Ctx,
    inputs: &Inputs<'a>,
    (struct_name, reserved): (Option<&str>, &[&str]),
    style: Style,
) -> Option<Args<'a>> {
    let prefix = match style {
        Style::Method => "types::",
        Style::Borrowed => "super::types::",
    };
    let mut scope = Scope::new();
    for name in reserved {
        scope.claim((*name).into());
    }
    let mut args = Args {
        list: Vec::new(),
        refs: Vec::new(),
        params: None,
        by_key: HashMap::default(),
    };
    for (position, input) in inputs.list.iter().enumerate() {
        if !inputs.positional(input) {
            continue;
        }
        let name = scope.claim(input.base_name()).0;
        let (ty, text) = match input {
            Input::Body(body) => (body_argument_type(ctx, body, prefix)?, name.clone()),
            Input::Param(param) if is_text(ctx, &param.field.ty) && !param.field.secret => {
                ("&str".to_owned(), name.clone())
            }
            Input::Param(param) => match style {
                Style::Method => (value_type(ctx, param, prefix)?, ["&", &name].concat()),
                Style::Borrowed => (
                    ["&", &value_type(ctx, param, prefix)?].concat(),
                    name.clone(),
                ),
            },
        };
        args.list.push([&name, ": ", &ty].concat());
        let (key, positional) = (input.key(), true);
        args.refs.push(Reference {
            position,
            key,
            text,
            positional,
        });
    }
    if let Some(struct_name) = struct_name {
        let name = scope.claim("params".into()).0;
        match style {
            Style::Method => args.list.push([&name, ": params::", struct_name].concat()),
            Style::Borrowed => args
                .list
                .push([&name, ": &super::params::", struct_name].concat()),
        }
        for (position, input, field) in struct_fields_at(inputs) {
            let (key, text) = (input.key(), ["&", &name, ".", &field].concat());
            args.refs.push(Reference {
                position,
                key,
                text,
                positional: false,
            });
        }
        args.params = Some(name);
    }
    args.refs.sort_by_key(|r| r.position);
    for (at, reference) in args.refs.iter().enumerate() {
        if let Some(key) = reference.key {
            args.by_key.entry(key).or_insert(at);
        }
    }
    Some(args)
}

/// The type a method takes a body as, as [`super::inputs::body_argument_type`] gives it.
fn body_argument_type(ctx: &Ctx, body: &crate::ir::Body, prefix: &str) -> Option<String> {
    match body.encoding {
        BodyEncoding::Binary => Some("&[u8]".to_owned()),
        BodyEncoding::Text => Some("&str".to_owned()),
        _ => {
            let mut ty = "&".to_owned();
            rust_type(ctx, &body.ty, prefix, &mut ty)?;
            Some(ty)
        }
    }
}

/// A parameter's owned type, as [`super::inputs::value_type`] gives it.
pub(crate) fn value_type(ctx: &Ctx, param: &Param, prefix: &str) -> Option<String> {
    if param.field.secret && is_text(ctx, &param.field.ty) {
        return Some(format!("{}::Secret", runtime(ctx)?));
    }
    let mut ty = String::new();
    rust_type(ctx, &param.field.ty, prefix, &mut ty)?;
    Some(ty)
}
