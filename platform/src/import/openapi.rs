//! OpenAPI 3.0 and 3.1 documents (YAML or JSON) → connector spec.
//!
//! The document is read as JSON values, 3.1 forms are rewritten as 3.0 (`openapi31`), repaired
//! ([`normalise`]: `required: true` on properties, `type` lists, enum values of the wrong type
//! …), then each path item, parameter, body and answer is read with the `openapiv3` types (the
//! security schemes as JSON, `security`). A piece that still does not parse is
//! reported with its JSON pointer and skipped; the rest of the document is imported. Schemas
//! go through the same converter as Power Platform definitions (`$ref`s become object names,
//! `allOf` is merged, recursion stays a named reference).

use std::borrow::Cow;
use std::collections::HashMap;

use openapiv3::{
    MediaType, Operation, Parameter, ParameterData, ParameterSchemaOrContent, PathItem, QueryStyle,
    ReferenceOr, RequestBody, Response, StatusCode,
};
use serde_json::{json, Map, Value};

use super::repair_scan::REPAIR_DEPTH;

use super::schema::{field, FormatPolicy, Schemas};
use super::typed::{fields_or_type, text, type_def, type_named};
use super::{
    clean_title, escape, generated_id, guard, json as lenient, non_blank, openapi31, options,
    paging, path_items, powerplatform, push_segment, security, servers, Built, ImportError,
    ImportOptions, Imported, ImportedConnector, Warnings,
};
use crate::check::encode_spaces_outside_placeholders;
use crate::emit::openapi_kept::{
    DERIVE_ERROR_ANSWERS, METHODS, MODELLED_INFO, MODELLED_OPERATION_KEYS, MODELLED_PARAMETER_KEYS,
    NO_SUCCESS, OPENAPI_ANSWER, OPENAPI_BODY_CONTENT, OPENAPI_CONTENT, OPENAPI_COOKIES,
    OPENAPI_OPERATION, OPENAPI_PARAMETER, OPENAPI_PATH_ITEM, OPENAPI_RESPONSES, OPENAPI_ROOT,
    OPENAPI_SECURITY, PARAMETER_EXAMPLE, PATH_ITEM_PARAMETER, SCHEMA_DESCRIPTION, UNDECLARED,
    UNNAMED,
};
use codegen::spec::{
    ActionDef, ArrayStyle, BodyDef, BodyEncoding, ConnectorSpec, Metadata, NamedMap, ParamLocation,
    ResponseDef, ResponseEncoding, Spanned, TypeBody, TypeDef,
};
use indexmap::IndexMap;

/// Kept extensions (`x-…` keys and what rides along as written).
type Extensions = IndexMap<String, Value>;

/// Imports an OpenAPI 3.0 or 3.1 document (a Swagger 2.0 document is imported like a
/// connector's). The server, security schemes and paging are read as the modules `servers`,
/// `security` and `paging` say, and the written spec is checked (`guard`).
pub fn import(bytes: &[u8], name: &str) -> Result<Imported, ImportError> {
    import_with(bytes, name, &ImportOptions::default())
}

/// [`import`] with the person's choices: metadata the document lacks, operations to keep.
/// Website, privacy policy and categories still missing afterwards are warned about.
pub fn import_with(
    bytes: &[u8],
    name: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    built(bytes, name, options)?.into_imported()
}

/// [`import_with`], ending with the checked connector instead of the spec's text: what
/// `connectorc rust --import` writes a client from. The connector is the one checking the YAML
/// of [`import_with`] gives.
pub fn import_connector(
    bytes: &[u8],
    name: &str,
    options: &ImportOptions,
) -> Result<ImportedConnector, ImportError> {
    built(bytes, name, options)?.into_connector()
}

/// The spec of the document, built but neither written nor checked.
pub(crate) fn built(
    bytes: &[u8],
    name: &str,
    options: &ImportOptions,
) -> Result<Built, ImportError> {
    let mut warnings = Warnings::default();
    super::document_read::check_size(bytes, "the document", &options.limits)?;
    let text = lenient::decode(bytes, &mut warnings);
    let (mut doc, scan) =
        super::document_read::parse_any_scanned(&text, &options.limits, &mut warnings)?;
    if !doc.is_object() {
        return Err(ImportError::new("the document is not a mapping"));
    }
    if doc.get("swagger").is_some() {
        let mut spec = powerplatform::to_model(&doc, None, name, options.fix, &mut warnings)?;
        options::apply_metadata(&mut spec, options, true, &mut warnings)?;
        options::select(&mut spec, options)?;
        return Ok(Built::unguarded(spec, name, warnings));
    }
    let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("");
    if !version.starts_with("3.") {
        warnings.push(
            "/openapi",
            format!("version `{version}` is not 3.x; read as 3.0"),
        );
    }
    let v31 = openapi31::is_31(version);
    // A 3.0 document whose parse met nothing the walk rewrites or repairs needs no walk.
    let needs_repair = match scan {
        Some(scan) if !v31 && !scan.may_rewrite_30 && !scan.may_need_repair => false,
        _ => openapi31::downgrade(&mut doc, v31, &mut warnings),
    };
    debug_assert_eq!(needs_repair, super::repair_scan::needs_repair(&doc, 0));
    // Schemas are read as written (a faithful import keeps what does not fit); the
    // repaired copy is what the typed reading of operations needs. A document with nothing
    // to repair is its own repaired copy (copying and dropping a second tree costs as much
    // as parsing it).
    let written = needs_repair.then(|| doc.clone());
    let mut repairs = Warnings::default();
    if written.is_some() {
        normalise(&mut doc, &mut repairs);
    }
    let items = path_items::read_all(&mut doc);
    let written_doc = written.as_ref().unwrap_or(&doc);
    let (mut spec, pointers) = build(&doc, written_doc, name, options, items, &mut warnings)?;
    // The two document trees are not read again: they are freed beside the check, off its path.
    let spent: guard::Spent = Box::new((doc, written));
    // A place the reading as written reported already is not reported twice.
    for repair in repairs.items {
        if !warnings.items.iter().any(|w| w.pointer == repair.pointer) {
            warnings.items.push(repair);
        }
    }
    options::apply_metadata(&mut spec, options, true, &mut warnings)?;
    // Selection first, so that only the kept operations' repeated objects are hoisted.
    options::select(&mut spec, options)?;
    super::hoist::hoist(&mut spec);
    let mut built = Built::unguarded(spec, name, warnings);
    built.spent = Some(spent);
    built.guarded = Some(guard::Source {
        operations: pointers,
        schemas: "/components/schemas",
        security: "/components/securitySchemes",
    });
    Ok(built)
}

/// One operation as found under `paths`.
struct FoundOperation {
    /// The action name (the operation id, PascalCase, made unique).
    id: String,
    /// The path, starting with `/`.
    route: String,
    /// The lower-case method.
    method: String,
    /// The operation (boxed: it is large, and the list of them grows).
    operation: Box<Operation>,
    /// The path item's parameters, shared by its operations.
    shared: Vec<ReferenceOr<Parameter>>,
    /// The operation's JSON pointer.
    pointer: String,
}

/// Repairs schema mistakes that make typed parsing fail, in place, with a warning for each.
pub fn normalise(doc: &mut Value, warnings: &mut Warnings) {
    walk(doc, &mut String::new(), warnings, 0);
}

/// Repairs `value` and everything under it; `ptr` is its pointer, extended and cut back in
/// place for each child.
fn walk(value: &mut Value, ptr: &mut String, warnings: &mut Warnings, depth: usize) {
    if depth > REPAIR_DEPTH {
        return;
    }
    let len = ptr.len();
    match value {
        Value::Object(map) => {
            repair_schema(map, ptr, warnings);
            for (k, v) in map.iter_mut() {
                push_segment(ptr, k);
                walk(v, ptr, warnings, depth + 1);
                ptr.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                use std::fmt::Write as _;
                let _ = write!(ptr, "/{i}");
                walk(v, ptr, warnings, depth + 1);
                ptr.truncate(len);
            }
        }
        _ => {}
    }
}

/// Repairs the mistakes a schema object commonly has before its typed reading, each with a
/// warning at `ptr`.
fn repair_schema(map: &mut Map<String, Value>, ptr: &str, warnings: &mut Warnings) {
    lift_property_required(map, ptr, warnings);
    let is_schema =
        map.contains_key("type") && !map.contains_key("in") && !map.contains_key("name");
    if !is_schema {
        return;
    }
    repair_type_list(map, ptr, warnings);
    repair_enum(map, ptr, warnings);
    if let Some(Value::String(s)) = map.get("nullable").cloned() {
        map.insert("nullable".into(), json!(s.eq_ignore_ascii_case("true")));
        warnings.push(&format!("{ptr}/nullable"), "`nullable` must be a boolean");
    }
    repair_bounds(map, ptr, warnings);
}

/// `required: true` on properties → the parent's list.
fn lift_property_required(map: &mut Map<String, Value>, ptr: &str, warnings: &mut Warnings) {
    let Some(Value::Object(props)) = map.get_mut("properties") else {
        return;
    };
    let mut required = Vec::new();
    for (name, prop) in props.iter_mut() {
        if let Some(obj) = prop.as_object_mut() {
            if let Some(Value::Bool(flag)) = obj.get("required").cloned() {
                obj.remove("required");
                warnings.push(
                    &format!("{ptr}/properties/{}/required", escape(name)),
                    "`required` on a property must be a list in its parent; moved there",
                );
                if flag {
                    required.push(json!(name));
                }
            }
        }
    }
    if !required.is_empty() {
        let list = map.entry("required").or_insert_with(|| json!([]));
        if !list.is_array() {
            *list = json!([]);
        }
        if let Value::Array(list) = list {
            for r in required {
                if !list.contains(&r) {
                    list.push(r);
                }
            }
        }
    }
}

/// A list of types (OpenAPI 3.1) is read as its first type but `null`, nullable when the
/// list holds `null`.
fn repair_type_list(map: &mut Map<String, Value>, ptr: &str, warnings: &mut Warnings) {
    let Some(Value::Array(types)) = map.get("type").cloned() else {
        return;
    };
    let concrete: Vec<&Value> = types
        .iter()
        .filter(|t| t.as_str() != Some("null"))
        .collect();
    let first = concrete
        .first()
        .cloned()
        .cloned()
        .unwrap_or(json!("string"));
    warnings.push(
        &format!("{ptr}/type"),
        format!("`type` is a list; read as {first}"),
    );
    map.insert("type".into(), first);
    if concrete.len() < types.len() {
        map.insert("nullable".into(), json!(true));
    }
}

