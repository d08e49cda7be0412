//! `script.csx`: the custom code that lets the platform call an XML service. It turns the JSON
//! action input into the service's XML envelope (credentials from the connection included),
//! and the XML answer back into JSON, reporting a failure result (WebEx's `FAILURE` on HTTP 200)
//! as an error.
//!
//! The code is generated from the IR: one writer and one reader per object type, each handling
//! its fields in the spec's order, so element order and namespaces follow the service's schema.

use std::fmt::Write;

use indexmap::IndexMap;

use super::credentials::credential_header;
use crate::ir::{
    Action, Auth, BodyEncoding, Connector, Field, ResponseEncoding, ScalarKind, Type, XmlProtocol,
};

/// The actions the script handles: those with an XML body or answer.
pub fn script_operations(connector: &Connector) -> Vec<String> {
    if connector.xml.is_none() {
        return Vec::new();
    }
    connector
        .actions
        .iter()
        .filter(|a| is_xml(a))
        .map(|a| a.name.clone())
        .collect()
}

fn is_xml(action: &Action) -> bool {
    action
        .body
        .as_ref()
        .is_some_and(|b| b.encoding == BodyEncoding::Xml)
        || action.response.encoding == ResponseEncoding::Xml
}

/// A C# string literal.
pub(super) fn cs(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Every other control character, and every character C# ends a line at
            // (U+0085, U+2028, U+2029), is written as an escape.
            c if c.is_control() || is_cs_line_terminator(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether C# ends a line (and so a string literal or `//` comment) at `c`.
pub(super) fn is_cs_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Text for a `//` comment: every C# line terminator becomes a space.
pub(super) fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| if is_cs_line_terminator(c) { ' ' } else { c })
        .collect()
}

/// A C# identifier from an IR name (ASCII letters, digits and `_` only).
fn ident(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

struct Gen<'a> {
    connector: &'a Connector,
    xml: &'a XmlProtocol,
    /// Function name → body, in first-use order.
    writers: IndexMap<String, String>,
    readers: IndexMap<String, String>,
}

impl<'a> Gen<'a> {
    /// The C# expression of an element name `prefix:name` (or a bare name).
    fn xname(&self, qualified: &str) -> String {
        match qualified.split_once(':') {
            Some((prefix, local)) if self.namespace(prefix).is_some() => {
                format!("Ns_{} + {}", ident(prefix), cs(local))
            }
            _ => format!("XName.Get({})", cs(qualified)),
        }
    }

    fn namespace(&self, prefix: &str) -> Option<&str> {
        self.xml
            .namespaces
            .iter()
            .find(|(p, _)| p == prefix)
            .map(|(_, uri)| uri.as_str())
    }

    /// The element name of a field inside an object whose default prefix is `prefix`.
    fn field_name(&self, field: &Field, prefix: Option<&str>) -> String {
        let local = field
            .xml
            .name
            .clone()
            .unwrap_or_else(|| field.wire_name.clone());
        match field.xml.prefix.as_deref().or(prefix) {
            Some(p) => self.xname(&format!("{p}:{local}")),
            None => self.xname(&local),
        }
    }

    fn path(&self, path: &[String]) -> String {
        let names: Vec<String> = path.iter().map(|p| self.xname(p)).collect();
        format!("new XName[] {{ {} }}", names.join(", "))
    }

    fn rule_path(&self, path: Option<&str>) -> String {
        let parts: Vec<String> = path
            .unwrap_or("")
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        self.path(&parts)
    }

    /// The object behind a type, with its function name and default prefix.
    fn object_of(&self, ty: &'a Type) -> Option<(String, &'a [Field], Option<&'a str>)> {
        match ty {
            Type::Named(name) => {
                let named = self.connector.object(name)?;
                match &named.ty {
                    Type::Object(o) => {
                        Some((ident(&named.rust_name), &o.fields, o.xml_prefix.as_deref()))
                    }
                    other => self.object_of(other),
                }
            }
            Type::Object(o) => Some((ident(&o.rust_name), &o.fields, o.xml_prefix.as_deref())),
            _ => None,
        }
    }

