//! Every request of an action is built in one place: the action's function in the generated
//! `requests` module. The action's method, its `_stream` method and every poller over it call
//! that function, so they cannot send different requests for the same arguments (the defect
//! was a poller writing `tag=x%2Cy` where its action wrote `tag=x&tag=y`).
//!
//! Checked on the generated code of every seed, example and adversarial spec: the `requests`
//! module has one function per action and each builds one request, and outside it requests are
//! built only where no action exists to build them (a poll's own request, a webhook's subscribe
//! and unsubscribe calls).

use std::path::{Path, PathBuf};

use codegen::emit::rust::{emit_module, RustOptions};
use codegen::ir::{PollSource, TriggerKind};

fn specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in [
        "connectors",
        "examples/custom-connector/specs",
        "tests/rust_adversarial",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// How often `Request::new(` is called in `tokens`.
fn request_news(tokens: proc_macro2::TokenStream) -> usize {
    let text = tokens.to_string().replace(' ', "");
    text.matches("Request::new(").count()
}

#[test]
fn each_action_request_is_built_in_one_place() {
    let mut checked = 0;
    for spec in specs() {
        let connector = codegen::check_file(&spec)
            .connector
            .unwrap_or_else(|| panic!("{} checks", spec.display()));
        let code = emit_module(&connector, &RustOptions::default()).unwrap();
        let file: syn::File = syn::parse_str(&code).unwrap();
        let mut in_builders = 0;
        let mut builders = 0;
        let mut elsewhere = 0;
        for item in &file.items {
            match item {
                syn::Item::Mod(module) if module.ident == "requests" => {
                    for item in &module.content.as_ref().unwrap().1 {
                        if let syn::Item::Fn(function) = item {
                            builders += 1;
                            let news = request_news(quote::quote!(#function));
                            assert_eq!(news, 1, "{}: {}", spec.display(), function.sig.ident);
                            in_builders += news;
                        }
                    }
                }
                other => elsewhere += request_news(quote::quote!(#other)),
            }
        }
        let own_requests: usize = connector
            .triggers
            .iter()
            .map(|trigger| match &trigger.kind {
                TriggerKind::Poll(poll) => match poll.source {
                    PollSource::Request { .. } => 1,
                    PollSource::Action(_) => 0,
                },
                TriggerKind::Webhook(webhook) => 1 + usize::from(webhook.unsubscribe.is_some()),
            })
            .sum();
        assert_eq!(builders, connector.actions.len(), "{}", spec.display());
        assert_eq!(in_builders, connector.actions.len(), "{}", spec.display());
        assert_eq!(
            elsewhere,
            own_requests,
            "{}: a method builds an action's request itself",
            spec.display()
        );
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} specs were found");
}
