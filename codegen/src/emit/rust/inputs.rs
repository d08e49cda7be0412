//! What a caller gives a method: the parameters and body of an action or a trigger, and how
//! they are taken. Required inputs are positional while there are at most
//! [`MAX_POSITIONAL`] of them; optional inputs, and every input of a method with more required
//! ones, go into one struct of the `params` module. A method therefore never takes more
//! arguments than clippy's `too_many_arguments` allows.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::typeref::{allow_case, rust_type};
use super::{docs, Ctx};
use crate::fast_hash::Map as HashMap;
use crate::ir::{
    Action, Body, BodyEncoding, Connector, Param, ParamLocation, PollSource, ScalarKind, Trigger,
    TriggerKind, Type, Webhook,
};
use crate::names::Scope;

/// The most required inputs a method takes as positional arguments.
pub(crate) const MAX_POSITIONAL: usize = 4;

/// The most arguments besides `self` that clippy's `too_many_arguments` lets a method take.
const MAX_ARGUMENTS: usize = 6;

/// One input: a parameter or the body.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Input<'a> {
    /// A path, query or header parameter.
    Param(&'a Param),
    /// The request body.
    Body(&'a Body),
}

impl<'a> Input<'a> {
    pub(crate) fn required(&self) -> bool {
        match self {
            Input::Param(param) => param.field.required,
            Input::Body(body) => body.required,
        }
    }

    /// The Rust name it starts from.
    pub(crate) fn base_name(&self) -> String {
        match self {
            Input::Param(param) => param.field.rust_name.clone(),
            Input::Body(_) => "body".to_owned(),
        }
    }

    /// Where the parameter travels and its wire name; `None` for the body. Two parameters of
    /// one request may share a wire name (a path `id` and a query `id`), but not both.
    pub(crate) fn key(&self) -> Option<ParamKey<'a>> {
        match self {
            Input::Param(param) => Some(ParamKey::of(param)),
            Input::Body(_) => None,
        }
    }
}

/// What tells a request's parameters apart: where each travels, and its wire name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct ParamKey<'a> {
    location: ParamLocation,
    wire: &'a str,
}

impl<'a> ParamKey<'a> {
    /// The key of `param`.
    pub(crate) fn of(param: &'a Param) -> Self {
        ParamKey {
            location: param.location,
            wire: &param.field.wire_name,
        }
    }
}

/// The position of each parameter of `inputs` (the first, should two share a key).
fn param_positions<'a, 'b>(
    inputs: impl Iterator<Item = &'b Input<'a>>,
) -> HashMap<ParamKey<'a>, usize>
where
    'a: 'b,
{
    let mut positions = HashMap::default();
    for (at, input) in inputs.enumerate() {
        if let Some(key) = input.key() {
            positions.entry(key).or_insert(at);
        }
    }
    positions
}

/// The inputs of one method.
#[derive(Clone, Debug, Default)]
pub(crate) struct Inputs<'a> {
    /// In order: required parameters, the body, optional parameters.
    pub list: Vec<Input<'a>>,
    /// Arguments the method takes besides its inputs (a poller's store and options).
    pub extra_args: usize,
    /// How many of the inputs are required.
    required: usize,
}

impl<'a> Inputs<'a> {
    fn from_parts(params: impl IntoIterator<Item = &'a Param>, body: Option<&'a Body>) -> Self {
        let params: Vec<&Param> = params
            .into_iter()
            .filter(|p| p.field.value.is_none())
            .collect();
        let mut list: Vec<Input> = params
            .iter()
            .filter(|p| p.field.required)
            .map(|p| Input::Param(p))
            .collect();
        list.extend(body.map(Input::Body));
        list.extend(
            params
                .iter()
                .filter(|p| !p.field.required)
                .map(|p| Input::Param(p)),
        );
        let required = list.iter().filter(|i| i.required()).count();
        Inputs {
            list,
            extra_args: 0,
            required,
        }
    }

    fn with_extra_args(mut self, extra_args: usize) -> Self {
        self.extra_args = extra_args;
        self
    }

    /// What an action's method takes: its parameters (fixed ones are sent as they are) and body.
    pub(crate) fn of_action(_connector: &Connector, action: &'a Action) -> Self {
        Inputs::from_parts(&action.params, action.body.as_ref())
    }