    /// Generates (once) the writer of an object type and returns its name.
    fn writer(&mut self, ty: &'a Type) -> Option<String> {
        let (name, fields, prefix) = self.object_of(ty)?;
        let fn_name = format!("Write{name}");
        if self.writers.contains_key(&fn_name) {
            return Some(fn_name);
        }
        self.writers.insert(fn_name.clone(), String::new());
        let mut body = String::new();
        let _ = writeln!(
            body,
            "    private static void {fn_name}(XElement parent, JToken json)\n    {{\n        var obj = json as JObject;\n        if (obj == null) return;"
        );
        for field in fields {
            let key = cs(&field.wire_name);
            let xname = self.field_name(field, prefix);
            let resolved = self.connector.resolve(&field.ty);
            match resolved {
                Type::List { item, .. } => {
                    let item_writer = self.writer(item);
                    let write = item_writer.unwrap_or_else(|| "WriteScalar".into());
                    match &field.xml.item {
                        Some(item_name) => {
                            let item_x = match field.xml.prefix.as_deref().or(prefix) {
                                Some(p) => self.xname(&format!("{p}:{item_name}")),
                                None => self.xname(item_name),
                            };
                            let _ = writeln!(
                                body,
                                "        WrappedList(parent, obj, {key}, {xname}, {item_x}, {write});"
                            );
                        }
                        None => {
                            let _ = writeln!(
                                body,
                                "        List(parent, obj, {key}, {xname}, {write});"
                            );
                        }
                    }
                }
                _ => match self.writer(&field.ty) {
                    Some(child) => {
                        let _ =
                            writeln!(body, "        Child(parent, obj, {key}, {xname}, {child});");
                    }
                    None if field.xml.attribute => {
                        let _ = writeln!(body, "        Attribute(parent, obj, {key}, {xname});");
                    }
                    None => {
                        let _ = writeln!(
                            body,
                            "        Child(parent, obj, {key}, {xname}, WriteScalar);"
                        );
                    }
                },
            }
        }
        body.push_str("    }\n");
        self.writers.insert(fn_name.clone(), body);
        Some(fn_name)
    }

    /// Generates (once) the reader of an object type and returns its name.
    fn reader(&mut self, ty: &'a Type) -> Option<String> {
        let (name, fields, prefix) = self.object_of(ty)?;
        let fn_name = format!("Read{name}");
        if self.readers.contains_key(&fn_name) {
            return Some(fn_name);
        }
        self.readers.insert(fn_name.clone(), String::new());
        let mut body = String::new();
        let _ = writeln!(
            body,
            "    private static JToken {fn_name}(XElement element)\n    {{\n        var obj = new JObject();"
        );
        for field in fields {
            let key = cs(&field.wire_name);
            let xname = self.field_name(field, prefix);
            match self.connector.resolve(&field.ty) {
                Type::List { item, .. } => {
                    let read = self.reader(item).unwrap_or_else(|| {
                        format!("e => ReadScalar(e, {})", cs(kind(self.connector, item)))
                    });
                    let _ = writeln!(
                        body,
                        "        ReadList(obj, element, {key}, {xname}, {read});"
                    );
                }
                other => match self.reader(&field.ty) {
                    Some(child) => {
                        let _ = writeln!(
                            body,
                            "        ReadChild(obj, element, {key}, {xname}, {child});"
                        );
                    }
                    None => {
                        let k = cs(kind(self.connector, other));
                        let _ = writeln!(
                            body,
                            "        ReadChild(obj, element, {key}, {xname}, e => ReadScalar(e, {k}));"
                        );
                    }
                },
            }
        }
        body.push_str("        return obj;\n    }\n");
        self.readers.insert(fn_name.clone(), body);
        Some(fn_name)
    }
}

/// How a scalar is read back from element text.
fn kind(connector: &Connector, ty: &Type) -> &'static str {
    match connector.resolve(ty) {
        Type::Scalar(s) => match s.kind {
            ScalarKind::Integer => "integer",
            ScalarKind::Number => "number",
            ScalarKind::Boolean => "boolean",
            _ => "string",
        },
        Type::Enum(e) => match e.base.kind {
            ScalarKind::Integer => "integer",
            ScalarKind::Number => "number",
            ScalarKind::Boolean => "boolean",
            _ => "string",
        },
        _ => "string",
    }
}

