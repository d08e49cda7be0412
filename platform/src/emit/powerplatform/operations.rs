//! Actions and triggers → Swagger operations, plus the routing and polling facts the policy
//! templates in `apiProperties.json` need.

use std::collections::BTreeSet;

use codegen::fast_hash::Set as HashSet;
use indexmap::IndexMap;

use super::params;
use super::routes::{normalise, route, Route};
use super::schema::{visibility, Schemas};
use super::swagger::{
    extra_extensions, NotificationContent, Operation, Pageable, ParamIn, Parameter, PathItem,
    Response, Schema, SchemaType, TriggerMetadata, TriggerMetadataKind, TriggerMode, Visibility,
    OPERATION_KEYS,
};
use super::taken::TakenRoutes;
use crate::ir::{
    Action, Body, Connector, ItemOrder, Method, Pagination, Param, ParamLocation, Poll, PollCursor,
    PollSource, ResponseEncoding, Template, Trigger, TriggerKind, Type, Webhook,
};

/// A `routerequesttoendpoint` rewrite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteRewrite {
    /// The operation.
    pub operation_id: String,
    /// The backend path relative to the base URL.
    pub backend: String,
}

/// A `pollingtrigger` instance.
#[derive(Clone, Debug, PartialEq)]
pub struct PollingPolicy {
    /// The trigger operation.
    pub operation_id: String,
    /// Query parameter → expression over the newest item.
    pub trigger_config: IndexMap<String, String>,
    /// Expression of the items array.
    pub data_path: String,
}

/// The operations of a connector.
#[derive(Clone, Debug, Default)]
pub struct Operations {
    /// Path items by published path.
    pub paths: IndexMap<String, PathItem>,
    /// Path rewrites.
    pub routes: Vec<RouteRewrite>,
    /// Polling trigger policies.
    pub polls: Vec<PollingPolicy>,
}

/// The `x-` keys an operation without a modelled next link writes itself.
const UNPAGED_OPERATION_KEYS: &[&str] =
    &["x-ms-visibility", "x-ms-trigger", "x-ms-trigger-metadata"];

/// Builds every operation of `connector`.
pub fn build(connector: &Connector) -> Operations {
    let mut builder = Builder {
        connector,
        schemas: Schemas::new(connector),
        // A path item per operation at most: growing the map would move every path item.
        out: Operations {
            paths: IndexMap::with_capacity(connector.actions.len() + connector.triggers.len()),
            ..Operations::default()
        },
        taken: TakenRoutes::default(),
    };
    for action in &connector.actions {
        builder.action(action);
    }
    for trigger in &connector.triggers {
        builder.trigger(trigger);
    }
    builder.out
}

struct Builder<'a> {
    connector: &'a Connector,
    schemas: Schemas<'a>,
    out: Operations,
    taken: TakenRoutes,
}

/// The names of a parameter list's path parameters.
fn path_params(params: &[Param]) -> BTreeSet<&str> {
    params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| p.field.wire_name.as_str())
        .collect()
}

/// A path with its variable names blanked and letter case folded: two paths with the same
/// shape cannot be told apart by the platform's router.
fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut in_var = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_var = true;
                out.push_str("{}");
            }
            '}' => in_var = false,
            c if !in_var => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

/// `a.b` → `.a.b`; keys that are not identifiers become `['key']`.
pub fn access_path(path: &str) -> String {
    path.split('.')
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                format!(".{s}")
            } else {
                format!("['{}']", s.replace('\'', "''"))
            }
        })
        .collect()
}

