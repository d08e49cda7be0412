//! Rate limits: periods, counts, and which actions and triggers each one counts.

use std::time::Duration;

use super::Checker;
use crate::diag::Code;
use crate::ir::{self, LimitScope};
use crate::spec::{self, Spanned};

/// Parses `60s`, `1.5m`, `500ms`, `2h`, `1d`.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a number with a unit"))?;
    let seconds = match unit.trim() {
        "ms" => number / 1000.0,
        "s" | "sec" | "seconds" | "second" => number,
        "m" | "min" | "minutes" | "minute" => number * 60.0,
        "h" | "hours" | "hour" => number * 3600.0,
        "d" | "days" | "day" => number * 86_400.0,
        "" => return Err(format!("`{text}` has no unit")),
        other if other.chars().any(|c| c.is_ascii_digit()) => {
            return Err(format!("`{text}` is not a number with a unit"))
        }
        other => return Err(format!("`{other}` is not a unit of time")),
    };
    if !seconds.is_finite() || seconds > 1e12 {
        return Err(format!("`{text}` is too long a period"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

impl Checker<'_> {
    pub(crate) fn limits(
        &mut self,
        actions: &mut [ir::Action],
        triggers: &mut [ir::Trigger],
    ) -> Vec<ir::Limit> {
        let spec = self.spec;
        let mut limits = Vec::new();
        for def in &spec.limits {
            let period = match parse_duration(&def.per.value) {
                Ok(period) if period.is_zero() => {
                    self.error(
                        Code::LimitZeroPeriod,
                        def.per.span,
                        format!("limit `{}` renews every zero seconds", def.name.value),
                    )
                    .help = Some(
                        "a limit counts calls per period: give a period above zero, e.g. `60s`"
                            .into(),
                    );
                    period
                }
                Ok(period) => period,
                Err(message) => {
                    self.error(Code::InvalidDuration, def.per.span, message)
                        .help =
                        Some("write a number with a unit: `500ms`, `60s`, `5m`, `1h`, `1d`".into());
                    Duration::ZERO
                }
            };
            if def.calls.value == 0 {
                self.error(
                    Code::LimitZeroCalls,
                    def.calls.span,
                    format!("limit `{}` allows no calls", def.name.value),
                )
                .help = Some(
                    "to forbid an action, remove it; a limit needs at least one call per period"
                        .into(),
                );
            }
            let scope = self.limit_scope(def.applies_to.as_ref());
            let index = limits.len();
            let named: std::collections::HashSet<&str> = match &scope {
                LimitScope::Actions(names) | LimitScope::Trigger(names) => {
                    names.iter().map(String::as_str).collect()
                }
                _ => Default::default(),
            };
            for action in actions.iter_mut() {
                let counts = match &scope {
                    LimitScope::Connection => true,
                    LimitScope::Actions(_) => named.contains(action.name.as_str()),
                    LimitScope::Label(label) => {
                        action.rate_label.as_deref() == Some(label.as_str())
                    }
                    LimitScope::Triggers | LimitScope::Trigger(_) => false,
                };
                if counts {
                    action.limits.push(index);
                }
            }
            for trigger in triggers.iter_mut() {
                let counts = match &scope {
                    // A poll is a call made through the connection, so connection limits count it.
                    LimitScope::Connection | LimitScope::Triggers => {
                        matches!(trigger.kind, ir::TriggerKind::Poll(_))
                    }
                    LimitScope::Trigger(_) => named.contains(trigger.name.as_str()),
                    _ => false,
                };
                if counts {
                    trigger.limits.push(index);
                }
            }
            if let Some(param) = &def.per_value_of {
                self.check_partition_param(param, &scope, actions);
            }
            limits.push(ir::Limit {
                name: def.name.value.clone(),
                calls: def.calls.value,
                period,
                period_text: def.per.value.clone(),
                scope,
                per_value_of: def.per_value_of.as_ref().map(|p| p.value.clone()),
                description: self.prose(&def.description),
            });
        }
        limits
    }

    fn limit_scope(&mut self, applies_to: Option<&Spanned<spec::LimitScope>>) -> LimitScope {
        let spec = self.spec;
        let Some(scope) = applies_to else {
            return LimitScope::Connection;
        };
        match &scope.value {
            spec::LimitScope::Connection => LimitScope::Connection,
            spec::LimitScope::Triggers => LimitScope::Triggers,
            spec::LimitScope::Actions(names) => {
                for name in names {
                    self.check_action_ref(name);
                }
                LimitScope::Actions(names.iter().map(|n| n.value.clone()).collect())
            }
            spec::LimitScope::Trigger(names) => {
                for name in names {
                    if !spec.triggers.contains(&name.value) {
                        self.unknown(
                            Code::UnknownTrigger,
                            name.span,
                            "trigger",
                            &name.value,
                            spec.triggers.keys(),
                        );
                    }
                }
                LimitScope::Trigger(names.iter().map(|n| n.value.clone()).collect())
            }
            spec::LimitScope::Label(label) => {
                let mut used: Vec<&str> = spec
                    .actions
                    .iter()
                    .filter_map(|(_, a)| a.rate_label.as_ref().map(|l| l.value.as_str()))
                    .collect();
                used.sort_unstable();
                used.dedup();
                if !used.contains(&label.value.as_str()) {
                    self.unknown(
                        Code::UnknownRateLabel,
                        label.span,
                        "rate label",
                        &label.value,
                        used.iter().copied(),
                    );
                    if let Some(last) = self.diagnostics.last_mut() {
                        last.help = Some(match last.help.take() {
                            Some(h) => format!("{h} (labels come from the actions' `rate_label`)"),
                            None => {
                                "no action has this `rate_label`, so the limit would count nothing"
                                    .into()
                            }
                        });
                    }
                }
                LimitScope::Label(label.value.clone())
            }
        }
    }

    fn check_partition_param(
        &mut self,
        param: &Spanned<String>,
        scope: &LimitScope,
        actions: &[ir::Action],
    ) {
        let counted: Vec<&ir::Action> = actions
            .iter()
            .filter(|a| match scope {
                LimitScope::Actions(names) => names.contains(&a.name),
                LimitScope::Label(label) => a.rate_label.as_deref() == Some(label.as_str()),
                _ => true,
            })
            .collect();
        if let Some(action) = counted
            .iter()
            .find(|a| !a.params.iter().any(|p| p.field.wire_name == param.value))
        {
            let names: Vec<&str> = action
                .params
                .iter()
                .map(|p| p.field.wire_name.as_str())
                .collect();
            let suggestion = crate::diag::did_you_mean(&param.value, names.iter().copied());
            let help = match suggestion {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("its parameters: {}", names.join(", ")),
            };
            let name = action.name.clone();
            let diagnostic = self.error(
                Code::UnknownParam,
                param.span,
                format!("`{name}` has no parameter `{}`", param.value),
            );
            diagnostic.label = Some("each counted action needs this parameter".into());
            diagnostic.help = Some(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_duration;
    use std::time::Duration;

    #[test]
    fn parses_periods() {
        assert_eq!(parse_duration("60s").unwrap(), Duration::from_secs(60));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("1d").unwrap(), Duration::from_secs(86_400));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert!(parse_duration("0s").unwrap().is_zero());
        assert!(parse_duration("60").is_err());
        assert!(parse_duration("s").is_err());
        assert!(parse_duration("5 weeks").is_err());
        assert!(parse_duration("1e400s").is_err());
    }
}