/// The helpers every script shares.
const HELPERS: &str = r#"    private async Task<JToken> ReadInput()
    {
        if (this.Context.Request.Content == null) return new JObject();
        var text = await this.Context.Request.Content.ReadAsStringAsync().ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? new JObject() : ParseJson(text);
    }

    // Strings that look like dates stay strings: the service gets exactly the text it was given.
    private static JToken ParseJson(string text)
    {
        var reader = new JsonTextReader(new System.IO.StringReader(text));
        reader.DateParseHandling = DateParseHandling.None;
        return JToken.ReadFrom(reader);
    }

    private static XElement Descend(XElement root, XName[] path, bool create)
    {
        var current = root;
        foreach (var name in path)
        {
            var next = current.Element(name);
            if (next == null)
            {
                if (!create) return null;
                next = new XElement(name);
                current.Add(next);
            }
            current = next;
        }
        return current;
    }

    private static string Text(XElement root, XName[] path)
    {
        var element = path.Length == 0 ? null : Descend(root, path, false);
        return element == null ? null : element.Value.Trim();
    }

    private static HttpResponseMessage Json(HttpStatusCode status, JToken body)
    {
        var response = new HttpResponseMessage(status);
        response.Content = CreateJsonContent(body.ToString(Newtonsoft.Json.Formatting.None));
        return response;
    }

    private static string Format(JToken token)
    {
        switch (token.Type)
        {
            case JTokenType.Boolean: return token.Value<bool>() ? "true" : "false";
            case JTokenType.Date: return XmlConvert.ToString(token.Value<DateTime>(), XmlDateTimeSerializationMode.RoundtripKind);
            case JTokenType.Float: return XmlConvert.ToString(token.Value<double>());
            case JTokenType.Integer: return token.ToString(Newtonsoft.Json.Formatting.None);
            case JTokenType.String: return token.Value<string>();
            default: return token.ToString(Newtonsoft.Json.Formatting.None);
        }
    }

    private static bool Present(JToken token)
    {
        return token != null && token.Type != JTokenType.Null && token.Type != JTokenType.Undefined;
    }

    private static void WriteScalar(XElement element, JToken json)
    {
        element.Value = Format(json);
    }

    private static void Child(XElement parent, JObject obj, string key, XName name, Action<XElement, JToken> write)
    {
        var token = obj[key];
        if (!Present(token)) return;
        var element = new XElement(name);
        write(element, token);
        parent.Add(element);
    }

    private static void Attribute(XElement parent, JObject obj, string key, XName name)
    {
        var token = obj[key];
        if (Present(token)) parent.SetAttributeValue(name, Format(token));
    }

    private static void List(XElement parent, JObject obj, string key, XName name, Action<XElement, JToken> write)
    {
        var items = obj[key] as JArray;
        if (items == null) return;
        foreach (var item in items)
        {
            var element = new XElement(name);
            write(element, item);
            parent.Add(element);
        }
    }

    private static void WrappedList(XElement parent, JObject obj, string key, XName name, XName item, Action<XElement, JToken> write)
    {
        var items = obj[key] as JArray;
        if (items == null) return;
        var wrapper = new XElement(name);
        foreach (var value in items)
        {
            var element = new XElement(item);
            write(element, value);
            wrapper.Add(element);
        }
        parent.Add(wrapper);
    }

    private static JToken ReadScalar(XElement element, string kind)
    {
        var text = element.Value.Trim();
        try
        {
            switch (kind)
            {
                case "integer":
                    return new JValue(XmlConvert.ToInt64(text));
                case "number":
                    var number = XmlConvert.ToDouble(text);
                    if (!double.IsNaN(number) && !double.IsInfinity(number)) return new JValue(number);
                    break;
            }
        }
        catch (FormatException)
        {
        }
        catch (OverflowException)
        {
        }
        if (kind == "boolean")
        {
            if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase)) return new JValue(true);
            if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase)) return new JValue(false);
        }
        return new JValue(text);
    }

    private static void ReadChild(JObject obj, XElement parent, string key, XName name, Func<XElement, JToken> read)
    {
        var element = parent.Element(name);
        if (element != null) obj[key] = read(element);
    }

    private static void ReadList(JObject obj, XElement parent, string key, XName name, Func<XElement, JToken> read)
    {
        var items = new JArray();
        foreach (var element in parent.Elements(name)) items.Add(read(element));
        if (items.Count > 0) obj[key] = items;
    }
"#;

/// Generates `script.csx` for an XML connector, or `None` when no action needs it.
pub fn script(connector: &Connector) -> Option<String> {
    let xml = connector.xml.as_ref()?;
    let actions: Vec<&Action> = connector.actions.iter().filter(|a| is_xml(a)).collect();
    if actions.is_empty() {
        return None;
    }
    let mut gen = Gen {
        connector,
        xml,
        writers: IndexMap::new(),
        readers: IndexMap::new(),
    };
    let mut out = String::new();
    let w = &mut out;
    header(w, connector);
    gen.envelope_fields(w);
    gen.rule_fields(w);
    gen.credential_fields(w);
    let declared = gen.declared_namespaces();
    gen.dispatch(w, &actions);
    envelope_and_call(w, &declared);
    out.push_str(HELPERS);
    for body in gen.writers.values().chain(gen.readers.values()) {
        out.push('\n');
        out.push_str(body);
    }
    out.push_str("}\n");
    Some(drop_unused_namespaces(out, xml))
}