impl<'a> Builder<'a> {
    /// Claims a path for a method, falling back to a path under `/{operation}` when taken;
    /// returns the path used.
    fn place(&mut self, method: Method, wanted: Route, operation: Operation) -> String {
        let Route { published, backend } = wanted;
        let backend_or_same = backend.clone().unwrap_or_else(|| published.clone());
        let mut path = published.clone();
        let mut path_shape = shape(&path);
        let clash = if super::kept::separates_routes(self.connector) {
            self.taken.overlaps(method, &path_shape)
        } else {
            self.out
                .paths
                .get_mut(&path)
                .is_some_and(|item| item.slot(method).is_some())
        };
        if clash {
            path = normalise(&format!("/{}{}", operation.operation_id, published));
            path_shape = shape(&path);
        }
        self.taken.insert(method, &path_shape);
        if path != backend_or_same {
            self.out.routes.push(RouteRewrite {
                operation_id: operation.operation_id.clone(),
                backend: backend_or_same,
            });
        }
        let item = self.out.paths.entry(path.clone()).or_default();
        *item.slot(method) = Some(Box::new(operation));
        path
    }

    fn responses(&self, response: &crate::ir::Response) -> IndexMap<String, Response> {
        let schema = match (response.encoding, &response.ty) {
            (ResponseEncoding::Empty, _) | (_, None) => None,
            (ResponseEncoding::Binary, Some(ty)) => Some(match self.connector.resolve(ty) {
                Type::Scalar(s) if s.kind == crate::ir::ScalarKind::File => {
                    Schema::of_type(SchemaType::File, None)
                }
                Type::Scalar(s) if s.kind == crate::ir::ScalarKind::String => self.schemas.of(ty),
                _ => Schema::of_type(SchemaType::String, Some("binary")),
            }),
            (ResponseEncoding::Text, _) => Some(Schema::of_type(SchemaType::String, None)),
            (_, Some(ty)) => Some(match self.connector.resolve(ty) {
                // `file` is valid at the root of a response only.
                Type::Scalar(s) if s.kind == crate::ir::ScalarKind::File => {
                    Schema::of_type(SchemaType::File, None)
                }
                _ => self.schemas.of(ty),
            }),
        }
        .map(|schema| self.schemas.labelled(schema, &response.schema_docs));
        let headers = response
            .headers
            .iter()
            .map(|h| (h.wire_name.clone(), params::header(self.connector, h)))
            .collect();
        let mut out = IndexMap::new();
        out.insert(
            response.status.to_string(),
            Response {
                description: response
                    .description
                    .clone()
                    .unwrap_or_else(|| "Success".into()),
                schema,
                headers,
            },
        );
        out
    }

    fn produces(encoding: ResponseEncoding) -> Vec<String> {
        match encoding {
            ResponseEncoding::Json | ResponseEncoding::Xml => vec!["application/json".into()],
            ResponseEncoding::Binary => vec!["application/octet-stream".into()],
            ResponseEncoding::Text => vec!["text/plain".into()],
            ResponseEncoding::Empty => Vec::new(),
        }
    }

    fn parameters(&self, list: &[Param], body: Option<&Body>) -> (Vec<Parameter>, Vec<String>) {
        let body_params = body.map(|body| params::body(self.connector, body, None));
        // No spare room: a large API's operations hold hundreds of thousands of parameters.
        let mut out = Vec::with_capacity(list.len() + body_params.as_ref().map_or(0, Vec::len));
        out.extend(list.iter().map(|p| params::param(self.connector, p)));
        out.extend(body_params.into_iter().flatten());
        let consumes = body.map(params::content_type).into_iter().collect();
        (out, consumes)
    }

    fn action(&mut self, action: &Action) {
        let (parameters, consumes) = self.parameters(&action.params, action.body.as_ref());
        let pageable = match &action.paginate {
            Some(Pagination::NextLink { next, .. }) => Some(Pageable {
                next_link_name: next.clone(),
            }),
            _ => None,
        };
        let operation = Operation {
            summary: action
                .summary
                .clone()
                .unwrap_or_else(|| action.name.clone()),
            description: action.description.clone(),
            operation_id: action.name.clone(),
            tags: action.tags.clone(),
            consumes,
            produces: Self::produces(action.response.encoding),
            parameters,
            responses: self.responses(&action.response),
            deprecated: action.deprecated,
            visibility: visibility(action.visibility),
            // A next link the spec could not model rides along as written.
            extensions: extra_extensions(
                &action.extensions,
                if pageable.is_some() {
                    OPERATION_KEYS
                } else {
                    UNPAGED_OPERATION_KEYS
                },
            ),
            pageable,
            ..Operation::default()
        };
        let r = route(&action.path, &path_params(&action.params));
        self.place(action.method, r, operation);
    }