/// Enum values that are not of the schema's type are dropped (numbers and booleans of a
/// string enum are read as strings).
fn repair_enum(map: &mut Map<String, Value>, ptr: &str, warnings: &mut Warnings) {
    let ty = map
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let Some(Value::Array(values)) = map.get_mut("enum") else {
        return;
    };
    let before = values.len();
    match ty.as_str() {
        "string" => {
            for v in values.iter_mut() {
                if matches!(v, Value::Number(_) | Value::Bool(_)) {
                    *v = json!(v.to_string());
                }
            }
            values.retain(|v| v.is_string() || v.is_null());
        }
        "integer" => values.retain(|v| v.as_i64().is_some() || v.is_null()),
        "number" => values.retain(|v| v.is_number() || v.is_null()),
        "boolean" => values.retain(|v| v.is_boolean() || v.is_null()),
        _ => {}
    }
    if values.len() != before {
        warnings.push(
            &format!("{ptr}/enum"),
            format!("enum values that are not a {ty} were dropped"),
        );
    }
}

/// Numeric exclusive bounds (OpenAPI 3.1) become a bound and a flag; a length, count or
/// bound written as a string is read as its number, or dropped when it is none.
fn repair_bounds(map: &mut Map<String, Value>, ptr: &str, warnings: &mut Warnings) {
    for key in ["exclusiveMinimum", "exclusiveMaximum"] {
        if let Some(Value::Number(n)) = map.get(key).cloned() {
            let bound = if key == "exclusiveMinimum" {
                "minimum"
            } else {
                "maximum"
            };
            map.insert(bound.into(), Value::Number(n));
            map.insert(key.into(), json!(true));
            warnings.push(
                &format!("{ptr}/{key}"),
                format!("`{key}` must be a boolean in OpenAPI 3.0; read as `{bound}`"),
            );
        }
    }
    for key in [
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minimum",
        "maximum",
    ] {
        if let Some(Value::String(s)) = map.get(key).cloned() {
            match s.trim().parse::<f64>() {
                Ok(n) if key.starts_with("min") || key.starts_with("max") => {
                    let v = if key.ends_with("Length") || key.ends_with("Items") {
                        json!(n as u64)
                    } else {
                        json!(n)
                    };
                    map.insert(key.into(), v);
                }
                _ => {
                    map.remove(key);
                }
            }
            warnings.push(&format!("{ptr}/{key}"), format!("`{key}` must be a number"));
        }
    }
}

struct Importer<'a> {
    /// The document, repaired for its typed reading ([`normalise`]).
    doc: &'a Value,
    /// The document as written, where schemas are read.
    written: &'a Value,
    schemas: Schemas<'a>,
    warnings: Warnings,
    options: &'a ImportOptions,
    /// Action name → the pointer of its operation.
    pointers: HashMap<String, String>,
    /// The security scheme `auth` was read from.
    scheme: Option<String>,
    /// The spec's base URL as read from the servers.
    base_url: Option<String>,
    /// The absolute server URL relative URLs were resolved against.
    absolute: Option<String>,
    /// The pointer of the operation being read and its value as written ([`Self::written`]).
    operation_node: Option<(String, Option<&'a Value>)>,
    /// The path items read before, in the order of `paths`.
    items: std::vec::IntoIter<Option<path_items::Read>>,
    /// How many operations make a list whose actions are made in two halves at once.
    split_actions_from: usize,
}

/// How many operations a document needs before its actions are made on two threads.
const SPLIT_ACTIONS_FROM: usize = 128;

fn typed<T: serde::de::DeserializeOwned>(
    value: &Value,
    ptr: &str,
    warnings: &mut Warnings,
    what: &str,
) -> Option<T> {
    match T::deserialize(value) {
        Ok(t) => Some(t),
        Err(e) => {
            warnings.push(ptr, format!("{what} does not parse ({e}); skipped"));
            None
        }
    }
}

/// Builds the spec of a normalised OpenAPI 3.0 document.
pub fn to_spec(
    doc: &Value,
    name: &str,
    warnings: &mut Warnings,
) -> Result<ConnectorSpec, ImportError> {
    to_spec_with(doc, name, &ImportOptions::default(), warnings)
}

/// [`to_spec`] with the person's choices that shape the spec: `--fix`, `--no-infer`, `--auth`.
pub fn to_spec_with(
    doc: &Value,
    name: &str,
    options: &ImportOptions,
    warnings: &mut Warnings,
) -> Result<ConnectorSpec, ImportError> {
    Ok(build(doc, doc, name, options, Vec::new(), warnings)?.0)
}

/// [`build_split`] with the actions of a long list made in two halves at once.
fn build<'a>(
    doc: &'a Value,
    written: &'a Value,
    name: &str,
    options: &ImportOptions,
    items: Vec<Option<path_items::Read>>,
    warnings: &mut Warnings,
) -> Result<(ConnectorSpec, HashMap<String, String>), ImportError> {
    build_split(
        doc,
        written,
        name,
        options,
        items,
        warnings,
        SPLIT_ACTIONS_FROM,
    )
}

/// [`to_spec_with`], with the pointer of each action's operation. `items` are the path items
/// already read ([`path_items::read_all`]); those it lacks are read from `doc`. The actions
/// of `split_actions_from` operations or more are made in two halves at once.
fn build_split<'a>(
    doc: &'a Value,
    written: &'a Value,
    name: &str,
    options: &ImportOptions,
    items: Vec<Option<path_items::Read>>,
    warnings: &mut Warnings,
    split_actions_from: usize,
) -> Result<(ConnectorSpec, HashMap<String, String>), ImportError> {
    // `--fix` reads schemas with the repairs made.
    let written = if options.fix { doc } else { written };
    let mut schemas = Schemas::new(written, "#/components/schemas/");
    // Without `--fix`, what has no typed place rides along as written (as for Power Platform
    // connectors), so that the emitted document says what the original said.
    if !options.fix {
        schemas = schemas.keeping_misfits();
    }
    // Misspelt formats are read as what they mean only with `--fix`.
    schemas.repair_formats = options.fix;
    schemas.unlisted_formats = if options.fix {
        FormatPolicy::Map
    } else {
        FormatPolicy::Warn
    };
    let mut importer = Importer {
        doc,
        written,
        schemas,
        warnings: Warnings::default(),
        options,
        pointers: HashMap::new(),
        scheme: None,
        base_url: None,
        absolute: None,
        items: items.into_iter(),
        operation_node: None,
        split_actions_from,
    };
    let spec = importer.spec(name)?;
    warnings.items.append(&mut importer.warnings.items);
    warnings.items.append(&mut importer.schemas.warnings.items);
    Ok((spec, importer.pointers))
}

