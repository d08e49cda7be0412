//! The checker: turns a parsed spec into the IR, resolving every reference and reporting every
//! problem it finds in one run.

mod actions;
mod auth;
mod icon;
mod ids;
mod limits;
mod paths;
mod split;
mod template;
mod text;
mod triggers;
mod types;

use crate::fast_hash::Map as HashMap;
use std::borrow::Cow;
use std::sync::Arc;

use crate::diag::{did_you_mean, Code, Diagnostic, SourceFile};
use crate::ir;
use crate::names::{pascal_ident, snake_ident, Scope};
use crate::spec::{ConnectorSpec, NamedMap, Span, Spanned};

pub(crate) use split::SPLIT_ACTIONS_FROM;
pub use types::scalar_type_names;

pub use ids::{connector_id_problem, duplicate_connector_ids, safe_connector_id};
pub use template::{
    encode_spaces_outside_placeholders, has_space_outside_placeholders, parse_request_line,
    parse_template, RequestLine, TemplateError,
};
pub use text::{clean_prose, is_bidi_control, is_forbidden_in_line};

/// Checks `spec` (read from `file`) and builds the connector called `id`.
///
/// Returns the connector when there is no error, and every diagnostic (errors and warnings) either way.
pub fn check(
    spec: &ConnectorSpec,
    file: &Arc<SourceFile>,
    id: &str,
) -> (Option<ir::Connector>, Vec<Diagnostic>) {
    check_splitting_from(spec, file, id, split::SPLIT_ACTIONS_FROM)
}

/// [`check`], with the actions checked in two halves at once from `split_actions_from` actions
/// on. Whatever the number, the connector and the diagnostics are [`check`]'s: the oracle
/// (`codegen/tests/check_halves_match.rs`, through `crate::check_read_splitting_from`) checks
/// every spec both ways.
pub(crate) fn check_splitting_from(
    spec: &ConnectorSpec,
    file: &Arc<SourceFile>,
    id: &str,
    split_actions_from: usize,
) -> (Option<ir::Connector>, Vec<Diagnostic>) {
    let mut checker = Checker::new(spec, file);
    checker.split_actions_from = split_actions_from;
    let connector = checker.connector(id);
    let mut diagnostics = checker.diagnostics;
    for diagnostic in &mut diagnostics {
        if diagnostic.label.is_none() {
            diagnostic.label = Some(diagnostic.code.default_label().to_owned());
        }
    }
    crate::diag::sort(&mut diagnostics);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    (if failed { None } else { Some(connector) }, diagnostics)
}

/// State shared by the checks of one spec.
pub(crate) struct Checker<'a> {
    pub(crate) spec: &'a ConnectorSpec,
    pub(crate) file: &'a Arc<SourceFile>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Rust type names handed out in the connector's module.
    pub(crate) type_names: Scope,
    /// Named objects lowered so far (filled before actions are checked; a half of the actions
    /// borrows them).
    pub(crate) objects: Cow<'a, [ir::NamedType]>,
    /// Defaults and fixed values whose type is a named object, checked once all are lowered.
    pub(crate) pending_values: Vec<(Spanned<serde_json::Value>, String)>,
    /// Where each name's first object is in `objects`.
    pub(crate) object_index: Cow<'a, HashMap<String, usize>>,
    /// Where each checked action is in the list triggers are checked against.
    pub(crate) action_index: HashMap<String, usize>,
    /// How many more candidates "did you mean" may compare unknown names with.
    suggestion_budget: usize,
    /// Whether an unknown name has been reported (and so the budget asked).
    asked_suggestions: bool,
    /// The type names claimed, each as wanted and as given, when this checker checks a half of
    /// the actions beside another ([`split`]).
    claims: Option<Vec<(String, String)>>,
    /// From how many actions on they are checked in two halves at once.
    split_actions_from: usize,
}