    fn trigger(&mut self, trigger: &Trigger) {
        match &trigger.kind {
            TriggerKind::Poll(poll) => self.poll(trigger, poll),
            TriggerKind::Webhook(hook) => self.webhook(trigger, hook),
        }
    }

    fn poll(&mut self, trigger: &Trigger, poll: &Poll) {
        let Some(request) = self.poll_request(trigger, poll) else {
            return;
        };
        let (list, extra) = self.poll_parameters(trigger, poll, &request.listing);
        let (mut parameters, consumes) = self.parameters(&list, request.body.as_ref());
        parameters.extend(extra);
        let operation = Operation {
            summary: trigger
                .summary
                .clone()
                .unwrap_or_else(|| trigger.name.clone()),
            description: trigger.description.clone(),
            operation_id: trigger.name.clone(),
            consumes,
            produces: Self::produces(request.response.encoding),
            parameters,
            responses: self.responses(&request.response),
            visibility: visibility(trigger.visibility),
            deprecated: trigger.deprecated,
            trigger: Some(if poll.single {
                super::swagger::TriggerKind::Single
            } else {
                super::swagger::TriggerKind::Batch
            }),
            trigger_metadata: Some(TriggerMetadata {
                kind: TriggerMetadataKind::Query,
                mode: TriggerMode::Polling,
            }),
            extensions: extra_extensions(&trigger.extensions, OPERATION_KEYS),
            ..Operation::default()
        };
        let listing_route = route(&request.path, &path_params(&request.listing));
        let backend = listing_route
            .backend
            .clone()
            .unwrap_or_else(|| listing_route.published.clone());
        // A poll over an action shares its path, so it is published under `/trigger`;
        // a poll with a request of its own keeps its path.
        let published = match &poll.source {
            PollSource::Action(_) => normalise(&format!("/trigger{}", listing_route.published)),
            PollSource::Request { .. } => listing_route.published.clone(),
        };
        self.place(
            request.method,
            Route {
                published,
                backend: Some(backend),
            },
            operation,
        );
        // A single trigger's answer is the event: no items to point at, and without a
        // cursor nothing for the policy to carry.
        if !poll.single || poll.cursor.is_some() {
            self.out.polls.push(polling_policy(trigger, poll));
        }
    }

    /// The request a poll sends: its listing action's, or its own. `None` when the action is
    /// missing.
    fn poll_request(&self, trigger: &Trigger, poll: &Poll) -> Option<PollRequest> {
        Some(match &poll.source {
            PollSource::Action(name) => {
                let action = self.connector.action(name)?;
                PollRequest {
                    method: action.method,
                    path: action.path.clone(),
                    response: action.response.clone(),
                    listing: action.params.clone(),
                    body: action.body.clone(),
                }
            }
            PollSource::Request {
                method,
                path,
                body,
                response,
            } => PollRequest {
                method: *method,
                path: path.clone(),
                response: response.clone(),
                listing: trigger.params.clone(),
                body: body.clone(),
            },
        })
    }