impl<'a> Importer<'a> {
    /// The spec of the document; `name` titles it when `info` has no title.
    fn spec(&mut self, name: &str) -> Result<ConnectorSpec, ImportError> {
        let info = self.doc.get("info").cloned().unwrap_or(json!({}));
        let title = self.title(&info, name);
        let description = non_blank(info.get("description")).map(text);
        let version = info.get("version").map(|v| {
            text(
                v.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string()),
            )
        });
        let server = servers::server(self.doc, &mut self.warnings);
        self.base_url = Some(server.base_url.clone());
        self.absolute = server.absolute.clone();
        let mut connection = NamedMap::default();
        for (name, def) in server.connection.iter() {
            set(&mut connection, name.get(), def.clone());
        }
        let metadata = metadata(&info);
        let mut auth = None;
        if let Some(mapped) = security::auth(
            self.doc,
            server.absolute.as_deref(),
            self.options.auth.as_ref(),
            &mut self.warnings,
        ) {
            auth = Some(Spanned::unlocated(mapped.auth));
            for (name, def) in mapped.connection {
                set(&mut connection, &name, def);
            }
            self.scheme = mapped.scheme;
        }
        let ops = self.operations();
        self.schemas.operations = ops.iter().map(|op| op.id.clone()).collect();
        let objects = self.objects();
        let actions = self.actions(ops, &objects)?;
        Ok(ConnectorSpec {
            title: text(title),
            id: None,
            description,
            version,
            base_url: text(server.base_url),
            metadata,
            auth,
            connection,
            headers: NamedMap::default(),
            limits: Vec::new(),
            errors: None,
            xml: None,
            objects,
            actions,
            triggers: NamedMap::default(),
            policies: Vec::new(),
            extensions: self.root_extensions().into_iter().collect(),
        })
    }

    /// The connector's title: `info.title` (or `name`), as written.
    ///
    /// The platform refuses titles with words such as `API`; most documents' titles have one.
    /// Removing them is a repair: only with `--fix`.
    fn title(&mut self, info: &Value, name: &str) -> String {
        let title = non_blank(info.get("title")).unwrap_or(name);
        let (cleaned, removed) = clean_title(title);
        if removed.is_empty() {
            return title.to_owned();
        }
        let cleaned = if cleaned.is_empty() {
            name.to_owned()
        } else {
            cleaned
        };
        let words = removed
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if self.options.fix {
            self.warnings.push(
                "/info/title",
                format!(
                    "the platform does not allow {words} in a title; removed, the title is `{cleaned}`"
                ),
            );
            cleaned
        } else {
            self.warnings.push(
                "/info/title",
                format!(
                    "the platform does not allow {words} in a title; `--fix` removes it (the title would be `{cleaned}`)"
                ),
            );
            title.to_owned()
        }
    }

    /// The spec's `objects`: each schema of `components`, by its object name.
    fn objects(&mut self) -> NamedMap<TypeDef> {
        let mut objects = NamedMap::default();
        for (name, schema) in self.schemas.definitions() {
            let object = self.schemas.names[&name].clone();
            let ptr = format!("/components/schemas/{}", escape(&name));
            if self.schemas.only_names_itself(&name) {
                self.warnings.push(
                    &ptr,
                    "the schema's `$ref`s lead back to it and never say what a value is; read as any value",
                );
                objects.push(text(object), type_named("any"));
                continue;
            }
            let def = self.schemas.convert(&schema, &ptr).def;
            if let Some(def) = says_something(def) {
                objects.push(text(object), def);
            }
        }
        objects
    }

    /// The spec's `actions`: one per operation, its paging inferred unless `--no-infer`.
    ///
    /// The actions of a long list are made in two halves, the second on a thread of its own
    /// ([`Importer::helper`]); the warnings of each half follow those of the one before, so
    /// they come out as one pass would have written them.
    fn actions(
        &mut self,
        mut ops: Vec<FoundOperation>,
        objects: &NamedMap<TypeDef>,
    ) -> Result<NamedMap<ActionDef>, ImportError> {
        let mut made = if ops.len() < self.split_actions_from {
            self.actions_of(ops, objects)?
        } else {
            let second = ops.split_off(ops.len() / 2);
            let mut helper = self.helper();
            let (first, (rest, helper)) = codegen::join::join(
                "import-actions",
                || self.actions_of(ops, objects),
                move || (helper.actions_of(second, objects), helper),
            );
            let mut first = first?;
            first.extend(rest?);
            let Importer {
                warnings: mut later,
                schemas: mut helper_schemas,
                ..
            } = helper;
            self.warnings.items.append(&mut later.items);
            self.schemas
                .warnings
                .items
                .append(&mut helper_schemas.warnings.items);
            first
        };
        self.pointers.reserve(made.len());
        // Operation ids are made unique, so each name is new.
        let actions = made
            .drain(..)
            .map(|(id, action, ptr)| {
                self.pointers.insert(id.clone(), ptr);
                (text(id), action)
            })
            .collect();
        Ok(actions)
    }

    /// The action of each of `ops`, in order, with its name and its operation's pointer.
    ///
    /// Each operation is freed once its action is made, so the memory it held is used again
    /// for the next actions rather than fresh memory.
    fn actions_of(
        &mut self,
        ops: Vec<FoundOperation>,
        objects: &NamedMap<TypeDef>,
    ) -> Result<Vec<(String, ActionDef, String)>, ImportError> {
        let mut made = Vec::with_capacity(ops.len());
        for FoundOperation {
            id,
            route: path,
            method,
            operation: op,
            shared: item_params,
            pointer: ptr,
        } in ops
        {
            // Most pointers looked up while the operation is read start with its own.
            let node = self.written_from(self.written, &ptr);
            self.operation_node = Some((ptr.clone(), node));
            let action = self.action(&path, &method, &op, &item_params, &ptr);
            self.operation_node = None;
            drop((op, item_params, path, method));
            let mut action = action?;
            if !self.options.no_infer {
                paging::infer(&mut action, objects, &ptr, &mut self.warnings);
            }
            made.push((id, action, ptr));
        }
        Ok(made)
    }

    /// An importer that reads operations as this one does, with no warnings yet: it makes the
    /// second half of a long list of actions while this one makes the first.
    fn helper(&self) -> Importer<'a> {
        Importer {
            doc: self.doc,
            written: self.written,
            schemas: self.schemas.helper(),
            warnings: Warnings::default(),
            options: self.options,
            pointers: HashMap::new(),
            scheme: self.scheme.clone(),
            base_url: self.base_url.clone(),
            absolute: self.absolute.clone(),
            operation_node: None,
            items: Vec::new().into_iter(),
            split_actions_from: self.split_actions_from,
        }
    }

    /// The spec's root `extensions`: the document's `x-` keys, the root keys kept as written,
    /// and that no error answer is derived.
    fn root_extensions(&self) -> Map<String, Value> {
        let mut extensions = Map::new();
        if let Some(root) = self.doc.as_object() {
            for (k, v) in root {
                if k.starts_with("x-") {
                    extensions.insert(k.clone(), v.clone());
                }
            }
        }
        if let Some(kept) = self.kept_root() {
            extensions.insert(OPENAPI_ROOT.into(), kept);
        }
        // The document's own answers are kept as written; none is derived beside them.
        extensions.insert(DERIVE_ERROR_ANSWERS.into(), json!(false));
        extensions
    }

    /// The root keys the spec language has no place for, kept as written
    /// (`emit::openapi_kept`): the 3.0.x version, `info` keys beyond those the spec holds, the
    /// `paths` map's own `x-` keys, and the root `tags` list.
    fn kept_root(&self) -> Option<Value> {
        let mut kept = Map::new();
        if let Some(version) = self.doc.get("openapi").and_then(Value::as_str) {
            if version.starts_with("3.0.") && version != "3.0.3" {
                kept.insert("openapi".into(), json!(version));
            }
        }
        if let Some(docs) = self.doc.get("externalDocs") {
            kept.insert("externalDocs".into(), docs.clone());
        }
        if let Some(Value::Object(paths)) = self.written.get("paths") {
            let own: Map<String, Value> = paths
                .iter()
                .filter(|(k, _)| k.starts_with("x-"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if !own.is_empty() {
                kept.insert("paths".into(), Value::Object(own));
            }
        }
        // The servers as written (none when there were none), with the base URL read from
        // them: the emitter writes them while the spec's base URL is still that one.
        kept.insert(
            "servers".into(),
            self.doc.get("servers").cloned().unwrap_or(json!([])),
        );
        if let Some(base_url) = &self.base_url {
            kept.insert("base_url".into(), json!(base_url));
        }
        if let Some(Value::Object(info)) = self.doc.get("info") {
            let extra: Map<String, Value> = info
                .iter()
                .filter(|(k, _)| !MODELLED_INFO.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let mut extra = extra;
            if let Some(contact) = info.get("contact").filter(|c| !contact_is_derived(c)) {
                extra.insert("contact".into(), contact.clone());
            }
            if !extra.is_empty() {
                kept.insert("info".into(), Value::Object(extra));
            }
        }
        // An absent list is kept as an empty one: no root tags are derived from operations.
        match self.doc.get("tags") {
            Some(tags @ Value::Array(_)) => {
                kept.insert("tags".into(), tags.clone());
            }
            _ => {
                kept.insert("tags".into(), json!([]));
            }
        }
        self.keep_security(&mut kept);
        (!kept.is_empty()).then_some(Value::Object(kept))
    }

    /// The security schemes and root requirements as written, with the name of the scheme
    /// `auth` was read from: the emitter writes them while `auth` still says the same.
    fn keep_security(&self, kept: &mut Map<String, Value>) {
        let Some(scheme) = &self.scheme else {
            return;
        };
        let Some(schemes @ Value::Object(_)) = self.doc.pointer("/components/securitySchemes")
        else {
            return;
        };
        kept.insert("scheme".into(), json!(scheme));
        kept.insert("securitySchemes".into(), self.schemas.inline(schemes));
        let resolved = self.resolved_flow_urls(schemes);
        if !resolved.is_empty() {
            kept.insert("resolved_urls".into(), Value::Object(resolved));
        }
        if let Some(security) = self.doc.get("security") {
            kept.insert("security".into(), security.clone());
        }
    }

    /// A relative endpoint URL of a flow of `schemes`, with what it was read as.
    fn resolved_flow_urls(&self, schemes: &Value) -> Map<String, Value> {
        let flows = schemes
            .as_object()
            .into_iter()
            .flat_map(|s| s.values())
            .filter_map(|s| s.get("flows").and_then(Value::as_object))
            .flat_map(|flows| flows.values());
        let mut resolved = Map::new();
        for flow in flows {
            for key in ["authorizationUrl", "tokenUrl", "refreshUrl"] {
                let Some(url) = flow.get(key).and_then(Value::as_str) else {
                    continue;
                };
                match super::servers::resolve(self.absolute.as_deref(), url.trim()) {
                    Some(read) if read != url => {
                        resolved.insert(url.to_owned(), json!(read));
                    }
                    _ => {}
                }
            }
        }
        resolved
    }

    /// Every operation of the document, in document order.
    fn operations(&mut self) -> Vec<FoundOperation> {
        let mut out = Vec::new();
        let Some(paths) = self.doc.get("paths").and_then(Value::as_object) else {
            self.warnings
                .push("/paths", "the document has no operations");
            return out;
        };
        out.reserve(paths.len());
        let mut ids = super::OperationIds::default();
        // `x-` keys of the map are not paths (`kept_root` keeps them).
        for (path, raw) in paths.iter().filter(|(k, _)| !k.starts_with("x-")) {
            let mut ptr = String::from("/paths");
            push_segment(&mut ptr, path);
            let raw = self.schemas.resolve(raw);
            let read = match self.items.next().flatten() {
                Some(read) => read,
                None => path_items::read(raw),
            };
            let item = match read {
                Ok(item) => item,
                Err(e) => {
                    path_items::Item::take_from(&mut self.path_item_by_operation(raw, &ptr, &e))
                }
            };
            let shared = item.parameters;
            for (method, op) in item.operations {
                if method == "trace" {
                    self.warnings.push(
                        &format!("{ptr}/trace"),
                        "TRACE operations are not supported; skipped",
                    );
                    continue;
                }
                let op_ptr = cat(&[&ptr, "/", method]);
                // Operation ids are kept as written; the platform's certification wants them
                // PascalCase, which is a repair `--fix` makes.
                let wanted = op
                    .operation_id
                    .as_deref()
                    .filter(|s| !s.trim().is_empty())
                    .map(|id| self.operation_id(id, &op_ptr))
                    .unwrap_or_else(|| {
                        let made = generated_id(method, path);
                        self.warnings
                            .push(&op_ptr, format!("no operationId; `{made}` is used"));
                        made
                    });
                let id = ids.claim(&wanted);
                if id != wanted {
                    self.warnings.push(
                        &format!("{op_ptr}/operationId"),
                        format!("operation id `{wanted}` repeats another one; renamed `{id}`"),
                    );
                }
                let route = if path.starts_with('/') {
                    path.clone()
                } else {
                    self.warnings.push(
                        &op_ptr,
                        format!("the path `{path}` does not start with `/`; read as `/{path}`"),
                    );
                    format!("/{path}")
                };
                out.push(FoundOperation {
                    id,
                    route,
                    method: method.to_owned(),
                    operation: op,
                    shared: shared.clone(),
                    pointer: op_ptr,
                });
            }
        }
        out
    }

    /// A path item that does not parse as a whole, read one operation at a time (each that does
    /// not parse is skipped with a warning).
    fn path_item_by_operation(
        &mut self,
        raw: &Value,
        ptr: &str,
        error: &serde_json::Error,
    ) -> PathItem {
        self.warnings.push(
            ptr,
            format!("the path item does not parse ({error}); its operations are read one by one"),
        );
        let mut item = PathItem::default();
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            if let Some(op) = raw.get(method) {
                let parsed = typed::<Operation>(
                    op,
                    &format!("{ptr}/{method}"),
                    &mut self.warnings,
                    "the operation",
                );
                match method {
                    "get" => item.get = parsed,
                    "put" => item.put = parsed,
                    "post" => item.post = parsed,
                    "delete" => item.delete = parsed,
                    "options" => item.options = parsed,
                    "head" => item.head = parsed,
                    "patch" => item.patch = parsed,
                    _ => item.trace = parsed,
                }
            }
        }
        item
    }

    /// The action name of an operation id: as written, or PascalCase with `--fix`; a warning
    /// names a repair either way.
    fn operation_id(&mut self, id: &str, op_ptr: &str) -> String {
        let pascal = pascal_id(id);
        if pascal == id || pascal.is_empty() {
            return id.to_owned();
        }
        let at = format!("{op_ptr}/operationId");
        if self.options.fix {
            self.warnings.push(
                &at,
                format!("operation id `{id}` is not PascalCase; renamed `{pascal}`"),
            );
            pascal
        } else {
            self.warnings.push(
                &at,
                format!("operation id `{id}` is not PascalCase as the platform wants; `--fix` renames it `{pascal}`"),
            );
            id.to_owned()
        }
    }

    /// The item `r` holds (borrowed), or the one its reference points at (parsed).
    fn resolve_typed<'r, T: serde::de::DeserializeOwned + Clone>(
        &mut self,
        r: &'r ReferenceOr<T>,
        ptr: &str,
        what: &str,
    ) -> Option<Cow<'r, T>> {
        match r {
            ReferenceOr::Item(t) => Some(Cow::Borrowed(t)),
            ReferenceOr::Reference { reference } => {
                let Some(target) = self.schemas.follow(reference) else {
                    self.warnings.push(
                        ptr,
                        format!("`{reference}` cannot be resolved; {what} skipped"),
                    );
                    return None;
                };
                let target = self.schemas.resolve(target);
                typed(target, ptr, &mut self.warnings, what).map(Cow::Owned)
            }
        }
    }

    /// The spec type of a schema: read from the document as written at `ptr` (a typed parse
    /// writes numbers as decimals and drops `uniqueItems: false`), or from its parse when the
    /// pointer leads nowhere.
    fn schema_def(
        &mut self,
        schema: Option<&ReferenceOr<openapiv3::Schema>>,
        ptr: &str,
    ) -> TypeDef {
        match schema {
            Some(s) => {
                let raw = match self.written(ptr) {
                    Some(written) => Cow::Borrowed(written),
                    None => {
                        // A placeholder stands only where the schema is found as written.
                        debug_assert!(!path_items::is_placeholder(s), "{ptr}");
                        Cow::Owned(serde_json::to_value(s).unwrap_or(json!({})))
                    }
                };
                self.schemas.convert(&raw, ptr).def
            }
            None => type_named("any"),
        }
    }

    /// The value at `ptr` in the document, following the `$ref`s on the way (a parameter or
    /// answer may be a reference to `components`).
    fn written(&self, ptr: &str) -> Option<&'a Value> {
        if let Some((operation, Some(node))) = &self.operation_node {
            let below = ptr
                .strip_prefix(operation.as_str())
                .filter(|rest| rest.is_empty() || rest.starts_with('/'));
            if let Some(rest) = below {
                return self.written_from(node, rest);
            }
        }
        self.written_from(self.written, ptr)
    }

    /// The value at the pointer `ptr` from `node`, as [`Self::written`] finds it.
    fn written_from(&self, node: &'a Value, ptr: &str) -> Option<&'a Value> {
        let mut node = node;
        let mut unescaped = String::new();
        for segment in ptr.split('/').skip(1) {
            let segment = if segment.contains('~') {
                unescape_segment(segment, &mut unescaped);
                unescaped.as_str()
            } else {
                segment
            };
            node = self.schemas.resolve(node);
            node = match node {
                Value::Object(map) => field(map, segment)?,
                Value::Array(list) => list.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    fn action(
        &mut self,
        path: &str,
        method: &str,
        op: &Operation,
        shared: &[ReferenceOr<Parameter>],
        ptr: &str,
    ) -> Result<ActionDef, ImportError> {
        // Kept as written; `--fix` trims it.
        let summary = op
            .summary
            .as_deref()
            .map(|s| if self.options.fix { s.trim() } else { s })
            .filter(|s| !s.trim().is_empty())
            .map(text);
        let description = op
            .description
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(text);
        let line = cat(&[
            &method.to_ascii_uppercase(),
            " ",
            &encode_spaces_outside_placeholders(path),
        ]);
        let parameters = self.parameters(path, op, shared, ptr)?;
        let mut action = ActionDef {
            summary,
            description,
            request: text(line),
            params: parameters.defs,
            body: None,
            returns: None,
            response: None,
            errors: None,
            paginate: None,
            rate_label: None,
            scopes: Vec::new(),
            idempotent: None,
            visibility: None,
            deprecated: None,
            tags: Vec::new(),
            extensions: IndexMap::new(),
        };
        let Cookies { item, operation } = parameters.cookies;
        if !item.is_empty() || !operation.is_empty() {
            let kept = &mut action.extensions;
            let cookies = json!({"item": item, "operation": operation});
            kept.insert(OPENAPI_COOKIES.into(), cookies);
        }
        self.request_body(op, method, ptr, &mut action)?;
        self.response(op, ptr, &mut action)?;
        action.deprecated = self.deprecated(op, ptr);
        action.tags = op.tags.iter().map(text).collect();
        operation_scopes(op, &mut action);
        self.keep_operation(op, method, ptr, &mut action);
        Ok(action)
    }

    /// Whether the operation is deprecated; `false` only where the document writes it, though
    /// it says what absence says.
    fn deprecated(&self, op: &Operation, ptr: &str) -> Option<bool> {
        let written_false = self
            .written(ptr)
            .and_then(|w| w.get("deprecated"))
            .is_some_and(|d| d == &json!(false));
        if op.deprecated {
            Some(true)
        } else {
            written_false.then_some(false)
        }
    }

    /// What the action keeps of the operation as written: its `x-` keys, whether it declared
    /// no success answer or no id, and the operation's and its path item's other keys.
    fn keep_operation(&mut self, op: &Operation, method: &str, ptr: &str, action: &mut ActionDef) {
        let kept = &mut action.extensions;
        for (k, v) in &op.extensions {
            kept.insert(k.clone(), v.clone());
        }
        let success = op.responses.responses.keys().any(|code| match code {
            StatusCode::Code(n) => (200..300).contains(n),
            StatusCode::Range(r) => *r == 2,
        });
        if !success {
            kept.insert(NO_SUCCESS.into(), json!(true));
        }
        if op
            .operation_id
            .as_deref()
            .is_none_or(|id| id.trim().is_empty())
        {
            kept.insert(UNNAMED.into(), json!(true));
        }
        self.keep_operation_keys(method, ptr, &mut action.extensions);
        self.keep_path_item_keys(ptr, &mut action.extensions);
    }

    /// The parameters of the operation at `ptr` as the spec's `params`, with the cookie
    /// parameters the OpenAPI document keeps as written.
    fn parameters(
        &mut self,
        path: &str,
        op: &Operation,
        shared: &[ReferenceOr<Parameter>],
        ptr: &str,
    ) -> Result<OperationParameters, ImportError> {
        let item_base = match ptr.rsplit_once('/') {
            Some((item, _)) => cat(&[item, "/parameters/"]),
            None => String::new(),
        };
        let on_item = |at: &str| !item_base.is_empty() && at.starts_with(&item_base);
        let DeclaredParameters {
            params,
            mut redeclared,
        } = self.declared_parameters(path, op, shared, ptr, &item_base);
        let placeholders = placeholders(path);
        let mut defs = NamedMap::default();
        let mut cookies = Cookies::default();
        for (p, at) in params.into_iter().flatten() {
            let (location, style) = match &*p {
                Parameter::Query { style, .. } => (ParamLocation::Query, Some(style.clone())),
                Parameter::Header { .. } => (ParamLocation::Header, None),
                Parameter::Path { .. } => (ParamLocation::Path, None),
                Parameter::Cookie { .. } => {
                    self.cookie_parameter(&at, on_item(&at), &mut cookies);
                    continue;
                }
            };
            let path_item = match redeclared.remove(&at) {
                Some(written) => Some(written),
                None => on_item(&at).then(|| json!(true)),
            };
            let site = ParameterSite {
                at: &at,
                location,
                style,
                path_item,
            };
            if let Some((key, def)) = self.parameter(&p, site, &placeholders, &defs)? {
                set(&mut defs, &key, def);
            }
        }
        self.add_undeclared_placeholders(&placeholders, ptr, &mut defs);
        // A parameter that says nothing is left out.
        defs.retain(|_, def| !def.body.is_unset());
        Ok(OperationParameters { defs, cookies })
    }

    /// The path item's parameters, then the operation's, each overridden by a later one of the
    /// same name and place.
    ///
    /// A later parameter of the same name and place replaces the earlier one and moves to the
    /// end; the slot it leaves stays empty, so thousands of parameters cost one pass.
    fn declared_parameters<'p>(
        &mut self,
        path: &str,
        op: &'p Operation,
        shared: &'p [ReferenceOr<Parameter>],
        ptr: &str,
        item_base: &str,
    ) -> DeclaredParameters<'p> {
        let mut slots: Vec<Option<(Cow<Parameter>, String)>> =
            Vec::with_capacity(shared.len() + op.parameters.len());
        // Short lists are searched; long ones indexed, so thousands of parameters cost one pass.
        let indexed = slots.capacity() > SEARCHED_PARAMETERS;
        let mut slot_of = std::collections::HashMap::new();
        let mut redeclared: HashMap<String, Value> = HashMap::new();
        let lists = [
            (
                shared,
                match ptr.rsplit_once('/') {
                    Some((item, _)) => cat(&[item, "/parameters"]),
                    None => format!("/paths/{}/parameters", escape(path)),
                },
            ),
            (&op.parameters[..], cat(&[ptr, "/parameters"])),
        ];
        for (list, base) in lists {
            for (i, p) in list.iter().enumerate() {
                let at = format!("{base}/{i}");
                if let Some(p) = self.resolve_typed(p, &at, "the parameter") {
                    let name = &p.parameter_data_ref().name;
                    // A parameter is its name and its place (`in`), however it was written.
                    let place = std::mem::discriminant(&*p);
                    let old = if indexed {
                        slot_of.insert((name.clone(), place), slots.len())
                    } else {
                        slots.iter().position(|slot| {
                            slot.as_ref().is_some_and(|(q, _)| {
                                q.parameter_data_ref().name == *name
                                    && std::mem::discriminant(&**q) == place
                            })
                        })
                    };
                    if let Some(old) = old {
                        let on_item = slots[old]
                            .as_ref()
                            .filter(|(_, old_at)| {
                                !item_base.is_empty() && old_at.starts_with(item_base)
                            })
                            .and_then(|(_, old_at)| self.written(old_at));
                        let index = slots[old].as_ref().and_then(|(_, old_at)| {
                            old_at.rsplit('/').next()?.parse::<usize>().ok()
                        });
                        if let (Some(written), Some(index)) = (on_item, index) {
                            let written = self.schemas.inline(self.schemas.resolve(written));
                            redeclared
                                .insert(at.clone(), json!({"index": index, "parameter": written}));
                        }
                        slots[old] = None;
                    }
                    slots.push(Some((p, at)));
                }
            }
        }
        DeclaredParameters {
            params: slots,
            redeclared,
        }
    }

    /// A cookie parameter: the spec has no cookies; without `--fix` the OpenAPI document keeps
    /// the parameter as written, where it was declared (`on_item`: on the path item).
    fn cookie_parameter(&mut self, at: &str, on_item: bool, cookies: &mut Cookies) {
        let written = self.written(at).map(|w| self.schemas.resolve(w));
        match written.filter(|_| !self.options.fix) {
            Some(w) => {
                let kept = if on_item {
                    &mut cookies.item
                } else {
                    &mut cookies.operation
                };
                kept.push(self.schemas.inline(w));
                self.warnings.push(
                    at,
                    "cookie parameters are not supported; the client does not send \
                     it, and the OpenAPI document keeps it as written (`--fix` \
                     drops it)",
                );
            }
            None => self
                .warnings
                .push(at, "cookie parameters are not supported; skipped"),
        }
    }

    /// One query, header or path parameter as its key in `params` and its definition; `None`
    /// (with a warning) for a parameter without a name. `defs` holds the ones already read.
    fn parameter(
        &mut self,
        p: &Parameter,
        site: ParameterSite,
        placeholders: &[String],
        defs: &NamedMap<TypeDef>,
    ) -> Result<Option<(String, TypeDef)>, ImportError> {
        let at = site.at;
        let data = p.parameter_data_ref();
        if data.name.trim().is_empty() {
            self.warnings
                .push(at, "a parameter without a name; skipped");
            return Ok(None);
        }
        let schema = format_schema(&data.format);
        let mut def = *self
            .schema_def(schema.as_ref(), &cat(&[at, "/schema"]))
            .body;
        let mut location = site.location;
        if location == ParamLocation::Path && !placeholders.contains(&data.name) {
            self.warnings.push(
                at,
                format!(
                    "path parameter `{}` is not in the path; read as a query parameter",
                    data.name
                ),
            );
            location = ParamLocation::Query;
        }
        // What the parameter says about itself; what its schema says wins.
        let mut key = data.name.clone();
        if defs.contains(&key) {
            key = format!("{}_{}", data.name, location_name(location));
            def.name.get_or_insert_with(|| text(&data.name));
        }
        if location != ParamLocation::Query || placeholders.contains(&data.name) {
            def.location.get_or_insert(Spanned::unlocated(location));
        }
        if location == ParamLocation::Path || data.required {
            def.required.get_or_insert(Spanned::unlocated(true));
        }
        if let Some(d) = data.description.as_deref().filter(|d| !d.trim().is_empty()) {
            def.description = Some(text(d));
        } else if def.description.is_some() {
            // Only the schema describes the parameter: it is written there again.
            def.extensions
                .insert(SCHEMA_DESCRIPTION.into(), json!(true));
        }
        if data.deprecated == Some(true) {
            def.deprecated = Some(true);
        }
        let mut on_parameter = self.parameter_kept_keys(at, data, &mut def);
        if def.list.is_some() {
            if let Some(style) = array_style(site.style, data.explode) {
                def.array_style.get_or_insert(Spanned::unlocated(style));
            }
        }
        parameter_extensions(data, &mut def, &mut on_parameter);
        if !on_parameter.is_empty() {
            let kept = Value::Object(on_parameter);
            def.extensions.insert(OPENAPI_PARAMETER.into(), kept);
        }
        if let Some(path_item) = site.path_item {
            def.extensions.insert(PATH_ITEM_PARAMETER.into(), path_item);
        }
        Ok(Some((key, type_def(def))))
    }

    /// The parameter's own keys the spec has no place for, which ride along as written; an
    /// example is typed, on the parameter (as written) unless its schema `def` has one.
    fn parameter_kept_keys(
        &self,
        at: &str,
        data: &ParameterData,
        def: &mut TypeBody,
    ) -> Map<String, Value> {
        let mut on_parameter = Map::new();
        let written = self.written(at).map(|w| self.schemas.resolve(w));
        if let Some(Value::Object(written)) = written {
            for (k, v) in written {
                if !MODELLED_PARAMETER_KEYS.contains(&k.as_str()) {
                    on_parameter.insert(k.clone(), v.clone());
                }
            }
            // A schema written in `content` (with its media type) rather than beside the
            // parameter: the spec types the schema, the media type rides along.
            if let Some(content) = written.get("content") {
                on_parameter.insert("content".into(), self.schemas.inline(content));
            }
        }
        // A blank description says nothing the spec can hold; it rides along as written.
        if let Some(d) = data.description.as_deref().filter(|d| d.trim().is_empty()) {
            on_parameter.insert("description".into(), json!(d));
        }
        if let Some(e) = &data.example {
            if def.example.is_some() {
                on_parameter.insert("example".into(), e.clone());
            } else {
                def.example = Some(Box::new(e.clone()));
                def.extensions.insert(PARAMETER_EXAMPLE.into(), json!(true));
            }
        }
        on_parameter
    }

    /// A required string parameter for each path placeholder no parameter declares, with a
    /// warning at the operation `ptr`.
    fn add_undeclared_placeholders(
        &mut self,
        placeholders: &[String],
        ptr: &str,
        defs: &mut NamedMap<TypeDef>,
    ) {
        for name in placeholders {
            let declared = defs.iter().any(|(k, d)| {
                d.body.name.as_ref().unwrap_or(k).get() == name
                    && d.body.location.as_deref() == Some(&ParamLocation::Path)
            });
            if !declared {
                self.warnings.push(ptr, format!("path placeholder `{{{name}}}` has no parameter; a required string parameter is added"));
                // The document does not declare it, and its OpenAPI form does not either.
                let def = TypeBody {
                    location: Some(Spanned::unlocated(ParamLocation::Path)),
                    type_name: Some(text("string")),
                    required: Some(Spanned::unlocated(true)),
                    extensions: [(UNDECLARED.to_owned(), json!(true))].into_iter().collect(),
                    ..TypeBody::default()
                };
                set(defs, name, type_def(def));
            }
        }
    }

    /// The operation's request body as the spec's `body`, with the media types it does not
    /// model kept as written; a GET or HEAD request's body is dropped with a warning.
    fn request_body(
        &mut self,
        op: &Operation,
        method: &str,
        ptr: &str,
        action: &mut ActionDef,
    ) -> Result<(), ImportError> {
        let Some(body) = &op.request_body else {
            return Ok(());
        };
        let at = cat(&[ptr, "/requestBody"]);
        let Some(body) = self.resolve_typed::<RequestBody>(body, &at, "the request body") else {
            return Ok(());
        };
        if matches!(method, "get" | "head") {
            let what = if self.options.fix {
                "a GET or HEAD request with a body; the body is dropped"
            } else {
                "a GET or HEAD request with a body; the client sends none, and the \
                 OpenAPI document keeps it as written (`--fix` drops it)"
            };
            self.warnings.push(&at, what);
        } else if let Some(b) = self.body(&body, &at)? {
            // A body that says nothing is not written.
            action.body = (!body_says_nothing(&b)).then_some(b);
            let modelled = pick_media(&body.content).map(|(m, _)| m);
            let kept = self.kept_content(&cat(&[&at, "/content"]), modelled.as_deref());
            if !kept.is_empty() {
                let extensions = &mut action.extensions;
                extensions.insert(OPENAPI_BODY_CONTENT.into(), Value::Object(kept));
            }
        }
        Ok(())
    }

    /// The operation's keys the spec has no place for, as written.
    fn keep_operation_keys(&mut self, method: &str, ptr: &str, out: &mut Extensions) {
        let Some(Value::Object(written)) = self.written(ptr) else {
            return;
        };
        let kept: Map<String, Value> = written
            .iter()
            .filter(|(k, v)| {
                // A blank summary or description has no typed place either, nor a body of
                // a GET or HEAD request.
                let blank = matches!(k.as_str(), "summary" | "description")
                    && v.as_str().is_some_and(|s| s.trim().is_empty());
                let body =
                    *k == "requestBody" && matches!(method, "get" | "head") && !self.options.fix;
                !k.starts_with("x-")
                    && (blank || body || !MODELLED_OPERATION_KEYS.contains(&k.as_str()))
            })
            .map(|(k, v)| (k.clone(), self.schemas.inline(v)))
            .collect();
        if !kept.is_empty() {
            out.insert(OPENAPI_OPERATION.into(), Value::Object(kept));
        }
    }

    /// The keys of the operation's path item beside its operations and parameters, as written.
    fn keep_path_item_keys(&mut self, ptr: &str, out: &mut Extensions) {
        let item = ptr.rsplit_once('/').map_or("", |(item, _)| item);
        let Some(Value::Object(written)) = self.written(item).map(|i| self.schemas.resolve(i))
        else {
            return;
        };
        let kept: Map<String, Value> = written
            .iter()
            .filter(|(k, _)| !METHODS.contains(&k.as_str()) && *k != "parameters" && *k != "$ref")
            .map(|(k, v)| (k.clone(), self.schemas.inline(v)))
            .collect();
        if !kept.is_empty() {
            out.insert(OPENAPI_PATH_ITEM.into(), Value::Object(kept));
        }
    }

    fn body(&mut self, body: &RequestBody, at: &str) -> Result<Option<BodyDef>, ImportError> {
        let Some((media, content)) = pick_media(&body.content) else {
            return Ok(None);
        };
        let mut ptr = cat(&[at, "/content"]);
        push_segment(&mut ptr, &media);
        ptr.push_str("/schema");
        let def = self.schema_def(content.schema.as_ref(), &ptr);
        let is_binary = is_binary(&def);
        let encoding = if media.contains("json") {
            None
        } else if media == "application/x-www-form-urlencoded" {
            Some(BodyEncoding::Form)
        } else if media.starts_with("multipart/") {
            Some(BodyEncoding::Multipart)
        } else if media.starts_with("text/") && !is_binary {
            Some(BodyEncoding::Text)
        } else if is_binary
            || media == "application/octet-stream"
            || media.starts_with("image/")
            || media.starts_with("application/pdf")
        {
            Some(BodyEncoding::Binary)
        } else {
            None
        };
        let usual = match encoding {
            // A JSON dialect (`application/vnd.api+json`) is the content type requests carry.
            None => media == "application/json",
            Some(BodyEncoding::Form) | Some(BodyEncoding::Multipart) => true,
            Some(BodyEncoding::Binary) => media == "application/octet-stream",
            Some(BodyEncoding::Text) => media == "text/plain",
            _ => false,
        };
        let mut out = BodyDef {
            encoding: encoding.map(Spanned::unlocated),
            content_type: (!usual && media != "multipart/form-data").then(|| text(&media)),
            type_def: None,
            fields: None,
            name: None,
            required: (!body.required).then(|| Spanned::unlocated(false)),
            summary: None,
            description: body
                .description
                .as_deref()
                .filter(|d| !d.trim().is_empty())
                .map(text),
            visibility: None,
            xml_type: None,
        };
        if !matches!(encoding, Some(BodyEncoding::Binary | BodyEncoding::Text)) {
            (out.type_def, out.fields) = type_or_fields(def);
        }
        Ok(Some(out))
    }

    /// The media types at `ptr` (a `content` map) the spec does not model, and the keys of
    /// the `modelled` one beside its schema (with its schema when the spec does not type it:
    /// text and bytes), as written with `$ref`s inlined; nothing with `--fix`.
    fn kept_content(&self, ptr: &str, modelled: Option<&str>) -> Map<String, Value> {
        let mut kept = Map::new();
        let written = self.written(ptr).map(|c| self.schemas.resolve(c));
        let (false, Some(Value::Object(written))) = (self.options.fix, written) else {
            return kept;
        };
        for (k, v) in written {
            let normal = k.split(';').next().unwrap_or(k).trim().to_ascii_lowercase();
            if Some(normal.as_str()) != modelled {
                kept.insert(k.clone(), self.schemas.inline(v));
            } else if let Some(entry) = v.as_object() {
                // The emitter writes bytes as `{type: string, format: binary}` itself.
                let typed = normal.contains("json")
                    || normal == "application/x-www-form-urlencoded"
                    || normal.starts_with("multipart/")
                    || entry.get("schema") == Some(&json!({"type": "string", "format": "binary"}));
                let mut rest: Map<String, Value> = entry
                    .iter()
                    .filter(|(key, _)| !(typed && *key == "schema"))
                    .map(|(key, value)| (key.clone(), self.schemas.inline(value)))
                    .collect();
                // No schema written: `null` says so (the spec reads any value).
                if typed && !entry.contains_key("schema") {
                    rest.insert("schema".into(), Value::Null);
                }
                if !rest.is_empty() {
                    kept.insert(k.clone(), Value::Object(rest));
                }
            }
        }
        kept
    }

    /// The status key of the answer the spec models: the first 2xx, or a later one with
    /// content after one without (as [`Self::response`] picks it).
    fn modelled_status(op: &Operation) -> Option<String> {
        let mut chosen: Option<(String, bool)> = None;
        for (code, r) in &op.responses.responses {
            let key = match code {
                StatusCode::Code(c) if (200..300).contains(c) => c.to_string(),
                StatusCode::Range(2) => "2XX".into(),
                _ => continue,
            };
            let has_content = match r {
                ReferenceOr::Item(r) => !r.content.is_empty(),
                ReferenceOr::Reference { .. } => true,
            };
            if chosen.as_ref().is_none_or(|(_, had)| !had && has_content) {
                chosen = Some((key, has_content));
            }
        }
        chosen.map(|(key, _)| key)
    }

    /// The answers the spec does not model (errors, `default`, other successes), kept as
    /// written with their `$ref`s inlined under [`OPENAPI_RESPONSES`], for the OpenAPI emitter
    /// to write back beside the modelled one.
    fn keep_other_responses(&mut self, op: &Operation, ptr: &str, out: &mut Extensions) {
        let Some(Value::Object(written)) = pointer(self.written, &cat(&[ptr, "/responses"])) else {
            return;
        };
        let modelled = Self::modelled_status(op);
        let others: Map<String, Value> = written
            .iter()
            .filter(|(code, _)| {
                // `x-` keys of the map ride along with the answers.
                modelled
                    .as_ref()
                    .is_none_or(|m| !m.eq_ignore_ascii_case(code))
            })
            .map(|(code, r)| (code.clone(), self.schemas.inline(r)))
            .collect();
        if !others.is_empty() {
            out.insert(OPENAPI_RESPONSES.into(), Value::Object(others));
        }
    }

    /// The operation's success answer as the spec's `returns` (its type alone) or `response`,
    /// with what the spec has no place for kept as written.
    fn response(
        &mut self,
        op: &Operation,
        ptr: &str,
        action: &mut ActionDef,
    ) -> Result<(), ImportError> {
        self.keep_other_responses(op, ptr, &mut action.extensions);
        let Some(SuccessAnswer {
            status,
            answer: r,
            at,
        }) = self.success_answer(op, ptr)
        else {
            return Ok(());
        };
        let mut response = ResponseDef {
            status: (status != 200).then(|| Spanned::unlocated(status)),
            ..ResponseDef::default()
        };
        let media = self.answer_media(status, &r, &at);
        let modelled = media.as_ref().map(|(m, _)| m.as_str());
        self.keep_answer_extras(&at, modelled, &mut action.extensions);
        let ty = match media {
            Some((media, content)) => self.answer_body(&at, &media, content, &mut response),
            None => None,
        };
        // Kept as written, unless it is the description the emitter writes by default.
        if r.description != "Success" {
            response.description = Some(text(&r.description));
        }
        let mut headers = self.answer_headers(&r, &at)?;
        let no_headers = headers.is_empty();
        // A header that says nothing is left out.
        headers.retain(|_, def| !def.body.is_unset());
        response.headers = headers;
        if no_headers && response_says_nothing(&response) {
            if let Some(ty) = ty {
                action.returns = says_something(ty);
                return Ok(());
            }
        }
        if let Some(ty) = ty {
            (response.type_def, response.fields) = type_or_fields(ty);
        }
        // An answer that says nothing is not written.
        action.response = (!response_says_nothing(&response)).then_some(response);
        Ok(())
    }

    /// The success answer the spec describes: the first 2XX one, or a later one with content
    /// when the first has none.
    fn success_answer<'o>(&mut self, op: &'o Operation, ptr: &str) -> Option<SuccessAnswer<'o>> {
        let mut chosen: Option<SuccessAnswer> = None;
        for (code, r) in &op.responses.responses {
            let (status, key) = match code {
                StatusCode::Code(c) if (200..300).contains(c) => (*c, c.to_string()),
                StatusCode::Range(2) => (200, "2XX".into()),
                _ => continue,
            };
            let at = cat(&[ptr, "/responses/", &key]);
            let Some(answer) = self.resolve_typed(r, &at, "the response") else {
                continue;
            };
            let better = match &chosen {
                None => true,
                Some(prev) => prev.answer.content.is_empty() && !answer.content.is_empty(),
            };
            if better {
                chosen = Some(SuccessAnswer { status, answer, at });
            }
        }
        chosen
    }

    /// The media type of the answer the spec models, if any.
    ///
    /// 204 and 205 answers cannot carry content (RFC 9110 §15.3.5–6); a client that read a
    /// body from them would fail on the empty one.
    fn answer_media<'r>(
        &mut self,
        status: u16,
        r: &'r Response,
        at: &str,
    ) -> Option<(String, &'r MediaType)> {
        if matches!(status, 204 | 205) && !r.content.is_empty() {
            let what = if self.options.fix {
                "dropped"
            } else {
                "kept as written, and no body is read"
            };
            self.warnings.push(
                &format!("{at}/content"),
                format!("a {status} answer has no content; its `content` is {what}"),
            );
            None
        } else {
            pick_media(&r.content)
        }
    }

    /// The media types the spec does not model ride along as written, and so do the modelled
    /// one's keys beside its schema (an example, an encoding), with its schema too when the
    /// spec reads the answer as text or bytes; and the answer's own keys beside its
    /// description, headers and content (`links`, `x-…`).
    fn keep_answer_extras(&mut self, at: &str, modelled: Option<&str>, out: &mut Extensions) {
        let kept_content = self.kept_content(&cat(&[at, "/content"]), modelled);
        if let (false, Some(Value::Object(written))) = (
            self.options.fix,
            self.written(at).map(|r| self.schemas.resolve(r)),
        ) {
            let keys: Map<String, Value> = written
                .iter()
                .filter(|(k, v)| {
                    // An empty `content` map, written, rides along too.
                    let empty_content = *k == "content" && v.as_object().is_some_and(Map::is_empty);
                    empty_content || !["description", "headers", "content"].contains(&k.as_str())
                })
                .map(|(k, v)| (k.clone(), self.schemas.inline(v)))
                .collect();
            if !keys.is_empty() {
                out.insert(OPENAPI_ANSWER.into(), Value::Object(keys));
            }
        }
        if !kept_content.is_empty() {
            out.insert(OPENAPI_CONTENT.into(), Value::Object(kept_content));
        }
    }

    /// How the answer's body of `media` is read: the JSON type it returns, or its `encoding`
    /// (text or binary) and `content_type` written into `response`.
    fn answer_body(
        &mut self,
        at: &str,
        media: &str,
        content: &MediaType,
        response: &mut ResponseDef,
    ) -> Option<TypeDef> {
        let mut ptr = cat(&[at, "/content"]);
        push_segment(&mut ptr, media);
        ptr.push_str("/schema");
        let def = self.schema_def(content.schema.as_ref(), &ptr);
        let is_binary = is_binary(&def);
        if media.contains("json") && !is_binary {
            // A JSON dialect (`application/vnd.api+json`) is the answer's content type.
            if media != "application/json" {
                response.content_type = Some(text(media));
            }
            return Some(def);
        }
        let (encoding, usual) = if media.starts_with("text/") && !is_binary {
            (ResponseEncoding::Text, media == "text/plain")
        } else if media.contains("xml") && !is_binary {
            (ResponseEncoding::Text, false)
        } else {
            (
                ResponseEncoding::Binary,
                media == "application/octet-stream",
            )
        };
        response.encoding = Some(Spanned::unlocated(encoding));
        if !usual {
            response.content_type = Some(text(media));
        }
        None
    }

    /// The answer's named headers as the spec's `headers`; one without a name is skipped.
    fn answer_headers(&mut self, r: &Response, at: &str) -> Result<NamedMap<TypeDef>, ImportError> {
        let mut headers = NamedMap::default();
        for (name, h) in &r.headers {
            let mut at_h = cat(&[at, "/headers"]);
            push_segment(&mut at_h, name);
            if name.trim().is_empty() {
                self.warnings
                    .push(&at_h, "a header without a name; skipped");
                continue;
            }
            if let Some(h) = self.resolve_typed(h, &at_h, "the header") {
                let schema = format_schema(&h.format);
                let mut def = *self
                    .schema_def(schema.as_ref(), &cat(&[&at_h, "/schema"]))
                    .body;
                if let Some(d) = h.description.as_deref().filter(|d| !d.trim().is_empty()) {
                    def.description = Some(text(d));
                }
                if h.required {
                    def.required = Some(Spanned::unlocated(true));
                }
                // The header's own keys the spec has no place for (an example, `x-…`, a blank
                // description) ride along as written, as a parameter's do.
                let written = self.written(&at_h).map(|w| self.schemas.resolve(w));
                if let Some(Value::Object(written)) = written {
                    let own: Map<String, Value> = written
                        .iter()
                        .filter(|(k, v)| match k.as_str() {
                            "description" => v.as_str().is_some_and(|d| d.trim().is_empty()),
                            "required" | "schema" | "style" => false,
                            _ => true,
                        })
                        .map(|(k, v)| (k.clone(), self.schemas.inline(v)))
                        .collect();
                    if !own.is_empty() {
                        let own = Value::Object(own);
                        def.extensions.insert(OPENAPI_PARAMETER.into(), own);
                    }
                }
                set(&mut headers, name, type_def(def));
            }
        }
        Ok(headers)
    }
}

