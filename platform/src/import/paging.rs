//! Paging inferred from an imported action: what its query parameters, answer fields, answer
//! headers and vendor extensions say about pages. Each inference is a warning at the
//! operation's pointer that says what was recognised; `--no-infer` turns inference off.
//!
//! Recognised, in this order: `x-ms-pageable` (a next link), `x-dropshot-pagination` (a
//! `page_token` cursor echoed by `next_page`), a `Link` answer header, a cursor or token query
//! parameter echoed by an answer field (`page_token` ↔ `next_page`, `cursor` ↔ `next_cursor`),
//! a next link in the answer (`next`, `nextLink`, `links.next`, `_links.next.href`), a
//! page-number pair (`page` with `per_page`) and an offset pair (`offset` with `limit`).
//! Heuristics apply to GET operations only; extensions wherever they are.

use codegen::spec::{
    ActionDef, CursorPaging, LinkHeaderPaging, NamedMap, NextLinkPaging, OffsetPaging,
    PageNumberPaging, Pagination, ParamLocation, Spanned, TypeDef,
};
use indexmap::IndexMap;
use serde_json::Value;

use super::typed::text;
use super::Warnings;

/// How deep named objects are followed when reading an answer's shape.
const MAX_HOPS: usize = 16;

/// Field names that hold a page's items, best first.
const ITEM_NAMES: &[&str] = &[
    "items",
    "data",
    "results",
    "value",
    "values",
    "records",
    "entries",
    "elements",
    "list",
    "content",
    "resources",
    "objects",
    "rows",
    "hits",
    "nodes",
];

/// Answer fields under which paging fields are often grouped.
const GROUPS: &[&str] = &[
    "links",
    "_links",
    "paging",
    "pagination",
    "page",
    "meta",
    "metadata",
    "navigation",
    "pageinfo",
    "responsemetadata",
    "cursors",
];

/// Adds `paginate` to `action` when its shape says how it pages; `objects` are the spec's
/// named objects, which the answer's types may name.
pub(crate) fn infer(
    action: &mut ActionDef,
    objects: &NamedMap<TypeDef>,
    ptr: &str,
    warnings: &mut Warnings,
) {
    if action.paginate.is_some() {
        return;
    }
    let is_get = action.request.get().starts_with("GET ");
    let found = {
        let mut shape = Shape::of(action, objects);
        let found = shape
            .pageable(ptr, warnings)
            .or_else(|| shape.dropshot(ptr, warnings))
            .or_else(|| is_get.then(|| shape.link_header()).flatten())
            .or_else(|| is_get.then(|| shape.cursor()).flatten())
            .or_else(|| is_get.then(|| shape.next_link(ptr, warnings)).flatten())
            .or_else(|| is_get.then(|| shape.page_number()).flatten())
            .or_else(|| is_get.then(|| shape.offset()).flatten());
        if found.is_none() && is_get {
            if let Some(param) = shape.paging_param() {
                let why = if shape.items.is_none() {
                    "no list in the answer is clearly its items"
                } else {
                    "the answer does not say how to ask for the next page"
                };
                warnings.push(
                    ptr,
                    format!("query parameter `{param}` looks like paging, but {why}; not paged"),
                );
            }
        }
        found
    };
    let Some((paginate, evidence)) = found else {
        return;
    };
    let (kind, items) = kind_and_items(&paginate);
    let items = items
        .map(|i| format!(", items at `{}`", i.value))
        .unwrap_or_else(|| ", the answer is the list of items".into());
    warnings.push(
        ptr,
        format!("paging inferred: `{kind}` from {evidence}{items} (`--no-infer` turns this off)"),
    );
    action.paginate = Some(Spanned::unlocated(paginate));
}

/// A query parameter: its wire name and whether it holds a whole number.
struct Query {
    name: String,
    integer: bool,
    default: Option<u64>,
    minimum: Option<u64>,
    /// Whether the description says counting starts at 0.
    zero_based: bool,
}