    /// A poll's parameters: the trigger's own and the listing's required ones the person
    /// fills in, then the fixed and cursor ones the platform fills in (internal).
    fn poll_parameters(
        &self,
        trigger: &Trigger,
        poll: &Poll,
        listing: &[Param],
    ) -> (Vec<Param>, Vec<Parameter>) {
        let mut list: Vec<Param> = trigger.params.clone();
        let mut listed: HashSet<String> = list.iter().map(|t| t.field.wire_name.clone()).collect();
        let args = poll.args_by_name();
        let mut extra: Vec<Parameter> = Vec::new();
        for p in listing {
            let name = &p.field.wire_name;
            if listed.contains(name) {
                continue;
            }
            if let Some(value) = args.get(name.as_str()) {
                let mut param = params::param(self.connector, p);
                params::fix(&mut param, (*value).clone());
                extra.push(param);
            } else if poll.cursor.as_ref().is_some_and(|c| &c.param == name) {
                let mut param = params::param(self.connector, p);
                param.required = p.location == ParamLocation::Path;
                param.visibility = Some(Visibility::Internal);
                extra.push(param);
            } else if p.location == ParamLocation::Path || p.field.required {
                listed.insert(name.clone());
                list.push(p.clone());
            }
        }
        if let Some(cursor) = &poll.cursor {
            let known = listing.iter().any(|p| p.field.wire_name == cursor.param);
            if !known {
                extra.push(self.cursor_parameter(cursor));
            }
        }
        (list, extra)
    }

    /// The cursor parameter a poll's listing does not have: as the cursor declares it, else
    /// an internal query string.
    fn cursor_parameter(&self, cursor: &PollCursor) -> Parameter {
        if let Some(declared) = &cursor.declared {
            let mut param = params::param(self.connector, declared);
            param.visibility = Some(Visibility::Internal);
            return param;
        }
        Parameter {
            summary: Some(super::schema::humanise(&cursor.param)),
            simple: super::swagger::SimpleType {
                ty: Some(SchemaType::String),
                ..Default::default()
            },
            visibility: Some(Visibility::Internal),
            ..Parameter::new(cursor.param.clone(), ParamIn::Query)
        }
    }

    fn webhook(&mut self, trigger: &Trigger, hook: &Webhook) {
        let body_schema = self.notification_body(hook);
        let mut parameters: Vec<Parameter> = trigger
            .params
            .iter()
            .map(|p| params::param(self.connector, p))
            .collect();
        let mut consumes = Vec::new();
        match &hook.body {
            Some(body) => {
                parameters.extend(params::body(
                    self.connector,
                    body,
                    Some(body_schema.clone()),
                ));
                consumes.push(params::content_type(body));
            }
            None => {
                parameters.push(Parameter {
                    required: true,
                    summary: Some("Subscription".into()),
                    schema: Some(Box::new(body_schema)),
                    ..Parameter::new("body", ParamIn::Body)
                });
                consumes.push("application/json".into());
            }
        }
        let mut responses = IndexMap::new();
        // Answers kept as written replace the derived one.
        if !trigger
            .extensions
            .contains_key(super::kept::OTHER_RESPONSES)
        {
            responses.insert(
                "201".to_owned(),
                Response {
                    description: "Subscribed".into(),
                    ..Response::default()
                },
            );
        }
        let operation = Operation {
            summary: trigger
                .summary
                .clone()
                .unwrap_or_else(|| trigger.name.clone()),
            description: trigger.description.clone(),
            operation_id: trigger.name.clone(),
            consumes,
            parameters,
            responses,
            visibility: visibility(trigger.visibility),
            deprecated: trigger.deprecated,
            trigger: Some(super::swagger::TriggerKind::Single),
            extensions: extra_extensions(&trigger.extensions, OPERATION_KEYS),
            ..Operation::default()
        };
        let r = route(&hook.subscribe_path, &path_params(&trigger.params));
        let published_path = self.place(hook.subscribe_method, r, operation);
        if let Some(item) = self.out.paths.get_mut(&published_path) {
            item.notification_content = Some(Box::new(NotificationContent {
                description: trigger.description.clone(),
                schema: self.schemas.documented(&hook.payload, &hook.payload_docs),
            }));
        }
        if let Some((method, path)) = &hook.unsubscribe {
            self.unsubscribe(trigger, *method, path);
        }
    }