/// The spec's `metadata` from `info.contact`: publisher, website (an `http` URL) and contact.
fn metadata(info: &Value) -> Option<Metadata> {
    let contact = info.get("contact")?;
    let field = |key: &str| contact.get(key).and_then(Value::as_str);
    let metadata = Metadata {
        publisher: field("name").map(text),
        website: field("url").filter(|u| u.starts_with("http")).map(text),
        contact: field("email").map(text),
        ..Metadata::default()
    };
    (metadata != Metadata::default()).then_some(metadata)
}

/// Sets `name` in `map`: a name already there takes the new definition in its place, as a
/// mapping's entry does.
fn set(map: &mut NamedMap<TypeDef>, name: &str, def: TypeDef) {
    match map.get_mut(name) {
        Some(slot) => *slot = def,
        None => map.push(text(name), def),
    }
}

/// The success answer an operation's `response` describes.
struct SuccessAnswer<'o> {
    /// Its status code (200 for `2XX`).
    status: u16,
    /// The answer, resolved.
    answer: Cow<'o, Response>,
    /// Its pointer.
    at: String,
}

/// The parameters of one operation as the spec reads them.
struct OperationParameters {
    /// The spec's `params`, by key.
    defs: NamedMap<TypeDef>,
    /// The cookie parameters kept as written.
    cookies: Cookies,
}