/// How many candidates the suggestions for unknown names compare with, in all, in one check
/// (a few tenths of a second): 125 unknown names among 4,000 actions, or every unknown name of
/// a spec with up to 700 actions.
const SUGGESTION_BUDGET: usize = 500_000;

impl<'a> Checker<'a> {
    fn new(spec: &'a ConnectorSpec, file: &'a Arc<SourceFile>) -> Self {
        let mut type_names = Scope::new();
        // Names the generated module defines itself.
        for reserved in [
            "Client",
            "Error",
            "Result",
            "Connection",
            "Option",
            "Vec",
            "String",
            "Box",
        ] {
            type_names.claim(reserved.to_owned());
        }
        Checker {
            spec,
            file,
            diagnostics: Vec::new(),
            type_names,
            objects: Cow::Owned(Vec::new()),
            pending_values: Vec::new(),
            object_index: Cow::Owned(HashMap::default()),
            action_index: HashMap::default(),
            suggestion_budget: SUGGESTION_BUDGET,
            asked_suggestions: false,
            claims: None,
            split_actions_from: split::SPLIT_ACTIONS_FROM,
        }
    }

    pub(crate) fn error(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let span = self.token_span(span);
        self.diagnostics
            .push(Diagnostic::error(code, self.file, span, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    pub(crate) fn warning(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let span = self.token_span(span);
        self.diagnostics
            .push(Diagnostic::warning(code, self.file, span, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Widens a one-character span (the start of a mapping) to the word written there, so the
    /// underline covers `oauth2` rather than its `o`.
    fn token_span(&self, span: Span) -> Span {
        if !span.is_known() || span.len > 1 {
            return span;
        }
        let rest = self.file.text.get(span.start()..).unwrap_or("");
        let len: usize = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '$' | '@'))
            .map(char::len_utf8)
            .sum();
        Span::at(
            span.line,
            span.column,
            span.start(),
            len.max(span.byte_len()),
        )
    }

    /// The span of `needle` inside the value at `span`, when the source shows it there.
    pub(crate) fn sub_span(&self, span: Span, needle: &str) -> Span {
        let text = &self.file.text;
        let end = span.end().min(text.len());
        let Some(slice) = text.get(span.start()..end) else {
            return span;
        };
        let Some(at) = slice.find(needle) else {
            return span;
        };
        let before = &slice[..at];
        if before.contains('\n') {
            return span;
        }
        Span::at(
            span.line,
            span.column + before.chars().count() as u32,
            span.start() + at,
            needle.len().max(1),
        )
    }

    /// Reports every name defined twice in `map`, pointing at the repeat and the original, and
    /// every name carrying control characters.
    pub(crate) fn check_duplicates<V>(&mut self, map: &NamedMap<V>, what: &str) {
        for (position, (key, _)) in map.iter().enumerate() {
            if map.is_first(position) {
                self.check_line(key, format_args!("{what} name"));
                continue;
            }
            let first_span = map.get_entry(&key.value).map(|(k, _)| k.span);
            let diagnostic = self.error(
                Code::DuplicateName,
                key.span,
                format!("{what} `{}` is defined twice", key.value),
            );
            if let Some(first_span) = first_span {
                diagnostic.with_related_mut(first_span, "first defined here");
            }
            diagnostic.label = Some("second definition".into());
        }
    }

    /// Reports a reference to an unknown name with a suggestion.
    pub(crate) fn unknown<'n>(
        &mut self,
        code: Code,
        span: Span,
        what: &str,
        name: &str,
        candidates: impl IntoIterator<Item = &'n str>,
    ) {
        self.asked_suggestions = true;
        let listed: Vec<&str> = candidates.into_iter().collect();
        // Each suggestion compares the name with every candidate; past the budget a report of
        // thousands of unknown names among thousands of declared ones goes on without them.
        let suggestion = if listed.len() <= self.suggestion_budget {
            self.suggestion_budget -= listed.len();
            did_you_mean(name, listed.iter().copied())
        } else {
            None
        };
        let help = match suggestion {
            Some(close) => Some(format!("did you mean `{close}`?")),
            None if listed.is_empty() => Some(format!("no {what} is declared")),
            None if listed.len() <= 12 => Some(format!("declared: {}", listed.join(", "))),
            None => None,
        };
        let diagnostic = self.error(code, span, format!("unknown {what} `{name}`"));
        diagnostic.label = Some(format!("no {what} has this name"));
        diagnostic.help = help;
    }

    /// Warns about summaries the platforms reject.
    pub(crate) fn check_summary(&mut self, summary: Option<&Spanned<String>>) {
        let Some(summary) = summary else { return };
        if !self.check_line(summary, "summary") {
            return;
        }
        let length = summary.value.chars().count();
        if length > 80 {
            self.warning(
                Code::SummaryStyle,
                summary.span,
                format!("summary is {length} characters; platforms allow 80"),
            )
            .help = Some("shorten it, and move the detail into `description`".into());
        }
        if summary
            .value
            .trim_end()
            .ends_with(['.', '!', '?', ':', ';'])
        {
            self.warning(
                Code::SummaryStyle,
                summary.span,
                "summary ends with punctuation",
            )
            .help = Some("platforms reject summaries ending in `.`, `!`, `?`, `:` or `;`".into());
        }
    }

    fn connector(&mut self, id: &str) -> ir::Connector {
        let spec = self.spec;
        let id = self.connector_id(id);
        let id = id.as_str();
        self.check_line(&spec.title, "title");
        self.check_duplicates(&spec.objects, "object");
        self.check_duplicates(&spec.actions, "action");
        self.check_duplicates(&spec.triggers, "trigger");
        self.check_duplicates(&spec.connection, "connection parameter");
        self.check_operation_names();

        let connection = self.connection_params();
        let base_url = self.base_url();
        let headers = self.headers();
        let auth = self.auth();
        let xml = self.xml_protocol();
        let objects = self.named_objects();
        let index = self.object_index.to_mut();
        for (at, object) in objects.iter().enumerate() {
            index.entry(object.name.clone()).or_insert(at);
        }
        self.objects = Cow::Owned(objects);
        let errors = match &spec.errors {
            Some(rule) => self.error_rule(rule, "Error"),
            None => ir::ErrorRule::default(),
        };
        let mut actions = self.actions(&errors);
        let mut triggers = self.triggers(&actions);
        let limits = self.limits(&mut actions, &mut triggers);
        self.check_pending_values();

        let mut connector = ir::Connector {
            id: id.to_owned(),
            module_name: snake_ident(id),
            title: spec.title.value.clone(),
            description: self.prose(&spec.description),
            version: spec.version.as_ref().map(|v| v.value.clone()),
            base_url,
            metadata: self.metadata(),
            auth,
            connection,
            headers,
            limits,
            errors,
            xml,
            objects: std::mem::take(&mut self.objects).into_owned(),
            actions,
            triggers,
            policies: spec
                .policies
                .iter()
                .map(|p| ir::Policy {
                    template: p.template.value.clone(),
                    title: p.title.clone(),
                    parameters: p.parameters.clone(),
                })
                .collect(),
            extensions: text::clean_extensions(&spec.extensions),
            object_index: Default::default(),
            alias_ends: Vec::new(),
            action_index: Default::default(),
        };
        connector.index_objects();
        connector.index_actions();
        connector
    }

    /// Action and trigger names are operation ids: unique together, and distinct as Rust methods.
    fn check_operation_names(&mut self) {
        let spec = self.spec;
        // Each Rust method name, with the first operation that became it.
        let mut methods: HashMap<String, &Spanned<String>> =
            crate::fast_hash::map_with_capacity(spec.actions.len() + spec.triggers.len());
        let names = spec
            .actions
            .iter()
            .map(|(k, _)| k)
            .chain(spec.triggers.iter().map(|(k, _)| k));
        for name in names {
            if name.value.trim().is_empty() {
                self.error(Code::InvalidName, name.span, "an operation needs a name");
                continue;
            }
            let method = snake_ident(&name.value);
            if let Some(other) = methods.get(&method).filter(|o| o.value != name.value) {
                let other_span = other.span;
                let other_name = other.value.clone();
                self.error(
                    Code::NameCollision,
                    name.span,
                    format!(
                        "`{}` and `{}` both become the Rust method `{method}`",
                        name.value, other_name
                    ),
                )
                .with_related_mut(other_span, "the other one")
                .help = Some("rename one of them".into());
            }
            if spec.triggers.contains(&name.value) {
                if let Some((first, _)) = spec.actions.get_entry(&name.value) {
                    if first.span != name.span {
                        let first_span = first.span;
                        self.error(
                            Code::DuplicateName,
                            name.span,
                            format!("`{}` is both an action and a trigger; operation ids must be unique", name.value),
                        )
                        .with_related_mut(first_span, "the action");
                    }
                }
            }
            methods.entry(method).or_insert(name);
        }
    }

    fn metadata(&mut self) -> ir::Metadata {
        let Some(metadata) = &self.spec.metadata else {
            return ir::Metadata::default();
        };
        for url in [&metadata.website, &metadata.privacy_policy]
            .into_iter()
            .flatten()
        {
            self.check_url(url);
        }
        if let Some(color) = &metadata.brand_color {
            let valid = color.value.len() == 7
                && color.value.starts_with('#')
                && color.value[1..].chars().all(|c| c.is_ascii_hexdigit());
            if !valid {
                self.error(
                    Code::InvalidValue,
                    color.span,
                    format!("`{}` is not a colour", color.value),
                )
                .help = Some("write it as `#rrggbb`, e.g. `#da3b01`".into());
            }
        }
        let text = |v: &Option<Spanned<String>>| v.as_ref().map(|s| s.value.clone());
        ir::Metadata {
            publisher: text(&metadata.publisher),
            website: text(&metadata.website),
            privacy_policy: text(&metadata.privacy_policy),
            categories: metadata
                .categories
                .iter()
                .map(|c| c.value.clone())
                .collect(),
            brand_color: text(&metadata.brand_color),
            contact: text(&metadata.contact),
            icon: metadata.icon.as_ref().and_then(|icon| self.icon(icon)),
        }
    }

    /// Absolute http(s) URLs only.
    pub(crate) fn check_url(&mut self, url: &Spanned<String>) -> bool {
        let rest = url
            .value
            .strip_prefix("https://")
            .or_else(|| url.value.strip_prefix("http://"));
        let valid = rest.is_some_and(|r| {
            !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace)
        });
        if !valid {
            self.error(
                Code::InvalidUrl,
                url.span,
                format!("`{}` is not an absolute http(s) URL", url.value),
            )
            .help = Some("write the whole URL, e.g. `https://api.example.com/v1`".into());
        }
        valid
    }

    /// The first named object called `name`.
    pub(crate) fn object_named(&self, name: &str) -> Option<&ir::NamedType> {
        self.object_index
            .get(name)
            .and_then(|&at| self.objects.get(at))
    }

    /// The module's type names are claimed in declaration order, so output is deterministic.
    pub(crate) fn claim_type_name(&mut self, hint: &str) -> String {
        let wanted = pascal_ident(hint);
        match &mut self.claims {
            None => self.type_names.claim(wanted).0,
            Some(claims) => {
                let given = self.type_names.claim(wanted.clone()).0;
                claims.push((wanted, given.clone()));
                given
            }
        }
    }
}

impl Diagnostic {
    pub(crate) fn with_related_mut(&mut self, span: Span, label: &str) -> &mut Diagnostic {
        self.related.push(crate::diag::Related {
            span,
            label: label.to_owned(),
        });
        self
    }
}
