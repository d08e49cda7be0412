//! A long list of actions checked in two halves at once, with the connector and diagnostics
//! of checking them in turn.
//!
//! Each half is checked by a checker of its own that borrows the named objects. What one
//! action's check leaves for the next is only the module's type names (an inline object is
//! named in declaration order, a name taken twice gets a number) and the budget of "did you
//! mean" comparisons. The first half starts from the checker's own type names, so its names
//! are those of checking in turn; the second half's claims are replayed afterwards on the
//! names the first left. When every replayed claim gives the name the half was given, and the
//! budget the first half spent cannot have changed the second's suggestions, the second half
//! is taken as it is; otherwise it is checked again, in turn, after the first.

use std::borrow::Cow;

use super::Checker;
use crate::ir;
use crate::spec::{ActionDef, Spanned};

/// From how many actions on the halves are checked at once: below it a second thread costs
/// more than it saves.
pub(crate) const SPLIT_ACTIONS_FROM: usize = 128;

/// An action to check: its name, its definition and its Rust method name.
pub(super) type Named<'s> = (&'s Spanned<String>, &'s ActionDef, String);

/// What a half's checker found besides the actions.
struct Found {
    diagnostics: Vec<crate::diag::Diagnostic>,
    pending_values: Vec<(Spanned<serde_json::Value>, String)>,
    type_names: crate::names::Scope,
    claims: Vec<(String, String)>,
    suggestion_budget: usize,
    asked_suggestions: bool,
}

impl<'a> Checker<'a> {
    /// The actions of `named`, checked in two halves at once.
    pub(super) fn actions_in_halves(
        &mut self,
        mut named: Vec<Named<'a>>,
        errors: &ir::ErrorRule,
    ) -> Vec<ir::Action> {
        let second_named = named.split_off(named.len() / 2);
        let objects = std::mem::take(&mut self.objects);
        let index = std::mem::take(&mut self.object_index);
        let budget = self.suggestion_budget;
        let first_names = std::mem::take(&mut self.type_names);
        let second_names = first_names.clone();
        let ((mut actions, first), (second_actions, second)) = {
            let half = |type_names| Checker {
                objects: Cow::Borrowed(&objects),
                object_index: Cow::Borrowed(&index),
                ..Checker::half(self.spec, self.file, type_names, budget)
            };
            let (mut first, mut second) = (half(first_names), half(second_names));
            // The second half recurses into types as deep as the check's own deep stack allows.
            crate::join::join_with_stack(
                "check-actions",
                Some(crate::compile::CHECK_STACK_BYTES),
                || {
                    let actions = first.actions_in_turn(named, errors);
                    (actions, first.found())
                },
                || {
                    let actions = second.actions_in_turn(clone_named(&second_named), errors);
                    (actions, second.found())
                },
            )
        };
        self.objects = objects;
        self.object_index = index;
        let spent_first = budget - first.suggestion_budget;
        self.type_names = self.take(first);
        self.suggestion_budget = budget - spent_first;
        let mut replayed = self.type_names.clone();
        let same = !(spent_first > 0 && second.asked_suggestions)
            && second
                .claims
                .iter()
                .all(|(wanted, given)| replayed.claim(wanted.clone()).0 == *given);
        if same {
            self.suggestion_budget -= budget - second.suggestion_budget;
            self.take(second);
            self.type_names = replayed;
            actions.extend(second_actions);
        } else {
            actions.extend(self.actions_in_turn(second_named, errors));
        }
        actions
    }

    /// A checker for a half of the actions, recording the type names it claims.
    fn half(
        spec: &'a crate::spec::ConnectorSpec,
        file: &'a std::sync::Arc<crate::diag::SourceFile>,
        type_names: crate::names::Scope,
        suggestion_budget: usize,
    ) -> Self {
        let mut checker = Checker::new(spec, file);
        checker.type_names = type_names;
        checker.suggestion_budget = suggestion_budget;
        checker.claims = Some(Vec::new());
        checker
    }

    /// What this half's checker found besides its actions.
    fn found(self) -> Found {
        Found {
            diagnostics: self.diagnostics,
            pending_values: self.pending_values,
            type_names: self.type_names,
            claims: self.claims.unwrap_or_default(),
            suggestion_budget: self.suggestion_budget,
            asked_suggestions: self.asked_suggestions,
        }
    }

    /// Takes the diagnostics and pending values a half found after this checker's own, and
    /// returns the half's type names.
    fn take(&mut self, found: Found) -> crate::names::Scope {
        self.diagnostics.extend(found.diagnostics);
        self.pending_values.extend(found.pending_values);
        self.asked_suggestions |= found.asked_suggestions;
        found.type_names
    }
}

/// `named` again, for a half that may have to be checked a second time.
fn clone_named<'s>(named: &[Named<'s>]) -> Vec<Named<'s>> {
    named
        .iter()
        .map(|(name, def, rust_name)| (*name, *def, rust_name.clone()))
        .collect()
}
