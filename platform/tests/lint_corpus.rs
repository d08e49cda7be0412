//! `connectorc lint` over the 263 real connectors of `../shared/corpus/powerplatform/` (no
//! crash; counts per rule printed), and over our own seed connectors (no errors).

mod manifest_support;

use std::collections::BTreeMap;

use connector_platform::emit::powerplatform;
use connector_platform::lint::{connector_folders, lint_folder, lint_texts, Severity};

#[test]
fn the_corpus_lints_without_a_crash() {
    let Some(root) = manifest_support::shared("corpus/powerplatform") else {
        return;
    };
    let folders = connector_folders(&root).expect("corpus readable");
    assert!(
        folders.len() >= 250,
        "found only {} connectors",
        folders.len()
    );
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for folder in &folders {
        let findings = lint_folder(folder).expect("folder readable");
        let mut rules_here: Vec<&str> = Vec::new();
        for f in &findings {
            assert!(
                connector_platform::lint::rule(f.rule).is_some(),
                "{} is reported but not in the rule table",
                f.rule
            );
            counts.entry(f.rule).or_default().0 += 1;
            rules_here.push(f.rule);
        }
        rules_here.sort();
        rules_here.dedup();
        for rule in rules_here {
            counts.entry(rule).or_default().1 += 1;
        }
    }
    println!("{} connectors linted", folders.len());
    for (rule, (findings, connectors)) in &counts {
        println!("{rule:<52} {findings:>6} findings in {connectors:>4} connectors");
    }
}

#[test]
fn our_seed_connectors_lint_without_errors() {
    let mut errors = Vec::new();
    for connector in manifest_support::clean_connectors() {
        let files = powerplatform::emit(&connector);
        for f in lint_texts(Some(&files.swagger), Some(&files.properties)) {
            if f.severity == Severity::Error {
                errors.push(format!(
                    "{}: {} {} {}",
                    connector.id, f.rule, f.path, f.message
                ));
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
