//! Rate limits: periods, counts, and which actions and triggers each one counts.

use std::time::Duration;

use super::Checker;
use crate::diag::Code;
use crate::fast_hash::Map as HashMap;
use crate::ir::{self, LimitScope};
use crate::spec::{self, Spanned};

/// The units a period may have, with their length in milliseconds.
const UNITS: &[(&str, u64)] = &[
    ("ms", 1),
    ("s", 1_000),
    ("m", 60_000),
    ("h", 3_600_000),
    ("d", 86_400_000),
];

/// Words people write for a unit, and the unit they mean.
const UNIT_WORDS: &[(&str, &str)] = &[
    ("msec", "ms"),
    ("millisecond", "ms"),
    ("milliseconds", "ms"),
    ("sec", "s"),
    ("secs", "s"),
    ("second", "s"),
    ("seconds", "s"),
    ("min", "m"),
    ("mins", "m"),
    ("minute", "m"),
    ("minutes", "m"),
    ("hr", "h"),
    ("hrs", "h"),
    ("hour", "h"),
    ("hours", "h"),
    ("day", "d"),
    ("days", "d"),
];

/// A period as the spec language writes it: a whole number and one unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Period {
    /// How long it is.
    pub(crate) duration: Duration,
    /// Its normal form: the number without leading zeros, then the unit (`60s`).
    pub(crate) text: String,
}

/// Why a period was refused, and what to write instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PeriodError {
    pub(crate) message: String,
    pub(crate) help: String,
}

const PERIOD_HELP: &str = "write a whole number and a unit: `500ms`, `60s`, `5m`, `1h`, `1d`";

/// Parses `60s`, `500ms`, `5m`, `2h`, `1d`: a whole number and exactly one of the documented
/// units. Anything else (`60sec`, `1min`, `60 seconds`, `1.5s`) is refused with the spelling to
/// use instead.
pub(crate) fn parse_period(text: &str) -> Result<Period, PeriodError> {
    let written = text.trim();
    let refuse = |message: String, help: String| Err(PeriodError { message, help });
    let digits = written
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(written.len());
    let (number, rest) = written.split_at(digits);
    let unit = rest.trim_start();
    let spaced = unit.len() != rest.len();
    if number.is_empty() {
        return refuse(
            format!("`{written}` is not a number with a unit"),
            PERIOD_HELP.into(),
        );
    }
    if let Some(fraction) = unit.strip_prefix('.') {
        return refuse(
            format!("`{written}` is not a whole number of a unit"),
            match whole_in_smaller_unit(number, fraction) {
                Some(better) => format!("write `{better}`; periods are whole numbers"),
                None => PERIOD_HELP.into(),
            },
        );
    }
    let Ok(count) = number.parse::<u64>() else {
        return refuse(
            format!("`{written}` is too long a period"),
            PERIOD_HELP.into(),
        );
    };
    let count_text = count.to_string();
    if unit.is_empty() {
        return refuse(
            format!("`{written}` has no unit"),
            format!("write `{count_text}s` for seconds, or another unit: ms, s, m, h, d"),
        );
    }
    let Some(&(unit, millis)) = UNITS.iter().find(|(u, _)| *u == unit) else {
        return Err(unknown_unit(written, unit, &count_text));
    };
    if spaced {
        return refuse(
            format!("`{written}` has a space between the number and the unit"),
            format!("write `{count_text}{unit}`"),
        );
    }
    let Some(total) = count
        .checked_mul(millis)
        .filter(|ms| *ms <= 1_000_000_000_000_000)
    else {
        return refuse(
            format!("`{written}` is too long a period"),
            PERIOD_HELP.into(),
        );
    };
    Ok(Period {
        duration: Duration::from_millis(total),
        text: format!("{count_text}{unit}"),
    })
}

/// Why `unit` (of `written`) is not a unit, and the spelling to use when one was meant.
fn unknown_unit(written: &str, unit: &str, count_text: &str) -> PeriodError {
    let lower = unit.to_ascii_lowercase();
    let meant = UNITS
        .iter()
        .map(|(u, _)| *u)
        .find(|u| *u == lower)
        .or_else(|| {
            UNIT_WORDS
                .iter()
                .find(|(w, _)| *w == lower)
                .map(|(_, u)| *u)
        });
    PeriodError {
        message: match meant {
            Some(_) => format!("`{written}` does not use one of the units ms, s, m, h, d"),
            None if unit.chars().any(|c| c.is_ascii_digit()) => {
                format!("`{written}` is not a number with a unit")
            }
            None => format!("`{unit}` is not a unit of time"),
        },
        help: match meant {
            Some(u) => format!("write `{count_text}{u}`; the units are ms, s, m, h and d"),
            None => PERIOD_HELP.into(),
        },
    }
}

