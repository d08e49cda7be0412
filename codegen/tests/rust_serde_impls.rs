//! Every struct of a generated module can be sent and received: in a JSON service's module each
//! struct is followed by one `json_object!` call naming all its fields (the map of other keys
//! after `+`), which implements both `Serialize` and `Deserialize` (in its `direct` form for a
//! client emitted with `RustOptions::fast_decode`); an XML service's structs keep serde's two
//! derives.

use std::collections::BTreeMap;
use std::path::PathBuf;

use codegen::emit::rust::{emit_module, RustOptions};
use proc_macro2::{TokenStream, TokenTree};
use syn::{Fields, Item};

fn emit(name: &str) -> String {
    emit_with(name, &RustOptions::default())
}

fn emit_with(name: &str, options: &RustOptions) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../connectors")
        .join(format!("{name}.yaml"));
    let connector = codegen::check_file(&path)
        .connector
        .unwrap_or_else(|| panic!("{name}.yaml does not check"));
    emit_module(&connector, options).expect("emits")
}

/// The items of the module's `types` module.
fn type_items(code: &str) -> Vec<Item> {
    let file = syn::parse_file(code).expect("the module parses");
    file.items
        .into_iter()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == "types" => m.content.map(|(_, items)| items),
            _ => None,
        })
        .expect("a types module")
}

/// Whether a `json_object!` call is in the `direct` form, the struct it names and the fields
/// it names, in order (the `+` map last).
fn json_object_fields(tokens: TokenStream) -> (bool, String, Vec<String>) {
    let mut trees = tokens.into_iter().peekable();
    let direct = matches!(trees.peek(), Some(TokenTree::Ident(form)) if form == "direct");
    if direct {
        trees.next();
    }
    let Some(TokenTree::Ident(name)) = trees.next() else {
        panic!("json_object! starts with the struct's name");
    };
    let Some(TokenTree::Group(group)) = trees.next() else {
        panic!("json_object!({name} …) names its fields in braces");
    };
    let mut fields = Vec::new();
    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
    for (i, tree) in inner.iter().enumerate() {
        if let (TokenTree::Ident(field), Some(TokenTree::Punct(colon))) = (tree, inner.get(i + 1)) {
            if colon.as_char() == ':' {
                let wire = inner.get(i + 2).map(ToString::to_string);
                assert!(
                    wire.is_some_and(|w| w.starts_with('"')),
                    "{name}.{field} has a wire name"
                );
                let mode = inner.get(i + 3).map(ToString::to_string);
                assert!(
                    matches!(mode.as_deref(), Some("req" | "def" | "opt")),
                    "{name}.{field} has a mode"
                );
                fields.push(field.to_string());
            }
        }
    }
    match (trees.next(), trees.next()) {
        (Some(TokenTree::Punct(plus)), Some(TokenTree::Ident(rest))) if plus.as_char() == '+' => {
            fields.push(rest.to_string())
        }
        (None, None) => {}
        other => panic!("unexpected tokens after {name}'s fields: {other:?}"),
    }
    (direct, name.to_string(), fields)
}

#[test]
fn every_json_struct_has_one_json_object_call_naming_all_its_fields() {
    for name in ["gotowebinar", "gotomeeting", "zoom", "clickmeeting"] {
        one_call_per_struct(&emit(name), name, false);
    }
}

/// `RustOptions::fast_decode` puts every call in the `direct` form, and changes nothing else.
#[test]
fn fast_decode_calls_the_direct_form() {
    let options = RustOptions {
        fast_decode: true,
        ..RustOptions::default()
    };
    let direct = emit_with("zoom", &options);
    one_call_per_struct(&direct, "zoom", true);
    let tokens = |code: &str| {
        let file = syn::parse_file(code).expect("the module parses");
        quote::ToTokens::to_token_stream(&file).to_string()
    };
    let compact = tokens(&emit("zoom"));
    let direct = tokens(&direct);
    assert!(
        direct.contains("json_object ! (direct "),
        "the token text has the form"
    );
    assert_eq!(
        direct.replace("json_object ! (direct ", "json_object ! ("),
        compact,
        "only the form differs"
    );
}

/// Each struct of `code`'s `types` module has one `json_object!` call naming all its fields, in
/// the `direct` form exactly when `direct` is set, and derives neither of serde's traits.
fn one_call_per_struct(code: &str, name: &str, direct: bool) {
    let items = type_items(code);
    let mut structs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut calls: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in items {
        match item {
            Item::Struct(s) => {
                let derives = s
                    .attrs
                    .iter()
                    .map(|a| a.meta.to_token_stream_text())
                    .collect::<String>();
                assert!(
                    !derives.contains("Serialize") && !derives.contains("Deserialize"),
                    "{name}: {} derives serde's traits too",
                    s.ident
                );
                let fields = match &s.fields {
                    Fields::Named(named) => named
                        .named
                        .iter()
                        .map(|f| f.ident.as_ref().expect("named").to_string())
                        .collect(),
                    _ => Vec::new(),
                };
                structs.insert(s.ident.to_string(), fields);
            }
            Item::Macro(m)
                if m.mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "json_object") =>
            {
                let (form, target, fields) = json_object_fields(m.mac.tokens);
                assert_eq!(form, direct, "{name}: the form of {target}'s call");
                assert!(
                    calls.insert(target.clone(), fields).is_none(),
                    "{name}: two json_object! calls for {target}"
                );
            }
            _ => {}
        }
    }
    assert!(!structs.is_empty(), "{name} has structs");
    assert_eq!(
        structs, calls,
        "{name}: structs and their json_object! calls"
    );
}

#[test]
fn xml_structs_keep_serdes_derives() {
    every_struct_derives_serde(&emit("webex"), "webex");
}

fn every_struct_derives_serde(code: &str, name: &str) {
    let items = type_items(code);
    let mut seen = 0;
    for item in items {
        match item {
            Item::Struct(s) => {
                let attrs: String = s
                    .attrs
                    .iter()
                    .map(|a| a.meta.to_token_stream_text())
                    .collect();
                assert!(
                    attrs.contains("__Serialize") && attrs.contains("__Deserialize"),
                    "{name}: {} derives both",
                    s.ident
                );
                seen += 1;
            }
            Item::Macro(m) => assert!(
                !m.mac.path.segments.iter().any(|s| s.ident == "json_object"),
                "{name}: no json_object! call"
            ),
            _ => {}
        }
    }
    assert!(seen > 0, "{name} has structs");
}

/// Text of an attribute's tokens.
trait TokenText {
    fn to_token_stream_text(&self) -> String;
}

impl TokenText for syn::Meta {
    fn to_token_stream_text(&self) -> String {
        quote::ToTokens::to_token_stream(self).to_string()
    }
}