impl Query {
    /// The parameter `def` (keyed `key`) when it travels in the query.
    fn of(key: &str, def: &TypeDef) -> Option<Query> {
        let body = &*def.body;
        let location = body
            .location
            .as_ref()
            .map_or(ParamLocation::Query, |l| l.value);
        if location != ParamLocation::Query {
            return None;
        }
        let name = body.name.as_ref().map_or(key, |n| n.as_str()).to_owned();
        let ty = type_name(def);
        let whole = |n: Option<f64>| n.map(|n| n.max(0.0) as u64);
        Some(Query {
            name,
            integer: matches!(ty, Some("integer" | "int32" | "int64" | "number")),
            default: whole(body.default.as_ref().and_then(|d| d.value.as_f64())),
            minimum: whole(body.minimum.as_ref().and_then(|m| m.value.as_f64())),
            zero_based: body
                .description
                .as_ref()
                .map(|d| d.to_ascii_lowercase())
                .is_some_and(|d| ZERO_BASED.iter().any(|p| d.contains(p))),
        })
    }
}

/// What a description says when a page number or offset starts at 0.
const ZERO_BASED: &[&str] = &[
    "first page is 0",
    "zero-based",
    "0-based",
    "starts at 0",
    "starting at 0",
    "starting from 0",
    "starts from 0",
];

/// An answer field worth knowing: its path and whether it holds text.
struct Field {
    path: String,
    leaf: String,
    text: bool,
    uri: bool,
    number: bool,
}

/// What an action's request and answer look like, as far as paging goes.
struct Shape<'a> {
    queries: Vec<Query>,
    /// Where the items are: `Some(None)` for a list answer, `Some(Some(field))` for a field.
    items: Option<Option<String>>,
    /// Top-level and grouped answer fields.
    fields: Vec<Field>,
    headers: Vec<String>,
    extensions: &'a IndexMap<String, Value>,
    /// A next link whose name a paging path cannot hold (one with a `/`).
    unreachable_link: Option<String>,
}

impl<'a> Shape<'a> {
    fn of(action: &'a ActionDef, objects: &NamedMap<TypeDef>) -> Self {
        let queries = action
            .params
            .iter()
            .filter_map(|(key, def)| Query::of(key, def))
            .collect();
        // The answer's type, or its fields when it is an object written as `fields` (borrowed:
        // an object with fields is its own fields, and no list).
        let (answer, answer_fields) = match (&action.returns, &action.response) {
            (Some(def), _) => (Some(def), None),
            (None, Some(r)) if r.type_def.is_some() => (r.type_def.as_ref(), None),
            (None, Some(r)) => (None, r.fields.as_ref()),
            (None, None) => (None, None),
        };
        let headers = action
            .response
            .as_ref()
            .map(|r| r.headers.keys().map(str::to_owned).collect())
            .unwrap_or_default();
        let mut shape = Shape {
            queries,
            items: None,
            fields: Vec::new(),
            headers,
            extensions: &action.extensions,
            unreachable_link: None,
        };
        let fields = match answer {
            Some(answer) if list_item(answer, objects).is_some() => {
                shape.items = Some(None);
                None
            }
            Some(answer) => fields_of(answer, objects),
            None => answer_fields,
        };
        if let Some(fields) = fields {
            shape.items = items_field(fields, objects).map(Some);
            shape.answer_fields(fields, objects);
        }
        shape
    }

    /// The answer's fields worth knowing: plain top-level ones, those inside a group
    /// (`GROUPS`, with HAL's `_links.next.href`), and next links.
    fn answer_fields(&mut self, fields: &NamedMap<TypeDef>, objects: &NamedMap<TypeDef>) {
        for (name, def) in fields.iter() {
            let name: &str = name;
            if !plain(name) {
                if normal(name).ends_with("nextlink") {
                    if name.is_empty() || name.contains('/') {
                        self.unreachable_link = Some(name.to_owned());
                    } else {
                        // `@odata.nextLink`: a path names a field with a dot whole.
                        let leaf = name.rsplit('.').next().unwrap_or(name);
                        self.fields.push(field(name, leaf, def, objects));
                    }
                }
                continue;
            }
            self.fields.push(field(name, name, def, objects));
            if !GROUPS.contains(&normal(name).as_str()) {
                continue;
            }
            for (inner, inner_def) in fields_of(def, objects).into_iter().flat_map(NamedMap::iter) {
                let inner: &str = inner;
                if !plain(inner) {
                    continue;
                }
                let path = format!("{name}.{inner}");
                // HAL: `_links.next.href`.
                if let Some(href) = fields_of(inner_def, objects).and_then(|f| f.get("href")) {
                    self.fields
                        .push(field(&format!("{path}.href"), inner, href, objects));
                }
                self.fields.push(field(&path, inner, inner_def, objects));
            }
        }
    }

