//! Each parameter is sent from its own value. Parameters may share a wire name in different
//! places (a path segment `id`, a query `id` and a header `id` are three inputs), and the
//! generated code once sent the first one's value for all three.
//!
//! Checked on the generated code of every seed, example and adversarial spec and on specs
//! written here: in every function that builds a request, the path segments, queries and
//! headers each read a different argument (or field of the `params` argument), and every
//! argument of a `requests` function is read.

use std::collections::BTreeMap;
use std::path::Path;

use codegen::emit::rust::{emit_module, RustOptions};

/// A function of the module: its arguments and its statements, each as its tokens.
struct Function {
    name: String,
    args: Vec<String>,
    statements: Vec<Vec<String>>,
    /// Whether it is one of the `requests` module's builders.
    builder: bool,
    /// The struct its `params` argument has, if any.
    params_struct: Option<String>,
    body: proc_macro2::TokenStream,
}

/// The functions of `items`, and the fields of each struct (by name).
fn functions(
    items: &[syn::Item],
    in_requests: bool,
    out: &mut Vec<Function>,
    structs: &mut BTreeMap<String, Vec<String>>,
) {
    for item in items {
        match item {
            syn::Item::Mod(module) => {
                if let Some((_, inner)) = &module.content {
                    functions(inner, module.ident == "requests", out, structs);
                }
            }
            syn::Item::Struct(item) => {
                let fields = item
                    .fields
                    .iter()
                    .filter_map(|f| f.ident.as_ref().map(|i| i.to_string()))
                    .collect();
                structs.insert(item.ident.to_string(), fields);
            }
            syn::Item::Fn(function) => {
                out.push(function_of(&function.sig, &function.block, in_requests))
            }
            syn::Item::Impl(block) => {
                for item in &block.items {
                    if let syn::ImplItem::Fn(function) = item {
                        out.push(function_of(&function.sig, &function.block, false));
                    }
                }
            }
            _ => {}
        }
    }
}