/// The generated-file comment, the `using` lines and the class's opening line.
fn header(w: &mut String, connector: &Connector) {
    let _ = writeln!(
        w,
        "// @generated by connectorc from the `{}` connector spec. Do not edit.",
        comment_text(&connector.id)
    );
    let _ = writeln!(
        w,
        "// Maps each operation's JSON input to the service's XML envelope and its XML answer back\n// to JSON; a failure result in the answer becomes an HTTP 400 with the service's code and reason."
    );
    for using in [
        "System",
        "System.Linq",
        "System.Net",
        "System.Net.Http",
        "System.Text",
        "System.Threading.Tasks",
        "System.Xml",
        "System.Xml.Linq",
        "Newtonsoft.Json",
        "Newtonsoft.Json.Linq",
    ] {
        let _ = writeln!(w, "using {using};");
    }
    let _ = writeln!(w, "\npublic class Script : ScriptBase\n{{");
}

impl<'a> Gen<'a> {
    /// The namespaces, the `xsi` namespace and the envelope's root, body and answer paths.
    fn envelope_fields(&self, w: &mut String) {
        let xml = self.xml;
        for (prefix, uri) in &xml.namespaces {
            let _ = writeln!(
                w,
                "    private static readonly XNamespace Ns_{} = {};",
                ident(prefix),
                cs(uri)
            );
        }
        let xsi = xml
            .namespaces
            .iter()
            .find(|(_, uri)| uri == "http://www.w3.org/2001/XMLSchema-instance")
            .map(|(p, _)| format!("Ns_{}", ident(p)))
            .unwrap_or_else(|| {
                "XNamespace.Get(\"http://www.w3.org/2001/XMLSchema-instance\")".into()
            });
        let _ = writeln!(w, "    private static readonly XNamespace Xsi = {xsi};");
        let _ = writeln!(
            w,
            "    private static readonly XName RequestRoot = {};",
            self.xname(&xml.request_root)
        );
        let _ = writeln!(
            w,
            "    private static readonly XName[] RequestBody = {};",
            self.path(&xml.request_body)
        );
        let _ = writeln!(
            w,
            "    private static readonly XName[] ResponseBody = {};",
            self.path(&xml.response_body)
        );
    }

    /// The error rule: where the result, code and message are, and the success result.
    fn rule_fields(&self, w: &mut String) {
        let rule = &self.connector.errors;
        let (result_path, success) = match &rule.failure_when {
            Some(f) => (self.rule_path(Some(&f.path)), cs(&f.success)),
            None => ("new XName[0]".to_owned(), "null".to_owned()),
        };
        let _ = writeln!(
            w,
            "    private static readonly XName[] ResultPath = {result_path};"
        );
        let _ = writeln!(w, "    private static readonly string Success = {success};");
        let _ = writeln!(
            w,
            "    private static readonly XName[] CodePath = {};",
            self.rule_path(rule.code.as_deref())
        );
        let _ = writeln!(
            w,
            "    private static readonly XName[] MessagePath = {};",
            self.rule_path(rule.message.as_deref())
        );
    }

    /// Credentials: element path and (element, header) pairs set by the setheader policies.
    fn credential_fields(&self, w: &mut String) {
        let (cred_path, creds): (Vec<String>, Vec<(String, String)>) = match &self.connector.auth {
            Auth::XmlCredentials { path, fields } => (
                path.clone(),
                fields
                    .iter()
                    .map(|(element, _)| (element.clone(), credential_header(element)))
                    .collect(),
            ),
            _ => (Vec::new(), Vec::new()),
        };
        let _ = writeln!(
            w,
            "    private static readonly XName[] CredentialsPath = {};",
            self.path(&cred_path)
        );
        let cred_items: Vec<String> = creds
            .iter()
            .map(|(element, header)| format!("new[] {{ {}, {} }}", cs(element), cs(header)))
            .collect();
        let _ = writeln!(
            w,
            "    private static readonly string[][] Credentials = {{ {} }};",
            cred_items.join(", ")
        );
    }

    /// The `xmlns` attributes of the namespaces the request root declares.
    fn declared_namespaces(&self) -> Vec<String> {
        self.xml
            .request_namespaces
            .iter()
            .filter(|p| self.namespace(p).is_some())
            .map(|p| {
                format!(
                    "new XAttribute(XNamespace.Xmlns + {}, Ns_{}.NamespaceName)",
                    cs(p),
                    ident(p)
                )
            })
            .collect()
    }