    fn query(&self, names: &[&str]) -> Option<&Query> {
        names
            .iter()
            .find_map(|n| self.queries.iter().find(|q| normal(&q.name) == *n))
    }

    /// A query parameter whose name says it pages (a token, a page number, an offset).
    fn paging_param(&self) -> Option<&str> {
        self.queries
            .iter()
            .find(|q| {
                let n = normal(&q.name);
                (!q.integer && token_like(&n))
                    || (q.integer
                        && matches!(n.as_str(), "page" | "pagenumber" | "offset" | "skip"))
            })
            .map(|q| q.name.as_str())
    }

    /// Where the answer's items are: `Some(None)` for the answer itself, `None` when no list
    /// is clearly the items.
    fn items_key(&self) -> Option<Option<Spanned<String>>> {
        Some(self.items.clone()?.map(text))
    }

    fn pageable(&mut self, ptr: &str, warnings: &mut Warnings) -> Option<(Pagination, String)> {
        let pageable = self.extensions.get("x-ms-pageable")?;
        let next = match pageable.get("nextLinkName") {
            Some(Value::Null) => return None,
            Some(Value::String(n)) => n.clone(),
            _ => "nextLink".to_owned(),
        };
        let at = format!("{ptr}/x-ms-pageable");
        let Some(items) = self.items_key() else {
            warnings.push(&at, "the pageable answer has no list of items; not paged");
            return None;
        };
        if !self.fields.iter().any(|f| f.path == next) {
            warnings.push(
                &at,
                format!("the next link `{next}` is not a plain field of the answer; not paged"),
            );
            return None;
        }
        let evidence = format!("`x-ms-pageable` naming `{next}`");
        let paging = NextLinkPaging {
            next: text(next),
            items,
        };
        Some((Pagination::NextLink(paging), evidence))
    }

    fn dropshot(&self, ptr: &str, warnings: &mut Warnings) -> Option<(Pagination, String)> {
        self.extensions.get("x-dropshot-pagination")?;
        let at = format!("{ptr}/x-dropshot-pagination");
        let param = self.query(&["pagetoken"]);
        let next = self.fields.iter().find(|f| f.path == "next_page");
        let (Some(param), Some(next), Some(items)) = (param, next, self.items_key()) else {
            warnings.push(
                &at,
                "`x-dropshot-pagination` without a `page_token` parameter, a `next_page` answer \
                 field and a list of items; not paged",
            );
            return None;
        };
        let paging = CursorPaging {
            param: text(&param.name),
            next: text(&next.path),
            items,
        };
        Some((
            Pagination::Cursor(paging),
            format!(
                "`x-dropshot-pagination` (query parameter `{}` echoed by answer field `{}`)",
                param.name, next.path
            ),
        ))
    }

    fn link_header(&self) -> Option<(Pagination, String)> {
        let header = self
            .headers
            .iter()
            .find(|h| h.eq_ignore_ascii_case("link"))?;
        let items = self.items_key()?;
        Some((
            Pagination::LinkHeader(LinkHeaderPaging { items }),
            format!("the `{header}` answer header"),
        ))
    }

    fn cursor(&self) -> Option<(Pagination, String)> {
        for query in &self.queries {
            let p = normal(&query.name);
            if query.integer || !token_like(&p) {
                continue;
            }
            let stem = p.strip_suffix("token").filter(|s| !s.is_empty());
            let mut wanted = vec![p.clone(), format!("next{p}")];
            if let Some(stem) = stem {
                // `page_token` ↔ `next_page`.
                wanted.push(format!("next{stem}"));
            }
            if p == "cursor" || p.ends_with("cursor") || p == "after" || p == "continuation" {
                wanted.push("next".into());
            }
            let echo = wanted.iter().find_map(|w| {
                self.fields
                    .iter()
                    .find(|f| f.text && !f.uri && normal(&f.leaf) == *w)
            });
            if let (Some(echo), Some(items)) = (echo, self.items_key()) {
                let paging = CursorPaging {
                    param: text(&query.name),
                    next: text(&echo.path),
                    items,
                };
                return Some((
                    Pagination::Cursor(paging),
                    format!(
                        "query parameter `{}` echoed by answer field `{}`",
                        query.name, echo.path
                    ),
                ));
            }
        }
        None
    }