/// The cookie parameters of an operation kept as written, by where they were declared; the
/// action keeps them as `{"item": [...], "operation": [...]}` when there are any.
#[derive(Default)]
struct Cookies {
    /// Declared on the path item.
    item: Vec<Value>,
    /// Declared on the operation.
    operation: Vec<Value>,
}

/// How many parameters an operation may declare before they are indexed by name and place.
const SEARCHED_PARAMETERS: usize = 16;

/// The parameters an operation declares (its path item's and its own), overrides applied.
struct DeclaredParameters<'p> {
    /// Each parameter that is kept, with its pointer, in the order the spec lists them; `None`
    /// where a later one overrides it (parameters are large: they are not moved again).
    params: Vec<Option<(Cow<'p, Parameter>, String)>>,
    /// By the pointer of an operation's parameter: the path item's parameter of the same name
    /// and place it overrides, as written with its index in the item's list.
    redeclared: HashMap<String, Value>,
}

/// Where one parameter was declared and how it is sent.
struct ParameterSite<'s> {
    /// The parameter's pointer.
    at: &'s str,
    /// Where it travels, as declared.
    location: ParamLocation,
    /// A query parameter's style.
    style: Option<QueryStyle>,
    /// What the OpenAPI emitter needs to write it on the path item again: the item's
    /// parameter it overrides, or `true` when it is the item's own; `None` for the operation's.
    path_item: Option<Value>,
}