    /// `ExecuteAsync`: one case per XML action, every other request passed on as it is.
    fn dispatch(&mut self, w: &mut String, actions: &[&'a Action]) {
        let _ = writeln!(
            w,
            "\n    public override async Task<HttpResponseMessage> ExecuteAsync()\n    {{\n        switch (this.Context.OperationId)\n        {{"
        );
        for action in actions {
            let xsi_type = action
                .body
                .as_ref()
                .and_then(|b| b.xml_type.clone())
                .map(|t| cs(&t))
                .unwrap_or_else(|| "null".into());
            let writer = action
                .body
                .as_ref()
                .and_then(|b| self.writer(&b.ty))
                .unwrap_or_else(|| "WriteNothing".into());
            let reader = action
                .response
                .ty
                .as_ref()
                .and_then(|t| self.reader(t))
                .unwrap_or_else(|| "ReadNothing".into());
            let _ = writeln!(
                w,
                "            case {}:\n                return await Call({xsi_type}, {writer}, {reader}).ConfigureAwait(false);",
                cs(&action.name)
            );
        }
        let _ = writeln!(
            w,
            "            default:\n                return await this.Context.SendAsync(this.Context.Request, this.CancellationToken).ConfigureAwait(false);\n        }}\n    }}\n"
        );
    }
}

/// `Envelope` (the request root with its `declared` namespaces, the credentials and the body)
/// and `Call` (sends it, reads the answer, turns a failure result into a 400).
fn envelope_and_call(w: &mut String, declared: &[String]) {
    let _ = writeln!(
        w,
        r#"    private XElement Envelope(string xsiType, JToken input, Action<XElement, JToken> write)
    {{
        var root = new XElement(RequestRoot{declared_sep}{declared});
        if (CredentialsPath.Length > 0)
        {{
            var credentials = Descend(root, CredentialsPath, true);
            foreach (var pair in Credentials)
            {{
                string value = null;
                System.Collections.Generic.IEnumerable<string> values;
                if (this.Context.Request.Headers.TryGetValues(pair[1], out values)) value = values.FirstOrDefault();
                this.Context.Request.Headers.Remove(pair[1]);
                credentials.Add(new XElement(XName.Get(pair[0]), value ?? string.Empty));
            }}
        }}
        var body = Descend(root, RequestBody, true);
        if (xsiType != null) body.SetAttributeValue(Xsi + "type", xsiType);
        write(body, input);
        return root;
    }}

    private async Task<HttpResponseMessage> Call(string xsiType, Action<XElement, JToken> write, Func<XElement, JToken> read)
    {{
        var input = await ReadInput().ConfigureAwait(false);
        var envelope = Envelope(xsiType, input, write);
        var request = this.Context.Request;
        request.Content = new StringContent(envelope.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "application/xml");
        var response = await this.Context.SendAsync(request, this.CancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) return response;
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        XDocument document;
        try
        {{
            document = XDocument.Parse(text);
        }}
        catch (XmlException e)
        {{
            return Json(HttpStatusCode.BadGateway, new JObject {{ ["code"] = "InvalidXml", ["message"] = e.Message }});
        }}
        var root = document.Root;
        if (Success != null && Text(root, ResultPath) != Success)
        {{
            return Json(HttpStatusCode.BadRequest, new JObject
            {{
                ["code"] = Text(root, CodePath),
                ["message"] = Text(root, MessagePath),
                ["result"] = Text(root, ResultPath),
            }});
        }}
        var body = Descend(root, ResponseBody, false);
        return Json(HttpStatusCode.OK, body == null ? new JObject() : read(body));
    }}

    private static void WriteNothing(XElement element, JToken json)
    {{
    }}

    private static JToken ReadNothing(XElement element)
    {{
        return new JObject();
    }}
"#,
        declared_sep = if declared.is_empty() { "" } else { ", " },
        declared = declared.join(", ")
    );
}

/// Removes the declarations of namespaces nothing in the script uses (an unused private field
/// is a compiler warning).
fn drop_unused_namespaces(script: String, xml: &XmlProtocol) -> String {
    let uses = |name: &str| {
        script
            .match_indices(name)
            .filter(|(at, _)| {
                !script[at + name.len()..]
                    .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            })
            .count()
    };
    let unused: Vec<String> = xml
        .namespaces
        .iter()
        .map(|(prefix, _)| format!("Ns_{}", ident(prefix)))
        .filter(|name| uses(name) == 1)
        .map(|name| format!("    private static readonly XNamespace {name} = "))
        .collect();
    script
        .split_inclusive('\n')
        .filter(|line| !unused.iter().any(|u| line.starts_with(u.as_str())))
        .collect()
}
