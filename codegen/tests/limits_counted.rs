//! Which actions and triggers each limit counts, and which limits counted per value of a
//! parameter lack it, on random specs: the checker's answer (found through its indexes) is the
//! one a plain reading of the spec gives, limit by limit and call by call.

use std::fmt::Write as _;

use codegen::diag::Code;
use codegen::spec::ReadLimits;

#[path = "support/lcg.rs"]
mod lcg;
use lcg::Lcg;

/// What a limit applies to, as the spec writes it.
#[derive(Clone, Debug)]
enum Scope {
    Connection,
    Triggers,
    Actions(Vec<usize>),
    Trigger(Vec<usize>),
    Label(usize),
}

struct Case {
    actions: usize,
    /// Each action's rate label, by number.
    labels: Vec<Option<usize>>,
    /// Whether each action has the parameter `id`.
    has_id: Vec<bool>,
    /// Each polling trigger's action.
    polls: Vec<usize>,
    limits: Vec<(Scope, bool)>,
}

fn case(rng: &mut Lcg) -> Case {
    let actions = 1 + rng.below(12);
    let labels: Vec<Option<usize>> = (0..actions)
        .map(|_| (rng.below(3) > 0).then(|| rng.below(4)))
        .collect();
    let has_id: Vec<bool> = (0..actions).map(|_| rng.below(8) > 0).collect();
    let polls: Vec<usize> = (0..rng.below(5)).map(|_| rng.below(actions)).collect();
    let limits = (0..1 + rng.below(8))
        .map(|_| {
            let polls = polls.len();
            let names = |rng: &mut Lcg, n: usize| -> Vec<usize> {
                // Repeated names, and now and then the name of nothing (n), on purpose.
                (0..1 + rng.below(4))
                    .map(|_| if rng.below(12) == 0 { n } else { rng.below(n) })
                    .collect()
            };
            let scope = match rng.below(5) {
                0 => Scope::Connection,
                1 => Scope::Triggers,
                2 => Scope::Actions(names(rng, actions)),
                3 if polls > 0 => Scope::Trigger(names(rng, polls)),
                3 => Scope::Connection,
                // Mostly a label some action has; now and then one none has.
                _ => Scope::Label(match labels[rng.below(actions)] {
                    Some(label) if rng.below(8) > 0 => label,
                    _ => rng.below(5),
                }),
            };
            (scope, rng.below(4) == 0)
        })
        .collect();
    Case {
        actions,
        labels,
        has_id,
        polls,
        limits,
    }
}

fn spec(case: &Case) -> String {
    let mut out = String::from("title: Limits\nbase_url: https://api.example.com\nlimits:\n");
    for (i, (scope, per_id)) in case.limits.iter().enumerate() {
        let list = |prefix: &str, names: &[usize]| {
            let names: Vec<String> = names.iter().map(|n| format!("{prefix}{n}")).collect();
            names.join(", ")
        };
        let applies = match scope {
            Scope::Connection => "connection".to_owned(),
            Scope::Triggers => "triggers".to_owned(),
            Scope::Actions(names) => format!("{{ actions: [{}] }}", list("Act", names)),
            Scope::Trigger(names) => format!("{{ trigger: [{}] }}", list("OnPoll", names)),
            Scope::Label(label) => format!("{{ label: L{label} }}"),
        };
        let _ = writeln!(
            out,
            "  - name: Limit {i}\n    calls: 10\n    per: 1s\n    applies_to: {applies}"
        );
        if *per_id {
            let _ = writeln!(out, "    per_value_of: id");
        }
    }
    let _ = writeln!(out, "actions:");
    for a in 0..case.actions {
        let _ = writeln!(
            out,
            "  Act{a}:\n    summary: Act {a}\n    request: GET /items{a}\n    response: {{ type: Page }}"
        );
        if let Some(label) = case.labels[a] {
            let _ = writeln!(out, "    rate_label: L{label}");
        }
        if case.has_id[a] {
            let _ = writeln!(out, "    params:\n      id: {{ in: query, type: string }}");
        }
    }
    let _ = writeln!(
        out,
        "objects:\n  Page:\n    fields:\n      value: [{{ fields: {{ key: string }} }}]"
    );
    if !case.polls.is_empty() {
        let _ = writeln!(out, "triggers:");
    }
    for (t, action) in case.polls.iter().enumerate() {
        let _ = writeln!(
            out,
            "  OnPoll{t}:\n    summary: Poll {t}\n    poll:\n      action: Act{action}\n      \
             items: value\n      identity: key\n      order: unordered"
        );
        if case.has_id[*action] {
            let _ = writeln!(out, "    params:\n      id: {{ in: query, type: string }}");
        }
    }
    out
}

/// The limits each action and each trigger counts, read plainly from the case.
fn expected(case: &Case) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut actions = vec![Vec::new(); case.actions];
    let mut triggers = vec![Vec::new(); case.polls.len()];
    for (index, (scope, _)) in case.limits.iter().enumerate() {
        for (a, limits) in actions.iter_mut().enumerate() {
            let counts = match scope {
                Scope::Connection => true,
                Scope::Actions(names) => names.contains(&a),
                Scope::Label(label) => case.labels[a] == Some(*label),
                Scope::Triggers | Scope::Trigger(_) => false,
            };
            if counts {
                limits.push(index);
            }
        }
        for (t, limits) in triggers.iter_mut().enumerate() {
            let counts = match scope {
                Scope::Connection | Scope::Triggers => true,
                Scope::Trigger(names) => names.contains(&t),
                _ => false,
            };
            if counts {
                limits.push(index);
            }
        }
    }
    (actions, triggers)
}

/// How many limits counted per `id` count an action without it.
fn expected_missing_params(case: &Case) -> usize {
    case.limits
        .iter()
        .filter(|(scope, per_id)| {
            *per_id
                && (0..case.actions).any(|a| {
                    let counted = match scope {
                        Scope::Actions(names) => names.contains(&a),
                        Scope::Label(label) => case.labels[a] == Some(*label),
                        _ => true,
                    };
                    counted && !case.has_id[a]
                })
        })
        .count()
}

#[test]
fn each_limit_counts_the_calls_the_spec_names() {
    let mut rng = Lcg(7);
    let mut checked = 0;
    for n in 0..1500 {
        let case = case(&mut rng);
        let text = spec(&case);
        let outcome = codegen::check_source("limits.yaml", text.clone(), &ReadLimits::default());
        let missing = outcome
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::UnknownParam)
            .count();
        assert_eq!(missing, expected_missing_params(&case), "case {n}:\n{text}");
        let Some(connector) = outcome.connector else {
            continue;
        };
        let (actions, triggers) = expected(&case);
        for (a, action) in connector.actions.iter().enumerate() {
            assert_eq!(
                action.limits, actions[a],
                "case {n}, {}:\n{text}",
                action.name
            );
        }
        for (t, trigger) in connector.triggers.iter().enumerate() {
            assert_eq!(
                trigger.limits, triggers[t],
                "case {n}, {}:\n{text}",
                trigger.name
            );
        }
        checked += 1;
    }
    assert!(checked > 500, "only {checked} random specs checked");
}
