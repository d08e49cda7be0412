//! `Connector::resolve` answers from the alias-chain index in one step; on random alias graphs
//! (chains, chains into cycles, names of nothing, objects that name themselves) its answer is
//! the one a plain walk gives.

use codegen::ir::{Connector, Type};

#[path = "support/lcg.rs"]
mod lcg;
use lcg::Lcg;

/// A checked connector with `n` plain objects `O0` … `O{n-1}`.
fn connector(n: usize) -> Connector {
    let mut spec = String::from("title: Aliases\nbase_url: https://api.example.com\nobjects:\n");
    for i in 0..n {
        spec.push_str(&format!("  O{i}:\n    fields:\n      id: string\n"));
    }
    spec.push_str("actions:\n  Get:\n    summary: Get\n    request: GET /o\n");
    let outcome = codegen::check_source("aliases.yaml", spec, &Default::default());
    outcome.connector.expect("the plain spec checks")
}

/// What `resolve` must give for `name`: the type at the end of the chain, or `None` when the
/// chain runs into a cycle (any name is then a fair answer).
fn walked<'c>(connector: &'c Connector, name: &str) -> Option<&'c Type> {
    let mut seen = std::collections::HashSet::new();
    let mut current = name;
    loop {
        if !seen.insert(current.to_owned()) {
            return None;
        }
        let object = connector.objects.iter().find(|o| o.name == current)?;
        match &object.ty {
            Type::Named(next) if connector.objects.iter().any(|o| &o.name == next) => {
                current = next;
            }
            other => return Some(other),
        }
    }
}

#[test]
fn resolve_follows_every_chain_to_its_end() {
    let mut rng = Lcg(0x5eed);
    for case in 0..400 {
        let n = 1 + rng.below(40);
        let mut connector = connector(n);
        let plain = connector.objects[0].ty.clone();
        for at in 0..n {
            connector.objects[at].ty = match rng.below(6) {
                0 => plain.clone(),
                1 => Type::Named(format!("Missing{at}")),
                // Mostly forward, so that long chains come up as well as cycles.
                2 | 3 => Type::Named(format!("O{}", (at + 1 + rng.below(3)).min(n - 1))),
                _ => Type::Named(format!("O{}", rng.below(n))),
            };
        }
        connector.index_objects();
        let mut names: Vec<String> = (0..n).map(|i| format!("O{i}")).collect();
        names.push("Nothing".into());
        for name in names {
            let asked = Type::Named(name.clone());
            let answer = connector.resolve(&asked);
            match walked(&connector, &name) {
                Some(end) => assert!(
                    std::ptr::eq(answer, end),
                    "case {case}: `{name}` resolves to {answer:?}, the walk ends at {end:?}"
                ),
                None if name == "Nothing" => assert_eq!(answer, &asked, "case {case}"),
                None => assert!(
                    matches!(answer, Type::Named(_)),
                    "case {case}: `{name}` runs into a cycle, yet resolves to {answer:?}"
                ),
            }
        }
    }
}

#[test]
fn a_long_chain_resolves_to_its_last_object() {
    let n = 5_000;
    let mut connector = connector(n);
    for at in 0..n - 1 {
        connector.objects[at].ty = Type::Named(format!("O{}", at + 1));
    }
    connector.index_objects();
    let last = &connector.objects[n - 1].ty;
    assert!(std::ptr::eq(
        connector.resolve(&Type::Named("O0".into())),
        last
    ));
    // Without the index, the walk reaches the same end.
    connector.object_index.clear();
    connector.alias_ends.clear();
    assert!(std::ptr::eq(
        connector.resolve(&Type::Named("O0".into())),
        last
    ));
}