    fn next_link(&self, ptr: &str, warnings: &mut Warnings) -> Option<(Pagination, String)> {
        const NAMES: &[&str] = &[
            "nextlink",
            "nexturl",
            "nextpageurl",
            "nextpagelink",
            "nexthref",
            "next",
            "href",
        ];
        let found = NAMES.iter().find_map(|n| {
            self.fields.iter().find(|f| {
                f.text
                    && normal(&f.leaf) == *n
                    && (*n != "href" || f.path.split('.').rev().nth(1) == Some("next"))
                    && (f.uri || *n != "next" || !f.path.contains('.') || grouped(&f.path))
            })
        });
        let Some(next) = found else {
            if let (Some(_), Some(link)) = (&self.items, &self.unreachable_link) {
                warnings.push(
                    ptr,
                    format!(
                        "the answer field `{link}` is a next link, but a paging path cannot \
                         name a field with `/`; not paged"
                    ),
                );
            }
            return None;
        };
        let items = self.items_key()?;
        let paging = NextLinkPaging {
            next: text(&next.path),
            items,
        };
        Some((
            Pagination::NextLink(paging),
            format!("the answer field `{}`", next.path),
        ))
    }

    fn page_number(&self) -> Option<(Pagination, String)> {
        let page = self
            .query(&["page", "pagenumber", "pageno", "pagenum", "pageindex"])
            .filter(|q| q.integer)?;
        let size = self
            .query(&["perpage", "pagesize", "size", "limit", "count", "pagelimit"])
            .filter(|q| q.integer)?;
        let items = self.items_key()?;
        let first = if page.zero_based {
            0
        } else {
            page.default.or(page.minimum).unwrap_or(1).min(1)
        };
        let total_pages = self.fields.iter().find(|f| {
            f.number
                && matches!(
                    normal(&f.leaf).as_str(),
                    "totalpages" | "pagecount" | "numpages" | "pagestotal"
                )
        });
        let paging = PageNumberPaging {
            param: text(&page.name),
            first_page: (first != 1).then_some(Spanned::unlocated(first)),
            size_param: Some(text(&size.name)),
            page_size: None,
            total_pages: total_pages.map(|t| text(&t.path)),
            items,
        };
        Some((
            Pagination::PageNumber(paging),
            format!("query parameters `{}` and `{}`", page.name, size.name),
        ))
    }

    fn offset(&self) -> Option<(Pagination, String)> {
        let offset = self
            .query(&["offset", "skip", "startindex", "startat"])
            .filter(|q| q.integer)?;
        let limit = self
            .query(&[
                "limit",
                "top",
                "count",
                "size",
                "maxresults",
                "pagesize",
                "perpage",
                "max",
                "take",
            ])
            .filter(|q| q.integer)?;
        let items = self.items_key()?;
        let total = self.fields.iter().find(|f| {
            f.number
                && matches!(
                    normal(&f.leaf).as_str(),
                    "total"
                        | "totalcount"
                        | "totalresults"
                        | "totalitems"
                        | "totalrecords"
                        | "totalsize"
                )
        });
        let paging = OffsetPaging {
            param: text(&offset.name),
            limit_param: Some(text(&limit.name)),
            total: total.map(|t| text(&t.path)),
            items,
        };
        Some((
            Pagination::Offset(paging),
            format!("query parameters `{}` and `{}`", offset.name, limit.name),
        ))
    }
}