/// The schema of a parameter or header, written beside it or in its `content`.
fn format_schema(format: &ParameterSchemaOrContent) -> Option<ReferenceOr<openapiv3::Schema>> {
    match format {
        ParameterSchemaOrContent::Schema(s) => Some(s.clone()),
        ParameterSchemaOrContent::Content(c) => c.values().next().and_then(|m| m.schema.clone()),
    }
}

/// The spec's `array_style` of a query parameter's style and `explode`, where it has one.
fn array_style(style: Option<QueryStyle>, explode: Option<bool>) -> Option<ArrayStyle> {
    match (style, explode) {
        (Some(QueryStyle::Form), None | Some(true)) => Some(ArrayStyle::Multi),
        (Some(QueryStyle::SpaceDelimited), _) => Some(ArrayStyle::Ssv),
        (Some(QueryStyle::PipeDelimited), _) => Some(ArrayStyle::Pipes),
        _ => None,
    }
}

/// A parameter's `x-…` keys: `x-ms-summary` is its summary when it is text; the others (and a
/// summary that is not text) are kept in `def` unless its schema keeps a different value under
/// the same key.
fn parameter_extensions(
    data: &ParameterData,
    def: &mut TypeBody,
    on_parameter: &mut Map<String, Value>,
) {
    for (k, v) in &data.extensions {
        if let (true, Some(summary)) = (k == "x-ms-summary", v.as_str()) {
            def.summary = Some(text(summary));
            on_parameter.remove(k);
        } else if !def.extensions.get(k).is_some_and(|kept| kept != v) {
            // Shared with the Power Platform emitter, which writes them on the
            // parameter; the OpenAPI emitter writes them from `on_parameter`.
            def.extensions.insert(k.clone(), v.clone());
        }
    }
}