fn function_of(sig: &syn::Signature, block: &syn::Block, builder: bool) -> Function {
    let params_struct = sig.inputs.iter().find_map(|input| match input {
        syn::FnArg::Typed(typed) => match (&*typed.pat, &*typed.ty) {
            (syn::Pat::Ident(ident), syn::Type::Reference(reference))
                if ident.ident == "params" =>
            {
                match &*reference.elem {
                    syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
                    _ => None,
                }
            }
            _ => None,
        },
        syn::FnArg::Receiver(_) => None,
    });
    let args = sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(typed) => match &*typed.pat {
                syn::Pat::Ident(ident) => Some(ident.ident.to_string()),
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    let body = quote::ToTokens::to_token_stream(block);
    let mut statements = vec![Vec::new()];
    flatten(body.clone(), &mut statements);
    Function {
        name: sig.ident.to_string(),
        args,
        statements,
        builder,
        params_struct,
        body,
    }
}

/// The tokens of `tokens`, groups opened, into statements: a new one at each `;` at any depth.
fn flatten(tokens: proc_macro2::TokenStream, statements: &mut Vec<Vec<String>>) {
    use proc_macro2::TokenTree;
    for token in tokens {
        match token {
            TokenTree::Group(group) => flatten(group.stream(), statements),
            TokenTree::Punct(punct) if punct.as_char() == ';' => statements.push(Vec::new()),
            other => {
                if let Some(statement) = statements.last_mut() {
                    statement.push(other.to_string());
                }
            }
        }
    }
}

/// The inputs read by each field of each struct literal in `tokens` (`Name { field: value, … }`
/// with `Name` one of `structs`).
fn literal_fields(
    function: &Function,
    tokens: proc_macro2::TokenStream,
    structs: &BTreeMap<String, Vec<String>>,
    out: &mut Vec<Vec<String>>,
) {
    use proc_macro2::{Delimiter, TokenTree};
    let mut previous: Option<String> = None;
    for token in tokens {
        if let TokenTree::Group(group) = &token {
            let literal = group.delimiter() == Delimiter::Brace
                && previous.as_ref().is_some_and(|p| structs.contains_key(p));
            if literal {
                let mut fields = vec![Vec::new()];
                for inner in group.stream() {
                    match inner {
                        TokenTree::Punct(p) if p.as_char() == ',' => fields.push(Vec::new()),
                        other => {
                            let mut flat = vec![Vec::new()];
                            flatten(std::iter::once(other).collect(), &mut flat);
                            if let Some(field) = fields.last_mut() {
                                field.extend(flat.into_iter().flatten());
                            }
                        }
                    }
                }
                out.extend(fields.iter().map(|field| reads(function, field)));
            }
            literal_fields(function, group.stream(), structs, out);
        }
        previous = match &token {
            TokenTree::Ident(ident) => Some(ident.to_string()),
            _ => None,
        };
    }
}

/// Whether the statement sends a parameter: a path segment, a query or a header.
fn sends(statement: &[String]) -> bool {
    statement.windows(3).any(|w| {
        (w[0] == "__request" && w[1] == "." && (w[2] == "query" || w[2] == "header"))
            || w[2] == "path_segment"
    })
}

/// The inputs a statement reads: positional arguments and fields of `params`.
fn reads(function: &Function, statement: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (at, token) in statement.iter().enumerate() {
        let after_dot = at > 0 && statement[at - 1] == ".";
        if after_dot {
            continue;
        }
        if token == "params" && statement.get(at + 1).is_some_and(|t| t == ".") {
            if let Some(field) = statement.get(at + 2) {
                found.push(format!("params.{field}"));
            }
        } else if token != "params"
            && !["connection", "store", "options"].contains(&token.as_str())
            && function.args.contains(token)
        {
            found.push(token.clone());
        }
    }
    found.sort();
    found.dedup();
    found
}

/// The problems of one module's text (inputs read twice or never), and how many statements
/// send a parameter.
fn problems(text: &str) -> (Vec<String>, usize) {
    let file = syn::parse_file(text).expect("the module parses");
    let mut all = Vec::new();
    let mut structs = BTreeMap::new();
    functions(&file.items, false, &mut all, &mut structs);
    let mut problems = Vec::new();
    let mut sending = 0;
    for function in &all {
        let mut readers: BTreeMap<String, usize> = BTreeMap::new();
        for statement in function.statements.iter().filter(|s| sends(s)) {
            sending += 1;
            for read in reads(function, statement) {
                *readers.entry(read).or_default() += 1;
            }
        }
        let mut fields = Vec::new();
        literal_fields(function, function.body.clone(), &structs, &mut fields);
        for read in fields.into_iter().flatten() {
            *readers.entry(read).or_default() += 1;
        }
        for (read, count) in &readers {
            if *count > 1 {
                problems.push(format!("{}: {read} is sent {count} times", function.name));
            }
        }
        if function.builder {
            let every: Vec<String> = function
                .statements
                .iter()
                .flat_map(|s| reads(function, s))
                .collect();
            let fields = function
                .params_struct
                .as_ref()
                .and_then(|name| structs.get(name))
                .into_iter()
                .flatten()
                .map(|field| format!("params.{field}"));
            let positional = function
                .args
                .iter()
                .filter(|a| *a != "connection" && *a != "params")
                .cloned();
            for input in positional.chain(fields) {
                if !every.contains(&input) {
                    problems.push(format!("{}: {input} is never read", function.name));
                }
            }
        }
    }
    (problems, sending)
}

fn module_of(name: &str, text: &str) -> String {
    let outcome = codegen::check_source(name, text.to_owned(), &Default::default());
    let connector = outcome.connector.unwrap_or_else(|| {
        panic!("{name} checks: {:?}", outcome.diagnostics);
    });
    emit_module(&connector, &RustOptions::default()).expect("emits")
}

/// One wire name `id` in the path, the query and a header, with few and with many required
/// inputs (positional arguments, then a `params` struct), in an action, in a poller over it and
/// in a webhook's subscribe call.
fn shared_wire_names() -> Vec<(String, String)> {
    let mut specs = Vec::new();
    for required in [false, true] {
        let extra: String = (0..6)
            .map(|i| format!("      p{i}: {{ in: query, type: string, required: {required} }}\n"))
            .collect();
        let params = format!(
            "    params:\n      id: {{ in: path, type: string, required: true }}\n      \
             qid: {{ in: query, name: id, type: string, required: {required} }}\n      \
             hid: {{ in: header, name: id, type: string, required: {required} }}\n{extra}"
        );
        let text = format!(
            "title: Shared\nbase_url: https://api.example.com\nobjects:\n  Item: {{ fields: \
             {{ id: string }} }}\n  Items: {{ list: Item }}\nactions:\n  ListItems:\n    \
             summary: List items\n    request: GET /items/{{id}}\n{params}    response: \
             {{ type: Items }}\ntriggers:\n  OnItem:\n    summary: On a new item\n    poll:\n      \
             action: ListItems\n      identity: [id]\n  OnHook:\n    summary: On a hook\n\
             {params}    webhook:\n      subscribe: POST /hooks/{{id}}\n      body:\n        \
             fields:\n          url: {{ type: uri, required: true }}\n      \
             notification_url: url\n      subscription_id: id\n      unsubscribe: DELETE \
             /hooks/{{id}}\n      payload: Item\n"
        );
        specs.push((format!("shared_{required}.yaml"), text));
    }
    specs
}

#[test]
fn each_parameter_is_sent_from_its_own_value() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (mut checked, mut sending) = (0, 0);
    let mut failures = Vec::new();
    let mut texts = shared_wire_names();
    for dir in [
        "connectors",
        "examples/custom-connector/specs",
        "tests/rust_adversarial",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).expect("the folder") {
            let path = entry.expect("an entry").path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(&path).expect("the spec");
                texts.push((path.display().to_string(), text));
            }
        }
    }
    for (name, text) in &texts {
        let module = module_of(name, text);
        checked += 1;
        let (found, sent) = problems(&module);
        sending += sent;
        failures.extend(found.into_iter().map(|p| format!("{name}: {p}")));
    }
    assert!(
        checked >= 10 && sending > 100,
        "{checked} specs, {sending} statements"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