/// The spec's word for a paging (`next_link`) and where its items are.
fn kind_and_items(paging: &Pagination) -> (&'static str, Option<&Spanned<String>>) {
    match paging {
        Pagination::PageNumber(p) => ("page_number", p.items.as_ref()),
        Pagination::Offset(p) => ("offset", p.items.as_ref()),
        Pagination::Cursor(p) => ("cursor", p.items.as_ref()),
        Pagination::NextLink(p) => ("next_link", p.items.as_ref()),
        Pagination::LinkHeader(p) => ("link_header", p.items.as_ref()),
    }
}

/// Whether a normalised parameter name carries a continuation token.
fn token_like(name: &str) -> bool {
    name.contains("token")
        || name.contains("cursor")
        || matches!(
            name,
            "after" | "marker" | "continuation" | "pagekey" | "nextkey" | "skiptoken"
        )
}

/// Whether a dotted path runs through a paging group (`links.next`).
fn grouped(path: &str) -> bool {
    path.split('.')
        .next()
        .is_some_and(|g| GROUPS.contains(&normal(g).as_str()))
}

/// Lower-case letters and digits only: `page_token`, `pageToken` and `Page-Token` compare equal.
fn normal(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether a field name can be a segment of a paging path.
fn plain(name: &str) -> bool {
    !name.is_empty() && !name.contains(['.', '/'])
}

fn field(path: &str, leaf: &str, def: &TypeDef, objects: &NamedMap<TypeDef>) -> Field {
    let ty = resolved_scalar(def, objects);
    let format = def.body.format.as_ref().map(|f| f.as_str());
    Field {
        path: path.to_owned(),
        leaf: leaf.to_owned(),
        text: matches!(ty, Some("string" | "uri")),
        uri: ty == Some("uri") || format.is_some_and(|f| f.contains("ur")),
        number: matches!(
            ty,
            Some("integer" | "int32" | "int64" | "number" | "float" | "double")
        ),
    }
}

/// The `type` of a definition that is neither an object nor a list.
fn type_name(def: &TypeDef) -> Option<&str> {
    let body = &*def.body;
    if body.fields.is_some() || body.list.is_some() {
        return None;
    }
    body.type_name.as_ref().map(|t| t.as_str())
}

/// The scalar type of a definition through object names (`string`, `uri`, `int64`, …).
fn resolved_scalar<'v>(def: &'v TypeDef, objects: &'v NamedMap<TypeDef>) -> Option<&'v str> {
    let mut current = def;
    for _ in 0..MAX_HOPS {
        let name = type_name(current)?;
        match objects.get(name) {
            Some(next) => current = next,
            None => return Some(name),
        }
    }
    None
}

/// The definition a definition's `type` stands for, followed through object names.
fn follow<'v>(def: &'v TypeDef, objects: &'v NamedMap<TypeDef>) -> &'v TypeDef {
    let mut current = def;
    for _ in 0..MAX_HOPS {
        let next = match current.body.fields {
            None => current.body.type_name.as_ref().and_then(|n| objects.get(n)),
            Some(_) => None,
        };
        match next {
            Some(next) => current = next,
            None => return current,
        }
    }
    current
}

/// The fields of an object definition.
fn fields_of<'v>(
    def: &'v TypeDef,
    objects: &'v NamedMap<TypeDef>,
) -> Option<&'v NamedMap<TypeDef>> {
    follow(def, objects).body.fields.as_ref()
}

/// The item definition of a list definition.
fn list_item<'v>(def: &'v TypeDef, objects: &'v NamedMap<TypeDef>) -> Option<&'v TypeDef> {
    let body = &*follow(def, objects).body;
    match body.fields {
        None => body.list.as_ref(),
        Some(_) => None,
    }
}