/// `1` and `5s` (from `1.5s`) → `1500ms`, when the fraction is whole in a smaller unit.
fn whole_in_smaller_unit(whole: &str, rest: &str) -> Option<String> {
    let split = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (fraction, unit) = rest.split_at(split);
    let unit = unit.trim();
    let index = UNITS.iter().position(|(u, _)| *u == unit)?;
    if fraction.len() > 9 || whole.len() > 12 {
        return None;
    }
    let scale = 10u64.pow(fraction.len() as u32);
    let numerator = whole.parse::<u64>().ok()? * scale + fraction.parse::<u64>().unwrap_or(0);
    let millis = numerator.checked_mul(UNITS[index].1)?;
    if millis % scale != 0 {
        return None;
    }
    let millis = millis / scale;
    // The largest smaller unit that holds it as a whole number.
    UNITS[..index]
        .iter()
        .rev()
        .find(|(_, size)| millis % size == 0)
        .map(|(u, size)| format!("{}{u}", millis / size))
}

impl Checker<'_> {
    pub(crate) fn limits(
        &mut self,
        actions: &mut [ir::Action],
        triggers: &mut [ir::Trigger],
    ) -> Vec<ir::Limit> {
        let spec = self.spec;
        let mut limits = Vec::new();
        if spec.limits.is_empty() {
            return limits;
        }
        let calls = CallIndex::new(spec, actions, triggers);
        let mut lacking = HashMap::default();
        for def in &spec.limits {
            let period = self.limit_period(def);
            let scope = self.limit_scope(def.applies_to.as_ref(), &calls);
            let index = limits.len();
            count_against(&scope, index, &calls, actions, triggers);
            if let Some(param) = &def.per_value_of {
                self.check_partition_param(param, &scope, &calls, actions, &mut lacking);
            }
            limits.push(ir::Limit {
                name: def.name.value.clone(),
                calls: def.calls.value,
                period: period.duration,
                period_text: period.text,
                scope,
                per_value_of: def.per_value_of.as_ref().map(|p| p.value.clone()),
                description: self.prose(&def.description),
            });
        }
        limits
    }

    /// The limit's period (a zero stands in for one that does not parse), with its period and
    /// number of calls checked.
    fn limit_period(&mut self, def: &spec::LimitDef) -> Period {
        let period = match parse_period(&def.per.value) {
            Ok(period) if period.duration.is_zero() => {
                self.error(
                    Code::LimitZeroPeriod,
                    def.per.span,
                    format!("limit `{}` renews every zero seconds", def.name.value),
                )
                .help = Some(
                    "a limit counts calls per period: give a period above zero, e.g. `60s`".into(),
                );
                period
            }
            Ok(period) => period,
            Err(refused) => {
                self.error(Code::InvalidDuration, def.per.span, refused.message)
                    .help = Some(refused.help);
                Period {
                    duration: Duration::ZERO,
                    text: def.per.value.clone(),
                }
            }
        };
        if def.calls.value == 0 {
            self.error(
                Code::LimitZeroCalls,
                def.calls.span,
                format!("limit `{}` allows no calls", def.name.value),
            )
            .help = Some(
                "to forbid an action, remove it; a limit needs at least one call per period".into(),
            );
        }
        period
    }

    fn limit_scope(
        &mut self,
        applies_to: Option<&Spanned<spec::LimitScope>>,
        calls: &CallIndex,
    ) -> LimitScope {
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
                let used = &calls.declared_labels;
                if used.binary_search(&label.value.as_str()).is_err() {
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

    /// Checks that every action limit `scope` counts has the parameter the limit is counted
    /// per; `lacking` remembers, for limits that count every action, the first action without
    /// each parameter asked about.
    fn check_partition_param(
        &mut self,
        param: &Spanned<String>,
        scope: &LimitScope,
        calls: &CallIndex,
        actions: &[ir::Action],
        lacking: &mut HashMap<String, Option<usize>>,
    ) {
        let has_param = |a: &ir::Action| a.params.iter().any(|p| p.field.wire_name == param.value);
        let first_lacking = match scope {
            LimitScope::Actions(_) | LimitScope::Label(_) => calls
                .actions_counted(scope)
                .into_iter()
                .find(|&at| !has_param(&actions[at])),
            _ => *lacking
                .entry(param.value.clone())
                .or_insert_with(|| actions.iter().position(|a| !has_param(a))),
        };
        if let Some(action) = first_lacking.map(|at| &actions[at]) {
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

/// Records limit `index` on each action and trigger whose calls it counts.
fn count_against(
    scope: &LimitScope,
    index: usize,
    calls: &CallIndex,
    actions: &mut [ir::Action],
    triggers: &mut [ir::Trigger],
) {
    for at in calls.actions_counted(scope) {
        actions[at].limits.push(index);
    }
    for at in calls.triggers_counted(scope) {
        triggers[at].limits.push(index);
    }
}

/// Where the actions and triggers a limit can count are, found once for all the limits: a
/// limit's calls are then looked up, not searched for among every action and trigger.
struct CallIndex<'s> {
    /// Every action.
    actions: usize,
    /// The positions of the actions of each name, in order.
    by_name: HashMap<String, Vec<usize>>,
    /// The positions of the actions of each rate label, in order.
    by_label: HashMap<String, Vec<usize>>,
    /// The positions of the triggers of each name, in order.
    triggers_by_name: HashMap<String, Vec<usize>>,
    /// The positions of the polling triggers, in order.
    polls: Vec<usize>,
    /// The rate labels the spec's actions declare, sorted, each once.
    declared_labels: Vec<&'s str>,
}

impl<'s> CallIndex<'s> {
    fn new(
        spec: &'s spec::ConnectorSpec,
        actions: &[ir::Action],
        triggers: &[ir::Trigger],
    ) -> Self {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::default();
        let mut by_label: HashMap<String, Vec<usize>> = HashMap::default();
        for (at, action) in actions.iter().enumerate() {
            by_name.entry(action.name.clone()).or_default().push(at);
            if let Some(label) = &action.rate_label {
                by_label.entry(label.clone()).or_default().push(at);
            }
        }
        let mut triggers_by_name: HashMap<String, Vec<usize>> = HashMap::default();
        let mut polls = Vec::new();
        for (at, trigger) in triggers.iter().enumerate() {
            triggers_by_name
                .entry(trigger.name.clone())
                .or_default()
                .push(at);
            if matches!(trigger.kind, ir::TriggerKind::Poll(_)) {
                polls.push(at);
            }
        }
        let mut declared_labels: Vec<&str> = spec
            .actions
            .iter()
            .filter_map(|(_, a)| a.rate_label.as_ref().map(|l| l.value.as_str()))
            .collect();
        declared_labels.sort_unstable();
        declared_labels.dedup();
        CallIndex {
            actions: actions.len(),
            by_name,
            by_label,
            triggers_by_name,
            polls,
            declared_labels,
        }
    }

    /// The positions of the actions `scope` counts, in order, each once.
    fn actions_counted(&self, scope: &LimitScope) -> Vec<usize> {
        match scope {
            LimitScope::Connection => (0..self.actions).collect(),
            LimitScope::Actions(names) => positions(&self.by_name, names),
            LimitScope::Label(label) => self.by_label.get(label).cloned().unwrap_or_default(),
            LimitScope::Triggers | LimitScope::Trigger(_) => Vec::new(),
        }
    }

    /// The positions of the triggers `scope` counts, in order, each once. A poll is a call made
    /// through the connection, so connection limits count it.
    fn triggers_counted(&self, scope: &LimitScope) -> Vec<usize> {
        match scope {
            LimitScope::Connection | LimitScope::Triggers => self.polls.clone(),
            LimitScope::Trigger(names) => positions(&self.triggers_by_name, names),
            LimitScope::Actions(_) | LimitScope::Label(_) => Vec::new(),
        }
    }
}

/// The positions `index` has for any of `names`, in order, each once.
fn positions(index: &HashMap<String, Vec<usize>>, names: &[String]) -> Vec<usize> {
    let mut found: Vec<usize> = names
        .iter()
        .filter_map(|name| index.get(name))
        .flatten()
        .copied()
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::parse_period;
    use std::time::Duration;

    fn ok(text: &str) -> (Duration, String) {
        let period = parse_period(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        (period.duration, period.text)
    }

    fn help(text: &str) -> String {
        parse_period(text).expect_err(text).help
    }

    #[test]
    fn parses_the_documented_units() {
        assert_eq!(ok("60s"), (Duration::from_secs(60), "60s".into()));
        assert_eq!(ok("2m"), (Duration::from_secs(120), "2m".into()));
        assert_eq!(ok("1d"), (Duration::from_secs(86_400), "1d".into()));
        assert_eq!(ok("3h"), (Duration::from_secs(3 * 3600), "3h".into()));
        assert_eq!(ok("500ms"), (Duration::from_millis(500), "500ms".into()));
        assert_eq!(ok(" 060s "), (Duration::from_secs(60), "60s".into()));
        assert!(ok("0s").0.is_zero());
    }

    #[test]
    fn refuses_everything_else_with_the_spelling_to_use() {
        assert_eq!(
            help("60sec"),
            "write `60s`; the units are ms, s, m, h and d"
        );
        assert_eq!(help("1min"), "write `1m`; the units are ms, s, m, h and d");
        assert_eq!(
            help("60 seconds"),
            "write `60s`; the units are ms, s, m, h and d"
        );
        assert_eq!(help("60 s"), "write `60s`");
        assert_eq!(help("60S"), "write `60s`; the units are ms, s, m, h and d");
        assert_eq!(help("1.5s"), "write `1500ms`; periods are whole numbers");
        assert_eq!(help("1.5h"), "write `90m`; periods are whole numbers");
        assert_eq!(
            help("60"),
            "write `60s` for seconds, or another unit: ms, s, m, h, d"
        );
        for bad in [
            "s",
            "5 weeks",
            "1e400s",
            "1e3s",
            "-5s",
            "99999999999999999999s",
            "",
            "0.0001ms",
        ] {
            assert!(parse_period(bad).is_err(), "{bad} was accepted");
        }
    }
}