    fn unsubscribe(&mut self, trigger: &Trigger, method: Method, path: &Template) {
        let names: BTreeSet<&str> = path.params().collect();
        let parameters = names
            .iter()
            .map(|name| Parameter {
                required: true,
                summary: Some(super::schema::humanise(name)),
                description: Some("The subscription to remove.".into()),
                simple: super::swagger::SimpleType {
                    ty: Some(SchemaType::String),
                    ..Default::default()
                },
                visibility: Some(Visibility::Internal),
                url_encoding: Some(super::swagger::UrlEncoding::Single),
                ..Parameter::new((*name).to_owned(), ParamIn::Path)
            })
            .collect();
        let mut responses = IndexMap::new();
        responses.insert(
            "200".to_owned(),
            Response {
                description: "Unsubscribed".into(),
                ..Response::default()
            },
        );
        let operation = Operation {
            summary: format!(
                "Remove the {} subscription",
                trigger.summary.as_deref().unwrap_or(&trigger.name)
            ),
            description: Some(
                "Called by the platform when a flow using the trigger is turned off or deleted."
                    .into(),
            ),
            operation_id: format!("{}Unsubscribe", trigger.name),
            parameters,
            responses,
            visibility: Some(Visibility::Internal),
            ..Operation::default()
        };
        let r = route(path, &names);
        self.place(method, r, operation);
    }

    /// The subscription body with the callback URL property marked, required and internal.
    fn notification_body(&self, hook: &Webhook) -> Schema {
        let mut schema = match &hook.body {
            Some(body) => self.schemas.inline(&body.ty),
            None => Schema::of_type(SchemaType::Object, None),
        };
        let path: Vec<&str> = hook.notification_url.split('.').collect();
        self.mark(&mut schema, &path);
        schema
    }

    fn mark(&self, schema: &mut Schema, path: &[&str]) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        let properties = schema.properties.get_or_insert_with(IndexMap::new);
        if schema.ty.is_none() {
            schema.ty = Some(SchemaType::Object);
        }
        if !schema.required.iter().any(|r| r == first) {
            schema.required.push((*first).to_owned());
        }
        let child = properties.entry((*first).to_owned()).or_insert_with(|| {
            Schema::of_type(
                if rest.is_empty() {
                    SchemaType::String
                } else {
                    SchemaType::Object
                },
                None,
            )
        });
        if let Some(reference) = child.reference.clone() {
            let name = reference.trim_start_matches("#/definitions/").to_owned();
            *child = self.schemas.inline(&Type::Named(name));
        }
        if rest.is_empty() {
            child.extensions.shift_remove("x-ms-notification-url");
            child.notification_url = Some(true);
            child.visibility = Some(Visibility::Internal);
            // A label the original lacks stays missing after an import (`derive_labels`).
            if child.summary.is_none() && super::kept::derives_labels(self.connector) {
                child.summary = Some("Callback URL".into());
            }
        } else {
            self.mark(child, rest);
        }
    }
}

/// The request a poll sends.
struct PollRequest {
    method: Method,
    path: Template,
    response: crate::ir::Response,
    /// The parameters of the listing (the action's, or the trigger's own).
    listing: Vec<Param>,
    body: Option<Body>,
}

/// The `pollingtrigger` instance of a poll.
fn polling_policy(trigger: &Trigger, poll: &Poll) -> PollingPolicy {
    let items = poll.items.as_deref().map(access_path).unwrap_or_default();
    let mut trigger_config = IndexMap::new();
    if let Some(cursor) = &poll.cursor {
        let from = access_path(&cursor.from);
        let newest = match poll.order {
            _ if poll.single => format!("@{{triggerBody(){from}}}"),
            ItemOrder::OldestFirst => format!("@{{last(triggerBody(){items}){from}}}"),
            ItemOrder::NewestFirst | ItemOrder::Unordered => {
                format!("@{{triggerBody(){items}[0]{from}}}")
            }
        };
        trigger_config.insert(cursor.param.clone(), newest);
    }
    PollingPolicy {
        operation_id: trigger.name.clone(),
        trigger_config,
        data_path: format!("@triggerBody(){items}"),
    }
}