/// The field holding the items: the only list field, or the best-named of several.
fn items_field(fields: &NamedMap<TypeDef>, objects: &NamedMap<TypeDef>) -> Option<String> {
    let lists: Vec<&str> = fields
        .iter()
        .filter(|(name, def)| !name.contains(['.', '/']) && list_item(def, objects).is_some())
        .map(|(name, _)| name.as_str())
        .collect();
    if let [only] = lists.as_slice() {
        return Some((*only).to_owned());
    }
    if lists.is_empty() {
        // HAL and envelopes: `_embedded.webinars`, the one list one object down.
        let nested: Vec<String> = fields
            .iter()
            .filter(|(name, _)| plain(name))
            .filter_map(|(name, def)| {
                let inner = fields_of(def, objects)?;
                let lists: Vec<&str> = inner
                    .iter()
                    .filter(|(n, d)| plain(n) && list_item(d, objects).is_some())
                    .map(|(n, _)| n.as_str())
                    .collect();
                match lists.as_slice() {
                    [only] => Some(format!("{}.{only}", name.as_str())),
                    _ => None,
                }
            })
            .collect();
        if let [only] = nested.as_slice() {
            return Some(only.clone());
        }
    }
    ITEM_NAMES
        .iter()
        .find_map(|n| lists.iter().find(|l| normal(l) == *n))
        .map(|l| (*l).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::typed;
    use serde_json::json;

    fn infer_on(action: Value, objects: Value) -> (Value, Vec<String>) {
        let mut action: ActionDef = typed::from_tree(action).expect("an action");
        let mut warnings = Warnings::default();
        let objects: NamedMap<TypeDef> = typed::from_tree(objects).expect("objects");
        infer(&mut action, &objects, "/paths/~1x/get", &mut warnings);
        let messages = warnings.items.iter().map(|w| w.message.clone()).collect();
        (typed::to_tree(&action)["paginate"].clone(), messages)
    }

    #[test]
    fn dropshot_cursor() {
        let (paginate, warnings) = infer_on(
            json!({
                "request": "GET /projects",
                "params": { "page_token": { "type": "string", "nullable": true }, "limit": "int32" },
                "returns": "ProjectResultsPage",
                "extensions": { "x-dropshot-pagination": { "required": [] } }
            }),
            json!({ "ProjectResultsPage": { "fields": {
                "items": { "list": "Project", "required": true },
                "next_page": { "type": "string", "nullable": true }
            } }, "Project": { "fields": { "id": "string" } } }),
        );
        assert_eq!(
            paginate,
            json!({ "cursor": { "param": "page_token", "next": "next_page", "items": "items" } })
        );
        assert!(
            warnings[0].contains("x-dropshot-pagination"),
            "{warnings:?}"
        );
    }

    #[test]
    fn link_header_and_page_pairs() {
        let (paginate, _) = infer_on(
            json!({
                "request": "GET /repos",
                "params": { "page": "integer", "per_page": "integer" },
                "response": { "type": ["Repo"], "headers": { "Link": "string" } }
            }),
            json!({}),
        );
        assert_eq!(paginate, json!({ "link_header": {} }));
        let (paginate, _) = infer_on(
            json!({
                "request": "GET /repos",
                "params": { "page": { "type": "integer", "default": 0 }, "size": "integer" },
                "returns": { "fields": { "page": { "fields": { "totalPages": "int32" } }, "_embedded": ["Repo"] } }
            }),
            json!({}),
        );
        assert_eq!(
            paginate,
            json!({ "page_number": { "param": "page", "first_page": 0, "size_param": "size",
                                     "total_pages": "page.totalPages", "items": "_embedded" } })
        );
    }

    #[test]
    fn next_links_and_plain_lists_are_told_apart() {
        let (paginate, _) = infer_on(
            json!({ "request": "GET /v", "returns": { "fields": {
                "data": ["string"], "paging": { "fields": { "next": "uri", "previous": "uri" } } } } }),
            json!({}),
        );
        assert_eq!(
            paginate,
            json!({ "next_link": { "next": "paging.next", "items": "data" } })
        );
        let (paginate, warnings) = infer_on(
            json!({ "request": "GET /v", "params": { "search": "string" }, "returns": ["string"] }),
            json!({}),
        );
        assert_eq!(paginate, Value::Null);
        assert!(warnings.is_empty());
        let (paginate, _) = infer_on(
            json!({ "request": "GET /m", "params": { "next_page_token": "string", "page_size": "integer" },
                    "returns": { "fields": { "next_page_token": "string", "meetings": ["string"] } } }),
            json!({}),
        );
        assert_eq!(
            paginate,
            json!({ "cursor": { "param": "next_page_token", "next": "next_page_token", "items": "meetings" } })
        );
    }
}