/// How the spec names a parameter's place in a key made unique (`id_query`).
fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

/// The scopes an operation's security requirements ask for, once each, as the spec's
/// `scopes`; the requirements themselves ride along as written.
fn operation_scopes(op: &Operation, action: &mut ActionDef) {
    let Some(reqs) = &op.security else {
        return;
    };
    for req in reqs {
        for list in req.values() {
            for s in list {
                if !action.scopes.iter().any(|known| known.get() == s) {
                    action.scopes.push(text(s));
                }
            }
        }
    }
    if let Ok(written) = serde_json::to_value(reqs) {
        action.extensions.insert(OPENAPI_SECURITY.into(), written);
    }
}

/// A body's or an answer's schema `def` as the spec writes it: the `fields` of an object that
/// is nothing more, or the `type`.
fn type_or_fields(def: TypeDef) -> (Option<TypeDef>, Option<NamedMap<TypeDef>>) {
    let (fields, def) = fields_or_type(def);
    (
        def.and_then(says_something),
        fields.filter(|fields| !fields.is_empty()),
    )
}

/// A type that says something; one with nothing set is left out, as an empty mapping is.
fn says_something(def: TypeDef) -> Option<TypeDef> {
    (!def.body.is_unset()).then_some(def)
}

/// Whether a type is a file's bytes.
fn is_binary(def: &TypeDef) -> bool {
    matches!(
        def.body.type_name.as_deref().map(String::as_str),
        Some("binary" | "file")
    )
}

/// Whether a body says nothing (and is left out, as an empty mapping is).
fn body_says_nothing(body: &BodyDef) -> bool {
    let BodyDef {
        encoding,
        content_type,
        type_def,
        fields,
        name,
        required,
        summary,
        description,
        visibility,
        xml_type,
    } = body;
    encoding.is_none()
        && content_type.is_none()
        && type_def.is_none()
        && fields.is_none()
        && name.is_none()
        && required.is_none()
        && summary.is_none()
        && description.is_none()
        && visibility.is_none()
        && xml_type.is_none()
}

/// Whether an answer says nothing (and is left out, as an empty mapping is).
fn response_says_nothing(response: &ResponseDef) -> bool {
    let ResponseDef {
        status,
        encoding,
        content_type,
        description,
        headers,
        xml_type,
        type_def,
        fields,
    } = response;
    status.is_none()
        && encoding.is_none()
        && content_type.is_none()
        && description.is_none()
        && headers.is_empty()
        && xml_type.is_none()
        && type_def.is_none()
        && fields.is_none()
}