    /// What the method of a trigger takes that has inputs: a poller, or a webhook's subscribe.
    /// A poller over a paged action never takes the paging parameter, which the runtime sets.
    pub(crate) fn of_trigger(connector: &'a Connector, trigger: &'a Trigger) -> Option<Self> {
        match &trigger.kind {
            TriggerKind::Poll(poll) => match &poll.source {
                PollSource::Action(name) => {
                    let action = connector.action(name)?;
                    let paging = paging_param(action);
                    Some(
                        Inputs::from_parts(
                            trigger
                                .params
                                .iter()
                                .filter(|p| Some(p.field.wire_name.as_str()) != paging),
                            action.body.as_ref(),
                        )
                        .with_extra_args(2),
                    )
                }
                PollSource::Request { body, .. } => {
                    Some(Inputs::from_parts(&trigger.params, body.as_ref()).with_extra_args(2))
                }
            },
            TriggerKind::Webhook(webhook) => {
                let body = webhook
                    .body
                    .as_ref()
                    .filter(|_| has_user_fields(connector, webhook));
                Some(Inputs::from_parts(&trigger.params, body).with_extra_args(1))
            }
        }
    }

    /// Whether the method takes a struct of the `params` module.
    pub(crate) fn needs_struct(&self) -> bool {
        self.has_optional() || !self.required_positional()
    }

    fn has_optional(&self) -> bool {
        self.required < self.list.len()
    }

    fn required_count(&self) -> usize {
        self.required
    }

    /// Whether the required inputs are positional: at most [`MAX_POSITIONAL`] of them, and
    /// room beside them for the struct and the method's other arguments.
    fn required_positional(&self) -> bool {
        let count = self.required_count();
        count <= MAX_POSITIONAL
            && count + usize::from(self.has_optional()) + self.extra_args <= MAX_ARGUMENTS
    }

    /// Whether `input` is a positional argument (else a field of the struct).
    pub(crate) fn positional(&self, input: &Input) -> bool {
        input.required() && self.required_positional()
    }
}

/// The parameter a paged action's runtime sets on every page (page number, offset, token).
pub(crate) fn paging_param(action: &Action) -> Option<&str> {
    use crate::ir::Pagination;
    match action.paginate.as_ref()? {
        Pagination::PageNumber { param, .. }
        | Pagination::Offset { param, .. }
        | Pagination::Cursor { param, .. } => Some(param),
        Pagination::NextLink { .. } | Pagination::LinkHeader { .. } => None,
    }
}

/// Whether the caller has anything to put in a subscription body: a field that is neither
/// fixed nor the notification URL (or an object holding it).
pub(crate) fn has_user_fields(connector: &Connector, webhook: &Webhook) -> bool {
    let Some(body) = &webhook.body else {
        return false;
    };
    let Type::Object(object) = connector.resolve(&body.ty) else {
        return false;
    };
    let url_top = webhook
        .notification_url
        .split(['.', '/'])
        .find(|s| !s.is_empty())
        .unwrap_or_default();
    object
        .fields
        .iter()
        .any(|f| f.value.is_none() && f.wire_name != url_top)
}

/// How the code of a method reaches one input.
#[derive(Clone, Debug)]
pub(crate) struct Binding<'a> {
    /// The input.
    pub input: Input<'a>,
    /// A reference to its value (`&str`, `&T`, `&[u8]`; an `&Option<T>` for optional ones).
    pub reference: TokenStream,
    /// The value itself, owned (`Option<T>` for optional ones).
    pub owned: TokenStream,
    /// Whether it is a positional argument.
    pub positional: bool,
    /// Its field in the struct, when it is not positional.
    pub field: Option<Ident>,
}

/// A method's arguments and how its code reaches each input.
#[derive(Clone, Debug)]
pub(crate) struct Declared<'a> {
    /// The argument declarations after `&self`, before any the caller adds.
    pub args: Vec<TokenStream>,
    /// One per input, in the order of [`Inputs::list`].
    pub bindings: Vec<Binding<'a>>,
    /// The binding of each parameter, by where it travels and its wire name.
    by_key: HashMap<ParamKey<'a>, usize>,
    /// The struct argument's name, when there is one.
    pub params: Option<Ident>,
}

impl Declared<'_> {
    /// The binding of the parameter that travels where `param` does, under its wire name.
    pub(crate) fn param(&self, param: &Param) -> Option<&Binding<'_>> {
        let at = *self.by_key.get(&ParamKey::of(param))?;
        self.bindings.get(at)
    }

    /// The binding of the body.
    pub(crate) fn body(&self) -> Option<&Binding<'_>> {
        self.bindings
            .iter()
            .find(|b| matches!(b.input, Input::Body(_)))
    }
}

