//! Every name the client hands out, computed once per connector: method names (unique among
//! the client's own methods and the standard traits' methods), `_stream` and trigger method
//! names, and the structs of the `params` module.

use crate::fast_hash::Map as HashMap;

use super::inputs;
use crate::ir::{Connector, TriggerKind};
use crate::names::{pascal_ident, snake_ident, Scope};

/// Methods the generated `Client` defines itself, and names of methods of standard traits
/// (an inherent method of that name would shadow the trait's or trip clippy's
/// `should_implement_trait`).
const RESERVED_METHODS: &[&str] = &[
    // The client's own.
    "new",
    "with_auth",
    "limit_defs",
    "with_limit_mode",
    "with_limits",
    "with_clock",
    "with_retry",
    "with_retry_config",
    "with_error_body_limit",
    "with_answer_body_limit",
    "with_base_url",
    "with_http_client",
    "connection",
    "runtime",
    // Standard traits'.
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "fmt",
    "from",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into",
    "into_iter",
    "mul",
    "ne",
    "neg",
    "next",
    "not",
    "partial_cmp",
    "rem",
    "shl",
    "shr",
    "sub",
    "to_owned",
    "to_string",
    "try_from",
    "try_into",
    "type_id",
];

/// The names of one action's items.
#[derive(Clone, Debug)]
pub(crate) struct ActionNames {
    /// The client method.
    pub method: String,
    /// The `_stream` method of a paged action.
    pub stream: Option<String>,
    /// The struct in `params`, when the method takes one.
    pub params: Option<String>,
}

/// The names of one trigger's methods and its struct in `params`.
#[derive(Clone, Debug, Default)]
pub(crate) struct TriggerNames {
    /// `(suffix, method)`: `poller`, or `subscribe`, `unsubscribe` and `receive`.
    pub methods: Vec<(&'static str, String)>,
    /// The struct in `params`, when a method takes one.
    pub params: Option<String>,
}

/// Every name of a connector's client, by action and trigger spec name.
#[derive(Debug, Default)]
pub(crate) struct Names {
    actions: HashMap<String, ActionNames>,
    triggers: HashMap<String, TriggerNames>,
}

impl Names {
    /// The names of `connector`'s client.
    pub(crate) fn of(connector: &Connector) -> Names {
        let mut methods = Scope::new();
        for name in RESERVED_METHODS {
            methods.claim((*name).to_owned());
        }
        let mut structs = Scope::new();
        let mut names = Names::default();
        // Action methods first, so an action keeps its name before any derived one takes it.
        let action_methods: Vec<String> = connector
            .actions
            .iter()
            .map(|action| methods.claim(method_name(&action.rust_name)).0)
            .collect();
        for (action, method) in connector.actions.iter().zip(action_methods) {
            let stream = action
                .paginate
                .as_ref()
                .map(|_| methods.claim(format!("{method}_stream")).0);
            let params = inputs::Inputs::of_action(connector, action)
                .needs_struct()
                .then(|| structs.claim(format!("{}Params", pascal_ident(&method))).0);
            names.actions.insert(
                action.name.clone(),
                ActionNames {
                    method,
                    stream,
                    params,
                },
            );
        }
        for trigger in &connector.triggers {
            let suffixes: &[&'static str] = match &trigger.kind {
                TriggerKind::Poll(_) => &["poller"],
                TriggerKind::Webhook(_) => &["subscribe", "unsubscribe", "receive"],
            };
            let trigger_methods = suffixes
                .iter()
                .map(|suffix| {
                    // `snake_ident` joins `type_` and `poller` without a double underscore.
                    let base = snake_ident(&format!("{} {suffix}", trigger.rust_name));
                    (*suffix, methods.claim(base).0)
                })
                .collect();
            let params = inputs::Inputs::of_trigger(connector, trigger)
                .is_some_and(|i| i.needs_struct())
                .then(|| {
                    structs
                        .claim(format!("{}Params", pascal_ident(&trigger.rust_name)))
                        .0
                });
            names.triggers.insert(
                trigger.name.clone(),
                TriggerNames {
                    methods: trigger_methods,
                    params,
                },
            );
        }
        names
    }

    /// The names of the action `name` (spec name).
    pub(crate) fn action(&self, name: &str) -> &ActionNames {
        &self.actions[name]
    }

    /// The names of the trigger `name` (spec name).
    pub(crate) fn trigger(&self, name: &str) -> &TriggerNames {
        &self.triggers[name]
    }

    /// The method of trigger `name` with `suffix`.
    pub(crate) fn trigger_method(&self, name: &str, suffix: &str) -> &str {
        self.trigger(name)
            .methods
            .iter()
            .find(|(s, _)| *s == suffix)
            .map(|(_, m)| m.as_str())
            .unwrap_or_default()
    }
}

/// A method name clippy does not read as a conversion: `from_*` and `into_*` promise a
/// constructor and a consuming method, which a call through `&self` is not.
fn method_name(name: &str) -> String {
    if ["from", "into"]
        .iter()
        .any(|p| name == *p || name.starts_with(&format!("{p}_")))
    {
        format!("call_{name}")
    } else {
        name.to_owned()
    }
}