/// The media type to describe: JSON first, then forms, then anything.
fn pick_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(String, &MediaType)> {
    let lower: Vec<(String, &MediaType)> = content
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect();
    let rank = |m: &str| {
        if m == "application/json" {
            0
        } else if m.contains("json") {
            1
        } else if m == "application/x-www-form-urlencoded" {
            2
        } else if m.starts_with("multipart/") {
            3
        } else {
            4
        }
    };
    lower
        .into_iter()
        .min_by_key(|(m, _)| rank(m))
        .map(|(m, v)| (m.split(';').next().unwrap_or(&m).trim().to_owned(), v))
}

/// A JSON pointer segment with `~1` read as `/` and `~0` as `~`, into `out` (whose buffer is
/// used again for each segment).
fn unescape_segment(segment: &str, out: &mut String) {
    out.clear();
    let mut chars = segment.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('~', Some('1')) => {
                out.push('/');
                chars.next();
            }
            ('~', Some('0')) => {
                out.push('~');
                chars.next();
            }
            _ => out.push(c),
        }
    }
}

/// The parts one after the other: a pointer made per operation without the formatting
/// machinery, which costs several times as much for so little.
fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// The value at the JSON pointer `ptr` from `node`, as [`Value::pointer`] finds it (no `$ref`
/// is followed), without a string made per segment.
fn pointer<'v>(node: &'v Value, ptr: &str) -> Option<&'v Value> {
    if ptr.is_empty() {
        return Some(node);
    }
    let rest = ptr.strip_prefix('/')?;
    let mut node = node;
    let mut unescaped = String::new();
    for segment in rest.split('/') {
        let segment = if segment.contains('~') {
            unescape_segment(segment, &mut unescaped);
            unescaped.as_str()
        } else {
            segment
        };
        node = match node {
            Value::Object(map) => field(map, segment)?,
            Value::Array(list) => {
                // As `Value::pointer` reads an index: no sign, no leading zero.
                if segment.starts_with('+') || (segment.starts_with('0') && segment.len() != 1) {
                    return None;
                }
                list.get(segment.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some(node)
}

/// The `{placeholders}` of a path.
fn placeholders(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        if end > 0 {
            out.push(after[..end].to_owned());
        }
        rest = &after[end + 1..];
    }
    out
}

/// `getWebinars` → `GetWebinars`, `list-users` → `ListUsers`: each word's first letter upper-cased.
fn pascal_id(id: &str) -> String {
    let mut out = String::new();
    for word in id.split(|c: char| !c.is_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.extend(chars);
        }
    }
    out
}

/// Whether the emitter's contact, derived from what the import reads of `contact` (the name as
/// publisher, an `http` URL as website, the e-mail), is `contact` as written.
fn contact_is_derived(contact: &Value) -> bool {
    let Some(map) = contact.as_object() else {
        return false;
    };
    let text = |key: &str| map.get(key).and_then(Value::as_str);
    let url = text("url").filter(|u| u.starts_with("http"));
    let email = text("email").filter(|e| e.contains('@'));
    let read = [("name", text("name")), ("url", url), ("email", email)];
    let derived_empty = url.is_none() && email.is_none();
    let all_read = map.len() == read.iter().filter(|(_, v)| v.is_some()).count()
        && read
            .iter()
            .all(|(k, v)| v.is_none() || map.contains_key(*k));
    all_read && !derived_empty
}

#[cfg(test)]
mod tests {
    use super::super::repair_scan::needs_repair;
    use super::*;

    /// Every string of up to five characters from an alphabet that makes escapes.
    fn strings(alphabet: &[char], max: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..max {
            let next: Vec<String> = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            all.extend(next.iter().cloned());
            last = next;
        }
        all
    }

    #[test]
    fn segments_unescape_as_the_two_replacements_do() {
        let mut out = String::new();
        for s in strings(&['~', '0', '1', '/', 'é'], 5) {
            unescape_segment(&s, &mut out);
            assert_eq!(out, s.replace("~1", "/").replace("~0", "~"), "{s:?}");
        }
    }

    /// The pointer walk finds what `Value::pointer` finds, for keys and indexes with escapes,
    /// signs and leading zeros.
    #[test]
    fn pointers_find_what_value_pointer_finds() {
        let doc = json!({
            "a": {"~1": {"b/c": [10, {"0": 11, "01": 12}, 13]}, "~": 1, "/": 2, "": {"": 3}},
            "0": ["x", ["y"]],
            "~01": 4,
        });
        let mut found = 0;
        for s in strings(&['~', '0', '1', '/', 'a', '+'], 5) {
            for ptr in [
                s.clone(),
                format!("/a{s}"),
                format!("/a/~01{s}"),
                format!("/0{s}"),
            ] {
                assert_eq!(pointer(&doc, &ptr), doc.pointer(&ptr), "{ptr:?}");
                found += usize::from(doc.pointer(&ptr).is_some());
            }
        }
        assert!(found > 10, "{found}");
    }

    #[test]
    fn a_schema_said_to_need_no_repair_is_left_alone() {
        let values = [
            json!(null),
            json!("x"),
            json!(1),
            json!(1.5),
            json!(true),
            json!(["a", 1]),
            json!({"a": 1}),
        ];
        let keys = [
            "type",
            "enum",
            "nullable",
            "exclusiveMinimum",
            "minLength",
            "maximum",
            "in",
        ];
        let types = [
            json!("string"),
            json!("integer"),
            json!("number"),
            json!("boolean"),
            json!("object"),
            json!(["string", "null"]),
            json!(5),
        ];
        let (mut checked, mut repaired) = (0, 0);
        for ty in &types {
            for key in &keys {
                for value in &values {
                    for required in [None, Some(json!(true)), Some(json!("yes"))] {
                        let mut schema = json!({"type": ty, *key: value});
                        if let Some(required) = required {
                            schema["properties"] = json!({"p": {"required": required}});
                        }
                        let doc = json!({"components": {"schemas": {"S": schema}}});
                        let mut fixed = doc.clone();
                        let mut warnings = Warnings::default();
                        normalise(&mut fixed, &mut warnings);
                        let changed = fixed != doc || !warnings.items.is_empty();
                        if needs_repair(&doc, 0) {
                            repaired += 1;
                        } else {
                            assert!(!changed, "{doc} was repaired: {warnings:?}");
                        }
                        // A document the repairs change is always said to need them.
                        assert!(!changed || needs_repair(&doc, 0), "{doc}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(
            repaired > 0 && repaired < checked,
            "{repaired} of {checked}"
        );
    }

    /// A document's spec, its warnings and its operation pointers (sorted).
    type Built = (
        ConnectorSpec,
        Vec<super::super::Warning>,
        Vec<(String, String)>,
    );

    /// A document's spec, warnings and operation pointers as `import_with` builds them, with
    /// the actions made in two halves once there are `split_from` operations.
    fn built(text: &str, fix: bool, split_from: usize) -> Result<Built, String> {
        let options = ImportOptions {
            fix,
            ..ImportOptions::default()
        };
        let mut warnings = Warnings::default();
        let mut doc = super::super::document_read::parse_any(text, &options.limits, &mut warnings)
            .map_err(|e| e.to_string())?;
        let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("");
        let v31 = openapi31::is_31(version);
        let needs = openapi31::downgrade(&mut doc, v31, &mut warnings);
        let written = needs.then(|| doc.clone());
        if written.is_some() {
            normalise(&mut doc, &mut warnings);
        }
        let items = path_items::read_all(&mut doc);
        let written_doc = written.as_ref().unwrap_or(&doc);
        let (spec, pointers) = build_split(
            &doc,
            written_doc,
            "doc",
            &options,
            items,
            &mut warnings,
            split_from,
        )
        .map_err(|e| e.to_string())?;
        let mut pointers: Vec<(String, String)> = pointers.into_iter().collect();
        pointers.sort();
        Ok((spec, warnings.items, pointers))
    }

    /// Operations whose reading warns in many ways, in both halves of the list.
    fn warning_operations(count: usize) -> Value {
        let mut paths = Map::new();
        for i in 0..count {
            let id = match i % 4 {
                0 => json!(format!("getThing{i}")),
                1 => json!("Same"),
                2 => json!(null),
                _ => json!(format!("Thing{i}")),
            };
            let schema = match i % 3 {
                0 => json!({"type": "string", "format": "uuidd"}),
                1 => json!({"type": "wat", "not": {"type": "string"}}),
                _ => json!({"type": "object", "properties": {"a": {"type": "integer",
                    "format": "int8"}}, "required": ["a", "b"]}),
            };
            let mut op = json!({
                "summary": format!(" Thing {i} "),
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": schema.clone()},
                    {"name": "c", "in": "cookie", "schema": {"type": "string"}},
                    {"$ref": "#/components/parameters/missing"}
                ],
                "requestBody": {"content": {"application/json": {"schema": schema}}},
                "responses": {"200": {"description": "ok", "content": {"application/json":
                    {"schema": {"type": "object", "properties": {"items": {"type": "array",
                    "items": {"$ref": "#/components/schemas/Item"}}, "next": {"type": "string"}}}}}}}
            });
            if !id.is_null() {
                op["operationId"] = id;
            }
            paths.insert(format!("/things{i}/{{id}}/{{other}}"), json!({ "get": op }));
        }
        json!({
            "openapi": "3.0.1",
            "info": {"title": "Things API", "version": "1"},
            "servers": [{"url": "/relative"}],
            "paths": paths,
            "components": {"schemas": {"Item": {"type": "object", "properties": {
                "n": {"type": "number", "format": "float32"}}}}}
        })
    }

    /// Actions made in two halves at once are the actions, warnings and pointers one pass
    /// makes, in the same order.
    #[test]
    fn actions_made_in_two_halves_are_those_of_one_pass() {
        let mut texts = vec![
            warning_operations(3).to_string(),
            warning_operations(41).to_string(),
        ];
        let corpus =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/openapi");
        if let Ok(entries) = std::fs::read_dir(&corpus) {
            for entry in entries.flatten() {
                texts.extend(std::fs::read_to_string(entry.path()));
            }
        }
        for text in &texts {
            for fix in [false, true] {
                let whole = built(text, fix, usize::MAX);
                assert!(whole.as_ref().is_ok_and(|(_, w, _)| !w.is_empty()));
                for split_from in [0, 2, 3] {
                    assert!(
                        whole == built(text, fix, split_from),
                        "fix {fix}, {split_from}"
                    );
                }
            }
        }
    }
}