/// How arguments are typed: as a public method takes them, or as references (the request
/// builders, which only read them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// Text as `&str`, a body by reference, other values by value; the struct by value.
    Method,
    /// Everything by reference, the struct too.
    Borrowed,
}

/// The arguments of a method taking `inputs`, after the names in `reserved`; `struct_name` is
/// its struct in `params` (when [`Inputs::needs_struct`]).
pub(crate) fn declare<'a>(
    ctx: &Ctx,
    inputs: &Inputs<'a>,
    reserved: &[&str],
    struct_name: Option<&str>,
    style: Style,
) -> Declared<'a> {
    let prefix = match style {
        Style::Method => quote!(types::),
        Style::Borrowed => quote!(super::types::),
    };
    let mut scope = Scope::new();
    for name in reserved {
        scope.claim((*name).into());
    }
    let mut args = Vec::new();
    let mut bindings: Vec<(usize, Binding)> = Vec::new();
    for (at, input) in inputs.list.iter().enumerate() {
        if !inputs.positional(input) {
            continue;
        }
        let ident = format_ident!("{}", scope.claim(input.base_name()).0);
        let (ty, reference, owned) = positional_arg(ctx, input, &ident, style, &prefix);
        args.push(quote!(#ident: #ty));
        let binding = Binding {
            input: *input,
            reference,
            owned,
            positional: true,
            field: None,
        };
        bindings.push((at, binding));
    }
    let params = struct_name.map(|name| {
        let ident = format_ident!("{}", scope.claim("params".into()).0);
        let ty = format_ident!("{}", name);
        match style {
            Style::Method => args.push(quote!(#ident: params::#ty)),
            Style::Borrowed => args.push(quote!(#ident: &super::params::#ty)),
        }
        ident
    });
    if let Some(params_ident) = &params {
        for (at, input, field) in struct_fields_at(inputs) {
            let field = format_ident!("{}", field);
            let binding = Binding {
                input,
                reference: quote!(&#params_ident.#field),
                owned: quote!(#params_ident.#field),
                positional: false,
                field: Some(field),
            };
            bindings.push((at, binding));
        }
    }
    // Back into the order of the inputs.
    bindings.sort_by_key(|(at, _)| *at);
    let bindings: Vec<Binding> = bindings.into_iter().map(|(_, b)| b).collect();
    let by_key = param_positions(bindings.iter().map(|b| &b.input));
    Declared {
        args,
        bindings,
        by_key,
        params,
    }
}

/// A positional input's argument type, the reference the request takes and an owned copy.
fn positional_arg(
    ctx: &Ctx,
    input: &Input,
    ident: &Ident,
    style: Style,
    prefix: &TokenStream,
) -> (TokenStream, TokenStream, TokenStream) {
    match (input, style) {
        (Input::Body(body), _) => (
            body_argument_type(ctx, body, prefix),
            quote!(#ident),
            match body.encoding {
                BodyEncoding::Binary => quote!(::std::vec::Vec::from(#ident)),
                BodyEncoding::Text => quote!(::std::string::String::from(#ident)),
                _ => quote!(::std::clone::Clone::clone(#ident)),
            },
        ),
        (Input::Param(param), _) if is_text(ctx, &param.field.ty) && !param.field.secret => (
            quote!(&str),
            quote!(#ident),
            quote!(::std::string::String::from(#ident)),
        ),
        (Input::Param(param), Style::Method) => (
            value_type(ctx, &param.field.ty, param.field.secret, prefix),
            quote!(&#ident),
            quote!(#ident),
        ),
        (Input::Param(param), Style::Borrowed) => {
            let ty = value_type(ctx, &param.field.ty, param.field.secret, prefix);
            (
                quote!(&#ty),
                quote!(#ident),
                quote!(::std::clone::Clone::clone(#ident)),
            )
        }
    }
}

/// The inputs kept in the struct, with their field names.
pub(crate) fn struct_fields<'a>(inputs: &Inputs<'a>) -> Vec<(Input<'a>, String)> {
    struct_fields_at(inputs)
        .into_iter()
        .map(|(_, input, field)| (input, field))
        .collect()
}

/// [`struct_fields`], each with its input's position in [`Inputs::list`].
pub(crate) fn struct_fields_at<'a>(inputs: &Inputs<'a>) -> Vec<(usize, Input<'a>, String)> {
    let mut scope = Scope::new();
    let in_struct: Vec<(usize, Input)> = inputs
        .list
        .iter()
        .enumerate()
        .filter(|(_, i)| !inputs.positional(i))
        .map(|(at, i)| (at, *i))
        .collect();
    // Parameters first, then the body, as the fields have always been named.
    let mut fields: Vec<(usize, Input, String)> = in_struct
        .iter()
        .filter(|(_, i)| matches!(i, Input::Param(_)))
        .map(|(at, i)| (*at, *i, scope.claim(i.base_name()).0))
        .collect();
    fields.extend(
        in_struct
            .iter()
            .filter(|(_, i)| matches!(i, Input::Body(_)))
            .map(|(at, i)| (*at, *i, scope.claim(i.base_name()).0)),
    );
    fields
}

/// The documentation of a parameter that has none: its wire name and where it travels, which
/// tells apart parameters sharing a name (a path `id` and a query `id`).
pub(crate) fn undocumented_param(param: &Param) -> String {
    let place = match param.location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
    };
    format!("The `{}` {place}.", param.field.wire_name)
}

/// The struct of the `params` module for `inputs`; `method` names the method it is for.
pub(crate) fn params_struct(ctx: &Ctx, inputs: &Inputs, name: &str, method: &str) -> TokenStream {
    let ident = format_ident!("{}", name);
    let allow = allow_case(name);
    let prefix = quote!(super::types::);
    let mut has_required = false;
    let fields = struct_fields(inputs).into_iter().map(|(input, field)| {
        let field = format_ident!("{}", field);
        let (ty, doc) = match input {
            Input::Param(param) => (
                value_type(ctx, &param.field.ty, param.field.secret, &prefix),
                docs::doc_or(
                    param.field.summary.as_deref(),
                    param.field.description.as_deref(),
                    &undocumented_param(param),
                ),
            ),
            Input::Body(body) => (
                body_owned_type(ctx, body, &prefix),
                docs::doc_or(
                    body.summary.as_deref(),
                    body.description.as_deref(),
                    "The request body.",
                ),
            ),
        };
        if input.required() {
            has_required = true;
            quote! { #doc pub #field: #ty, }
        } else {
            quote! { #doc pub #field: ::std::option::Option<#ty>, }
        }
    });
    let fields: Vec<TokenStream> = fields.collect();
    let default = if has_required {
        TokenStream::new()
    } else {
        quote!(, Default)
    };
    let doc = docs::lines(&if has_required {
        format!("The parameters of `Client::{method}`.")
    } else {
        format!("Optional parameters of `Client::{method}`.")
    });
    quote! {
        #doc
        #allow
        #[derive(Debug, Clone, PartialEq #default)]
        pub struct #ident {
            #(#fields)*
        }
    }
}

/// The owned type of a value: secrets held as the runtime's `Secret`.
pub(crate) fn value_type(ctx: &Ctx, ty: &Type, secret: bool, prefix: &TokenStream) -> TokenStream {
    let rt = &ctx.rt;
    if secret && is_text(ctx, ty) {
        quote!(#rt::Secret)
    } else {
        rust_type(ctx, ty, prefix)
    }
}

/// Whether values of `ty` are plain text (taken as `&str`).
pub(crate) fn is_text(ctx: &Ctx, ty: &Type) -> bool {
    matches!(ctx.connector.resolve(ty), Type::Scalar(s) if s.kind == ScalarKind::String && !s.is_date_time())
}

/// The owned type of a body.
pub(crate) fn body_owned_type(ctx: &Ctx, body: &Body, prefix: &TokenStream) -> TokenStream {
    match body.encoding {
        BodyEncoding::Binary => quote!(::std::vec::Vec<u8>),
        BodyEncoding::Text => quote!(::std::string::String),
        _ => rust_type(ctx, &body.ty, prefix),
    }
}

/// The type a method takes a body as: a reference to its Rust type, bytes or text.
pub(crate) fn body_argument_type(ctx: &Ctx, body: &Body, prefix: &TokenStream) -> TokenStream {
    match body.encoding {
        BodyEncoding::Binary => quote!(&[u8]),
        BodyEncoding::Text => quote!(&str),
        _ => {
            let ty = rust_type(ctx, &body.ty, prefix);
            quote!(&#ty)
        }
    }
}
