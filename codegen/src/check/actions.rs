//! Actions: request lines, parameters against path placeholders, bodies, answers and pagination.

use crate::fast_hash::{Map as HashMap, Set as HashSet};

use super::template::parse_request_line;
use super::types::{text, TypeName};
use super::Checker;
use crate::diag::Code;
use crate::ir::{self, Method, Param, ParamLocation, Response, ScalarKind, Template, Type};
use crate::names::{pascal_ident, snake_ident, Scope};
use crate::spec::{
    ActionDef, BodyDef, BodyEncoding, NamedMap, Pagination, ResponseDef, ResponseEncoding, Span,
    Spanned, TypeDef,
};

/// Keys of an action that are unlikely names of query parameters.
const ACTION_ONLY_KEYS: &[&str] = &[
    "request",
    "params",
    "body",
    "returns",
    "response",
    "errors",
    "paginate",
    "rate_label",
    "scopes",
    "idempotent",
];

impl Checker<'_> {
    pub(crate) fn actions(&mut self, errors: &ir::ErrorRule) -> Vec<ir::Action> {
        let spec = self.spec;
        let mut methods = Scope::new();
        let mut named = Vec::with_capacity(spec.actions.len());
        for (position, (name, def)) in spec.actions.iter().enumerate() {
            if !spec.actions.is_first(position) {
                continue;
            }
            named.push((name, def, methods.claim(snake_ident(&name.value)).0));
        }
        let actions = if named.len() >= self.split_actions_from {
            self.actions_in_halves(named, errors)
        } else {
            self.actions_in_turn(named, errors)
        };
        self.check_routes(&actions);
        actions
    }

    /// The actions of `named` (each with its Rust method name), checked one after the other.
    pub(super) fn actions_in_turn(
        &mut self,
        named: Vec<super::split::Named<'_>>,
        errors: &ir::ErrorRule,
    ) -> Vec<ir::Action> {
        named
            .into_iter()
            .map(|(name, def, rust_name)| self.action(name, def, rust_name, errors))
            .collect()
    }

    /// Warns when two actions share a method and a path shape (`/rooms/{id}` and `/rooms/{status}`).
    fn check_routes(&mut self, actions: &[ir::Action]) {
        let shape = |path: &Template| -> String {
            path.parts
                .iter()
                .map(|part| match part {
                    ir::TemplatePart::Literal(text) => text.as_str(),
                    ir::TemplatePart::Param(_) => "{}",
                })
                .collect()
        };
        let spec = self.spec;
        // The first action of each method and path shape.
        let mut routes: HashMap<(ir::Method, String), usize> = HashMap::default();
        for (index, action) in actions.iter().enumerate() {
            if action.path.raw.is_empty() {
                continue;
            }
            let first = *routes
                .entry((action.method, shape(&action.path)))
                .or_insert(index);
            if first == index {
                continue;
            }
            let first = &actions[first];
            let span = spec
                .actions
                .get(&action.name)
                .map(|d| d.request.span)
                .unwrap_or_default();
            let first_span = spec
                .actions
                .get(&first.name)
                .map(|d| d.request.span)
                .unwrap_or_default();
            self.warning(
                Code::DuplicateRoute,
                span,
                format!(
                    "`{}` has the same method and path as `{}`",
                    action.name, first.name
                ),
            )
            .with_related_mut(first_span, "the other action")
            .help = Some(
                "OpenAPI documents hold one operation per method and path; if both must reach a \
                 manifest, give the service's other route or merge the actions"
                    .into(),
            );
        }
    }

    fn action(
        &mut self,
        name: &Spanned<String>,
        def: &ActionDef,
        rust_name: String,
        errors: &ir::ErrorRule,
    ) -> ir::Action {
        self.check_summary(def.summary.as_ref());
        let owner = pascal_ident(&name.value);
        let (method, path) = self.request_line(&def.request);
        let params = self.params(&def.params, &path, &def.request, &owner);
        self.check_params_named_like_action_keys(name, def);
        let body = def
            .body
            .as_ref()
            .map(|b| self.body(b, method, &def.request, &format!("{owner}Body")));
        let response = self.response(
            def.returns.as_ref(),
            def.response.as_ref(),
            name.span,
            &format!("{owner}Response"),
        );
        let errors = match &def.errors {
            Some(rule) => self.error_rule(rule, &format!("{owner}Error")),
            None => errors.clone(),
        };
        let paginate = def
            .paginate
            .as_ref()
            .map(|p| self.pagination(p, &params, &response));
        ir::Action {
            name: name.value.clone(),
            rust_name,
            summary: text(&def.summary),
            description: self.prose(&def.description),
            method,
            path,
            params,
            body,
            response,
            errors,
            paginate,
            rate_label: text(&def.rate_label),
            scopes: def.scopes.iter().map(|s| s.value.clone()).collect(),
            idempotent: def
                .idempotent
                .as_ref()
                .map(|i| i.value)
                .unwrap_or_else(|| method.is_idempotent()),
            visibility: def.visibility.as_ref().map(|v| v.value),
            deprecated: def.deprecated,
            tags: def.tags.iter().map(|t| t.value.clone()).collect(),
            limits: Vec::new(),
            extensions: super::text::clean_extensions(&def.extensions),
        }
    }

    /// `returns: Task` indented one level too deep becomes a query parameter named `returns`, and
    /// the action loses its answer type: a parameter named like an action key, written without an
    /// explicit `in:`, is most likely such a key.
    fn check_params_named_like_action_keys(&mut self, name: &Spanned<String>, def: &ActionDef) {
        for (key, param) in def.params.iter() {
            if !ACTION_ONLY_KEYS.contains(&key.value.as_str()) || param.body.location.is_some() {
                continue;
            }
            let already = match key.value.as_str() {
                "returns" => def.returns.is_some(),
                "response" => def.response.is_some(),
                "body" => def.body.is_some(),
                "paginate" => def.paginate.is_some(),
                "errors" => def.errors.is_some(),
                "rate_label" => def.rate_label.is_some(),
                "idempotent" => def.idempotent.is_some(),
                "scopes" => !def.scopes.is_empty(),
                _ => true,
            };
            let diagnostic = self.warning(
                Code::ActionKeyAsParam,
                key.span,
                format!(
                    "`{}` is read as a query parameter of `{}`; did you mean to indent this under the action?",
                    key.value, name.value
                ),
            );
            diagnostic.label = Some(format!("`{}` is a key of the action", key.value));
            diagnostic.help = Some(if already {
                format!(
                    "if the service really has a query parameter `{0}`, say so with `{0}: {{ in: query, … }}`",
                    key.value
                )
            } else {
                format!(
                    "move `{0}` left, level with `params:`; if the service really has a query \
                     parameter `{0}`, say so with `{0}: {{ in: query, … }}`",
                    key.value
                )
            });
        }
    }

    pub(crate) fn request_line(&mut self, request: &Spanned<String>) -> (Method, Template) {
        match parse_request_line(&request.value) {
            Ok(line) => (line.method, line.path),
            Err(message) => {
                self.error(Code::InvalidRequestLine, request.span, message.to_string())
                    .label = Some("not `METHOD /path`".into());
                (
                    Method::Get,
                    Template {
                        raw: String::new(),
                        parts: Vec::new(),
                    },
                )
            }
        }
    }

    /// Lowers parameters and matches path parameters with the path's placeholders.
    pub(crate) fn params(
        &mut self,
        defs: &NamedMap<TypeDef>,
        path: &Template,
        request: &Spanned<String>,
        owner: &str,
    ) -> Vec<Param> {
        self.check_duplicates(defs, "parameter");
        let placeholders: Vec<&str> = path.params().collect();
        let in_path: HashSet<&str> = placeholders.iter().copied().collect();
        let path_known = !path.raw.is_empty();
        let mut scope = Scope::new();
        let mut params: Vec<Param> = Vec::with_capacity(defs.len());
        // Wire names taken so far: a name repeated, or one an earlier `name:` took, is skipped.
        let mut wire_names: HashSet<String> = HashSet::default();
        for (key, def) in defs.iter() {
            if wire_names.contains(key.value.as_str()) {
                continue;
            }
            let field = self.lower_field(key, def, owner, &mut scope, None);
            wire_names.insert(field.wire_name.clone());
            let location = match &def.body.location {
                Some(location) => location.value,
                None if in_path.contains(field.wire_name.as_str()) => ParamLocation::Path,
                None => ParamLocation::Query,
            };
            if location == ParamLocation::Path {
                self.check_path_param(key, def, &field.wire_name, &in_path, path_known, request);
            }
            let mut field = field;
            if location == ParamLocation::Path {
                field.required = true;
            }
            params.push(Param {
                location,
                field,
                url_encoding: def.body.url_encoding.as_ref().map(|e| e.value),
            });
        }
        self.check_placeholders(placeholders, &params, request);
        params
    }

    /// A path parameter appears in the path and is required.
    fn check_path_param(
        &mut self,
        key: &Spanned<String>,
        def: &TypeDef,
        wire_name: &str,
        in_path: &HashSet<&str>,
        path_known: bool,
        request: &Spanned<String>,
    ) {
        let at = def
            .body
            .location
            .as_ref()
            .map(|l| l.span)
            .unwrap_or(key.span);
        // An unreadable request line was reported already; its path says nothing.
        if path_known && !in_path.contains(wire_name) {
            self.error(
                Code::PathParamNotInPath,
                at,
                format!("path parameter `{wire_name}` does not appear in the request path"),
            )
            .with_related_mut(request.span, "the request path")
            .help = Some(format!(
                "add `{{{wire_name}}}` to the path, or make it `in: query`"
            ));
        }
        if def.body.required.as_ref().is_some_and(|r| !r.value) {
            let span = def
                .body
                .required
                .as_ref()
                .map(|r| r.span)
                .unwrap_or(key.span);
            self.error(
                Code::PathParamNotRequired,
                span,
                format!("path parameter `{wire_name}` must be required"),
            )
            .help = Some(
                "a path cannot have a hole: remove `required: false`, or make it a query parameter"
                    .into(),
            );
        }
    }

    /// Each placeholder of the path is a path parameter or a connection parameter.
    fn check_placeholders(
        &mut self,
        placeholders: Vec<&str>,
        params: &[Param],
        request: &Spanned<String>,
    ) {
        let spec = self.spec;
        let path_params: HashSet<&str> = params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
            .map(|p| p.field.wire_name.as_str())
            .collect();
        for placeholder in placeholders {
            let is_param = path_params.contains(placeholder);
            if is_param || spec.connection.contains(placeholder) {
                continue;
            }
            let span = self.sub_span(request.span, &format!("{{{placeholder}}}"));
            let candidates: Vec<&str> = params
                .iter()
                .map(|p| p.field.wire_name.as_str())
                .chain(spec.connection.keys())
                .collect();
            let suggestion = crate::diag::did_you_mean(placeholder, candidates);
            let help = match suggestion {
                Some(close) => format!("did you mean `{{{close}}}`? otherwise declare `{placeholder}: {{ in: path, type: string, required: true }}` under `params:`"),
                None => format!("declare `{placeholder}: {{ in: path, type: string, required: true }}` under `params:`, or a connection parameter of that name"),
            };
            let diagnostic = self.error(
                Code::PathPlaceholderWithoutParam,
                span,
                format!("path placeholder `{{{placeholder}}}` has no parameter"),
            );
            diagnostic.label =
                Some("no path parameter or connection parameter has this name".into());
            diagnostic.help = Some(help);
        }
    }

    pub(crate) fn body(
        &mut self,
        def: &BodyDef,
        method: Method,
        request: &Spanned<String>,
        hint: &str,
    ) -> ir::Body {
        let encoding = def
            .encoding
            .as_ref()
            .map(|e| e.value)
            .unwrap_or(BodyEncoding::Json);
        if matches!(method, Method::Get | Method::Head) {
            self.error(
                Code::InvalidBody,
                request.span,
                format!("a {} request cannot carry a body", method.as_str()),
            )
            .help = Some("send the values as query parameters instead".into());
        }
        let ty = self.body_type(def, encoding, request, hint);
        self.check_body_encoding(def, encoding, &ty, request);
        if let Some(xml_type) = &def.xml_type {
            self.check_qualified(xml_type);
        }
        ir::Body {
            encoding,
            ty,
            name: text(&def.name).unwrap_or_else(|| "body".into()),
            required: def.required.as_ref().map(|r| r.value).unwrap_or(true),
            summary: text(&def.summary),
            description: self.prose(&def.description),
            schema_docs: def
                .type_def
                .as_ref()
                .map(|t| self.type_docs(t))
                .unwrap_or_default(),
            visibility: def.visibility.as_ref().map(|v| v.value),
            xml_type: text(&def.xml_type),
            content_type: text(&def.content_type),
        }
    }

    /// The body's type: `type`, `fields`, or what its encoding implies.
    fn body_type(
        &mut self,
        def: &BodyDef,
        encoding: BodyEncoding,
        request: &Spanned<String>,
        hint: &str,
    ) -> Type {
        match (&def.type_def, &def.fields) {
            (Some(_), Some(fields)) => {
                let span = fields
                    .entries()
                    .first()
                    .map(|(k, _)| k.span)
                    .unwrap_or(request.span);
                self.error(
                    Code::InvalidType,
                    span,
                    "a body has either `type` or `fields`, not both",
                );
                Type::string()
            }
            (Some(def), None) => self.lower_type(def, TypeName::Hint(hint.to_owned()), None),
            (None, Some(fields)) => {
                let rust_name = self.claim_type_name(hint);
                let fields = self.lower_fields(fields, &rust_name, None);
                Type::Object(ir::ObjectType {
                    rust_name,
                    fields,
                    additional: None,
                    additional_docs: ir::Docs::default(),
                    xml_prefix: None,
                })
            }
            (None, None) => match encoding {
                BodyEncoding::Binary => {
                    Type::Scalar(ir::Scalar::new(ScalarKind::String, Some("binary")))
                }
                BodyEncoding::Text => Type::string(),
                _ => {
                    self.error(
                        Code::InvalidBody,
                        request.span,
                        "the body says neither `type` nor `fields`",
                    )
                    .help =
                        Some("describe the body, e.g. `body: { fields: { name: string } }`".into());
                    Type::Scalar(ir::Scalar::new(ScalarKind::Any, None))
                }
            },
        }
    }

    /// Form and multipart bodies are objects; XML bodies need the `xml` protocol.
    fn check_body_encoding(
        &mut self,
        def: &BodyDef,
        encoding: BodyEncoding,
        ty: &Type,
        request: &Spanned<String>,
    ) {
        let encoding_span = def
            .encoding
            .as_ref()
            .map(|e| e.span)
            .unwrap_or(request.span);
        match encoding {
            BodyEncoding::Form | BodyEncoding::Multipart => {
                let resolved = self.resolve_named(ty);
                let is_object = matches!(resolved, Type::Object(_) | Type::Map { .. })
                    || matches!(resolved, Type::Scalar(s) if s.kind == ScalarKind::Object);
                if !is_object {
                    self.error(
                        Code::InvalidBody,
                        encoding_span,
                        "form and multipart bodies must be objects",
                    )
                    .help = Some("their fields become the form's keys".into());
                }
            }
            BodyEncoding::Xml if self.spec.xml.is_none() => {
                self.error(
                    Code::InvalidBody,
                    encoding_span,
                    "an XML body needs the connector's `xml` protocol",
                )
                .help = Some("declare `xml:` with the envelope's root and body paths".into());
            }
            _ => {}
        }
    }

    /// Checks the namespace prefix of `prefix:name` values.
    fn check_qualified(&mut self, value: &Spanned<String>) {
        if let Some((prefix, _)) = value.value.split_once(':') {
            if !prefix.contains('.') && prefix != "java" && !prefix.is_empty() {
                let span = self.sub_span(value.span, prefix);
                self.check_namespace(&Spanned::new(prefix.to_owned(), span));
            }
        }
    }

    pub(crate) fn response(
        &mut self,
        returns: Option<&TypeDef>,
        response: Option<&ResponseDef>,
        at: Span,
        hint: &str,
    ) -> Response {
        if let (Some(returns), Some(_)) = (returns, response) {
            self.error(
                Code::InvalidType,
                returns.span,
                "`returns` is a shorthand for `response`; use one of them",
            );
        }
        if let Some(returns) = returns {
            return self.returns(returns, hint);
        }
        let Some(def) = response else {
            return Response {
                status: 200,
                encoding: ResponseEncoding::Empty,
                ty: None,
                description: None,
                headers: Vec::new(),
                schema_docs: ir::Docs::default(),
                xml_type: None,
                content_type: None,
            };
        };
        let status = def.status.as_ref().map(|s| s.value).unwrap_or(200);
        if !(200..300).contains(&status) {
            let span = def.status.as_ref().map(|s| s.span).unwrap_or(at);
            self.error(
                Code::InvalidValue,
                span,
                format!("a successful answer's status is 2xx, not {status}"),
            )
            .help = Some("describe failures under `errors:`".into());
        }
        let encoding = def
            .encoding
            .as_ref()
            .map(|e| e.value)
            .unwrap_or(ResponseEncoding::Json);
        if encoding == ResponseEncoding::Xml && self.spec.xml.is_none() {
            let span = def.encoding.as_ref().map(|e| e.span).unwrap_or(at);
            self.error(
                Code::InvalidBody,
                span,
                "an XML answer needs the connector's `xml` protocol",
            );
        }
        let ty = self.response_type(def, encoding, at, hint);
        if let Some(xml_type) = &def.xml_type {
            self.check_qualified(xml_type);
        }
        let mut scope = Scope::new();
        let headers = def
            .headers
            .iter()
            .map(|(k, v)| self.lower_field(k, v, hint, &mut scope, None))
            .collect();
        Response {
            status,
            encoding,
            ty,
            description: self.prose(&def.description),
            headers,
            schema_docs: def
                .type_def
                .as_ref()
                .map(|t| self.type_docs(t))
                .unwrap_or_default(),
            xml_type: text(&def.xml_type),
            content_type: text(&def.content_type),
        }
    }

    /// The answer `returns: Type` stands for: JSON with status 200.
    fn returns(&mut self, returns: &TypeDef, hint: &str) -> Response {
        let ty = self.lower_type(returns, TypeName::Hint(hint.to_owned()), None);
        Response {
            status: 200,
            encoding: ResponseEncoding::Json,
            ty: Some(ty),
            description: None,
            headers: Vec::new(),
            schema_docs: self.type_docs(returns),
            xml_type: None,
            content_type: None,
        }
    }

    /// The answer's type: `type`, `fields`, or what its encoding implies.
    fn response_type(
        &mut self,
        def: &ResponseDef,
        encoding: ResponseEncoding,
        at: Span,
        hint: &str,
    ) -> Option<Type> {
        match (&def.type_def, &def.fields) {
            (Some(def), None) => Some(self.lower_type(def, TypeName::Hint(hint.to_owned()), None)),
            (None, Some(fields)) => {
                let rust_name = self.claim_type_name(hint);
                let fields = self.lower_fields(fields, &rust_name, None);
                Some(Type::Object(ir::ObjectType {
                    rust_name,
                    fields,
                    additional: None,
                    additional_docs: ir::Docs::default(),
                    xml_prefix: None,
                }))
            }
            (Some(_), Some(_)) => {
                self.error(
                    Code::InvalidType,
                    at,
                    "an answer has either `type` or `fields`, not both",
                );
                None
            }
            (None, None) => match encoding {
                ResponseEncoding::Binary => Some(Type::Scalar(ir::Scalar::new(
                    ScalarKind::String,
                    Some("binary"),
                ))),
                ResponseEncoding::Text => Some(Type::string()),
                _ => None,
            },
        }
    }

    /// The items path of a paged answer; without one, the answer itself must be a list.
    fn paging_items(
        &mut self,
        at: Span,
        ty: Option<&Type>,
        items: Option<&Spanned<String>>,
    ) -> Option<String> {
        let ty = ty?;
        match items {
            Some(path) => {
                if self.check_path(ty, path, false, Code::UnknownField, "answer field") {
                    if let Ok(Some(found)) = self.type_at(ty, &path.value, false) {
                        if !matches!(found, Type::List { .. }) {
                            self.error(
                                Code::InvalidPagination,
                                path.span,
                                format!("`{}` is not a list in the answer", path.value),
                            );
                        }
                    }
                }
                Some(path.value.clone())
            }
            None => {
                if !matches!(self.resolve_named(ty), Type::List { .. } | Type::Scalar(_)) {
                    self.error(
                        Code::InvalidPagination,
                        at,
                        "the answer is not a list; say where the items are with `items:`",
                    );
                }
                None
            }
        }
    }

    fn pagination(
        &mut self,
        paging: &Spanned<Pagination>,
        params: &[Param],
        response: &Response,
    ) -> ir::Pagination {
        let query_param = |checker: &mut Self, name: &Spanned<String>| {
            if let Some(param) = params.iter().find(|p| p.field.wire_name == name.value) {
                if param.location != ParamLocation::Query {
                    checker.error(
                        Code::InvalidPagination,
                        name.span,
                        format!(
                            "paging parameter `{}` must be a query parameter",
                            name.value
                        ),
                    );
                }
            }
            name.value.clone()
        };
        let items_path = |checker: &mut Self, items: &Option<Spanned<String>>| {
            checker.paging_items(paging.span, response.ty.as_ref(), items.as_ref())
        };
        let answer_path = |checker: &mut Self, path: &Spanned<String>| {
            if let Some(ty) = &response.ty {
                checker.check_path(ty, path, false, Code::UnknownField, "answer field");
            }
            path.value.clone()
        };
        match &paging.value {
            Pagination::PageNumber(p) => ir::Pagination::PageNumber {
                param: query_param(self, &p.param),
                first_page: p.first_page.as_ref().map(|f| f.value).unwrap_or(1),
                size_param: p.size_param.as_ref().map(|s| query_param(self, s)),
                page_size: p.page_size.as_ref().map(|s| s.value),
                total_pages: p.total_pages.as_ref().map(|t| answer_path(self, t)),
                items: items_path(self, &p.items),
            },
            Pagination::Offset(p) => ir::Pagination::Offset {
                param: query_param(self, &p.param),
                limit_param: p.limit_param.as_ref().map(|s| query_param(self, s)),
                total: p.total.as_ref().map(|t| answer_path(self, t)),
                items: items_path(self, &p.items),
            },
            Pagination::Cursor(p) => ir::Pagination::Cursor {
                param: query_param(self, &p.param),
                next: answer_path(self, &p.next),
                items: items_path(self, &p.items),
            },
            Pagination::NextLink(p) => ir::Pagination::NextLink {
                next: answer_path(self, &p.next),
                items: items_path(self, &p.items),
            },
            Pagination::LinkHeader(p) => ir::Pagination::LinkHeader {
                items: items_path(self, &p.items),
            },
        }
    }
}
