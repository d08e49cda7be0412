//! `connectorc lsp`: a language server for connector specs over standard input and output.
//!
//! It publishes every diagnostic of `connectorc check` (the checker's and the platform's rules,
//! with codes and help) as the author types, goes to the definition of object, action and trigger
//! names and finds their uses, completes keys (from the model's schema), object and scalar type
//! names, action names and parameter names, and shows the model's documentation on hover.
//! Checks run on a thread of their own ([`checker`]), so requests are answered meanwhile; edits
//! that arrive while a check runs are taken together, and only the newest text is checked.

mod checker;
mod keys;
mod outline;
#[cfg(test)]
mod serve_tests;
mod text;

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Exit, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    Completion, GotoDefinition, HoverRequest, References, Request as _, Shutdown,
};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionOptions, CompletionParams, CompletionResponse,
    Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    Documentation, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents, HoverParams,
    HoverProviderCapability, Location, MarkupContent, MarkupKind, NumberOrString, OneOf,
    PublishDiagnosticsParams, ReferenceParams, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, Uri,
};

use crate::diag::{Diagnostic, Severity};
use crate::spec::ReadLimits;
use checker::Checker;
use outline::{Kind, Outline};

/// One open spec.
struct Document {
    text: String,
    /// Where the text's lines start.
    lines: text::Lines,
    /// The outline of the last version that could be read, so names resolve while typing.
    outline: Outline,
    /// Whether the text changed since the outline was made.
    outline_stale: bool,
}

/// The server's state: the open documents, those edited since they were last sent to be
/// checked, and the thread that checks them.
struct Server {
    documents: HashMap<String, Document>,
    edited: Vec<Uri>,
    checker: Checker,
    /// The limits specs are read under.
    limits: ReadLimits,
}

/// Runs the server on standard input and output until the client says `exit`, reading specs
/// under `limits`.
pub fn run_stdio(limits: ReadLimits) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let (connection, io_threads) = Connection::stdio();
    serve(&connection, limits)?;
    // The writer thread ends once every sender is gone.
    drop(connection);
    io_threads.join()?;
    Ok(())
}

/// What the server can do.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into(), "[".into(), "{".into()]),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Serves one client on `connection`: the handshake, then requests until shutdown. Specs are
/// read under `limits`, for the outline and for the diagnostics.
pub fn serve(
    connection: &Connection,
    limits: ReadLimits,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let sender = connection.sender.clone();
    let checker = Checker::start(limits, move |notification| {
        // Nothing is sent once the client has gone.
        let _ = sender.send(Message::Notification(notification));
    });
    serve_with(connection, limits, checker)
}

/// [`serve`], with `checker` making and publishing the diagnostics.
fn serve_with(
    connection: &Connection,
    limits: ReadLimits,
    checker: Checker,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let capabilities = serde_json::to_value(capabilities())?;
    connection.initialize(capabilities)?;
    let mut server = Server {
        documents: HashMap::new(),
        edited: Vec::new(),
        checker,
        limits,
    };
    let incoming = queued(connection);
    for message in &incoming {
        // The messages already waiting are taken with it: a run of edits is read and checked
        // once, after its last edit, so a large spec does not fall behind the typing.
        let waiting: Vec<Message> = std::iter::once(message)
            .chain(incoming.try_iter())
            .collect();
        let mut waiting = waiting.into_iter();
        while let Some(message) = waiting.next() {
            match message {
                Message::Request(request) if request.method == Shutdown::METHOD => {
                    let response = Response::new_ok(request.id, ());
                    connection.sender.send(Message::Response(response))?;
                    let next = match waiting.next() {
                        Some(message) => Ok(message),
                        None => incoming.recv_timeout(EXIT_WAIT),
                    };
                    return match next {
                        Ok(Message::Notification(n)) if n.method == Exit::METHOD => Ok(()),
                        Ok(other) => {
                            Err(format!("expected `exit` after `shutdown`, got {other:?}").into())
                        }
                        Err(_) => Err("no `exit` came after `shutdown`".into()),
                    };
                }
                Message::Request(request) => {
                    server.refresh_outlines();
                    let response = server.respond(request);
                    connection.sender.send(Message::Response(response))?;
                }
                Message::Notification(notification) => server.notified(notification),
                Message::Response(_) => {}
            }
        }
        server.check_edited();
    }
    Ok(())
}

/// How long the server waits for `exit` after `shutdown`.
const EXIT_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// The connection's messages, queued as soon as they are read. The connection hands a message
/// over only when it is taken, so without the queue nothing would be waiting while a check runs.
fn queued(connection: &Connection) -> std::sync::mpsc::Receiver<Message> {
    let (sender, queue) = std::sync::mpsc::channel();
    let receiver = connection.receiver.clone();
    // It ends with the input, or at the first message after the server has stopped.
    std::thread::spawn(move || {
        for message in receiver {
            if sender.send(message).is_err() {
                return;
            }
        }
    });
    queue
}

/// The file path a `file://` URI names (for diagnostics and the connector id).
fn path_of(uri: &str) -> PathBuf {
    let path = uri.strip_prefix("file://").unwrap_or(uri);
    let mut decoded = Vec::new();
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&path[i + 1..i + 3], 16) {
                decoded.push(byte);
                i += 3;
                continue;
            }
        }
        decoded.push(bytes[i]);
        i += 1;
    }
    PathBuf::from(String::from_utf8_lossy(&decoded).into_owned())
}

fn params<P: serde::de::DeserializeOwned>(value: serde_json::Value) -> Option<P> {
    serde_json::from_value(value).ok()
}

impl Server {
    /// Takes in a notification: an opened or edited document is kept for
    /// [`Server::check_edited`]; a closed one has its diagnostics cleared at once.
    fn notified(&mut self, notification: Notification) {
        let uri = match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Some(p) = params::<DidOpenTextDocumentParams>(notification.params) else {
                    return;
                };
                self.update(p.text_document.uri.as_str(), p.text_document.text);
                p.text_document.uri
            }
            DidChangeTextDocument::METHOD => {
                let Some(p) = params::<DidChangeTextDocumentParams>(notification.params) else {
                    return;
                };
                // Full synchronisation: the last change is the whole text.
                let Some(change) = p.content_changes.into_iter().last() else {
                    return;
                };
                self.update(p.text_document.uri.as_str(), change.text);
                p.text_document.uri
            }
            DidCloseTextDocument::METHOD => {
                if let Some(p) = params::<DidCloseTextDocumentParams>(notification.params) {
                    self.documents.remove(p.text_document.uri.as_str());
                    self.edited.retain(|uri| *uri != p.text_document.uri);
                    self.checker.close(p.text_document.uri);
                }
                return;
            }
            _ => return,
        };
        if !self.edited.contains(&uri) {
            self.edited.push(uri);
        }
    }

    /// Sends each document edited since to be checked, with its newest text.
    fn check_edited(&mut self) {
        for uri in std::mem::take(&mut self.edited) {
            if let Some(document) = self.documents.get(uri.as_str()) {
                self.checker.check(uri, document.text.clone());
            }
        }
    }

    /// Keeps the new text; the outline is made again when a request needs it.
    fn update(&mut self, uri: &str, text: String) {
        let outline = self
            .documents
            .remove(uri)
            .map(|d| d.outline)
            .unwrap_or_default();
        self.documents.insert(
            uri.to_owned(),
            Document {
                lines: text::Lines::of(&text),
                text,
                outline,
                outline_stale: true,
            },
        );
    }

    /// Makes the outline of each document whose text changed since; a text that cannot be read
    /// keeps the outline of the last one that could.
    fn refresh_outlines(&mut self) {
        for (uri, document) in self.documents.iter_mut() {
            if !document.outline_stale {
                continue;
            }
            document.outline_stale = false;
            let file = crate::diag::SourceFile::new(path_of(uri), document.text.clone());
            if let Ok(spec) = crate::spec::read_spec(&file, &self.limits) {
                document.outline = Outline::of(&spec);
            }
        }
    }

    fn respond(&self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            GotoDefinition::METHOD => params::<GotoDefinitionParams>(request.params)
                .map(|p| serde_json::to_value(self.definition(&p)).unwrap_or_default()),
            References::METHOD => params::<ReferenceParams>(request.params)
                .map(|p| serde_json::to_value(self.references(&p)).unwrap_or_default()),
            Completion::METHOD => params::<CompletionParams>(request.params)
                .map(|p| serde_json::to_value(self.completion(&p)).unwrap_or_default()),
            HoverRequest::METHOD => params::<HoverParams>(request.params)
                .map(|p| serde_json::to_value(self.hover(&p)).unwrap_or_default()),
            _ => return error(id, ErrorCode::MethodNotFound, "not supported"),
        };
        match result {
            Some(value) => Response::new_ok(id, value),
            None => error(id, ErrorCode::InvalidParams, "unreadable parameters"),
        }
    }

    /// The document and the byte offset of a position in it.
    fn at(&self, uri: &Uri, position: lsp_types::Position) -> Option<(&Document, usize)> {
        let document = self.documents.get(uri.as_str())?;
        Some((document, text::offset_of(&document.text, position)))
    }

    fn definition(&self, p: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
        let at = &p.text_document_position_params;
        let (document, offset) = self.at(&at.text_document.uri, at.position)?;
        let (_, word) = text::word_at(&document.text, offset)?;
        let definition = document.outline.find(word)?;
        Some(GotoDefinitionResponse::Scalar(Location {
            uri: at.text_document.uri.clone(),
            range: document
                .lines
                .range(&document.text, definition.offset, definition.len),
        }))
    }

    fn references(&self, p: &ReferenceParams) -> Option<Vec<Location>> {
        let at = &p.text_document_position;
        let (document, offset) = self.at(&at.text_document.uri, at.position)?;
        let (_, word) = text::word_at(&document.text, offset)?;
        let definition = document.outline.find(word)?;
        let mut locations = Vec::new();
        if p.context.include_declaration {
            locations.push(Location {
                uri: at.text_document.uri.clone(),
                range: document
                    .lines
                    .range(&document.text, definition.offset, definition.len),
            });
        }
        for used in outline::references(&document.text, word) {
            locations.push(Location {
                uri: at.text_document.uri.clone(),
                range: document.lines.range(&document.text, used, word.len()),
            });
        }
        Some(locations)
    }

    fn completion(&self, p: &CompletionParams) -> Option<CompletionResponse> {
        let at = &p.text_document_position;
        let (document, offset) = self.at(&at.text_document.uri, at.position)?;
        let context = text::context_at(&document.text, offset);
        let outline = &document.outline;
        let item = |label: &str, kind: CompletionItemKind, doc: &str| CompletionItem {
            label: label.to_owned(),
            kind: Some(kind),
            documentation: (!doc.is_empty()).then(|| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: doc.to_owned(),
                })
            }),
            ..Default::default()
        };
        let mut items = Vec::new();
        match context.value_of.as_deref() {
            Some(key) => {
                let mut path = context.path.clone();
                path.push(key.to_owned());
                if keys::is_type_position(&path) || matches!(key, "type" | "list" | "map") {
                    for object in outline.names(Kind::Object) {
                        items.push(item(&object.name, CompletionItemKind::CLASS, &object.doc));
                    }
                    for scalar in crate::check::scalar_type_names() {
                        items.push(item(scalar, CompletionItemKind::KEYWORD, ""));
                    }
                } else if matches!(key, "action" | "actions" | "poll") {
                    for action in outline.names(Kind::Action) {
                        items.push(item(
                            &action.name,
                            CompletionItemKind::FUNCTION,
                            &action.doc,
                        ));
                    }
                } else if matches!(key, "trigger") {
                    for trigger in outline.names(Kind::Trigger) {
                        items.push(item(&trigger.name, CompletionItemKind::EVENT, &trigger.doc));
                    }
                } else if matches!(key, "param" | "size_param" | "limit_param" | "per_value_of") {
                    let owner = context
                        .path
                        .get(1)
                        .filter(|_| context.path.first().map(String::as_str) == Some("actions"));
                    let actions: Vec<_> = match owner {
                        Some(owner) => outline.find(owner).into_iter().collect(),
                        None => outline.names(Kind::Action).collect(),
                    };
                    for action in actions {
                        for param in &action.params {
                            if !items.iter().any(|i: &CompletionItem| &i.label == param) {
                                items.push(item(param, CompletionItemKind::VARIABLE, ""));
                            }
                        }
                    }
                } else {
                    for word in keys::words_at(&path) {
                        items.push(item(&word, CompletionItemKind::ENUM_MEMBER, ""));
                    }
                }
            }
            None => {
                for key in keys::keys_at(&context.path) {
                    items.push(item(&key.name, CompletionItemKind::PROPERTY, &key.doc));
                }
            }
        }
        items.retain(|i| i.label.starts_with(&context.partial));
        Some(CompletionResponse::Array(items))
    }

    fn hover(&self, p: &HoverParams) -> Option<Hover> {
        let at = &p.text_document_position_params;
        let (document, offset) = self.at(&at.text_document.uri, at.position)?;
        let (start, word) = text::word_at(&document.text, offset)?;
        let after = &document.text[start + word.len()..];
        let is_key = after.starts_with(':');
        let doc = if is_key {
            let mut path = text::context_at(&document.text, start).path;
            path.push(word.to_owned());
            keys::doc_at(&path).or_else(|| {
                document
                    .outline
                    .find(word)
                    .map(|d| d.doc.clone())
                    .filter(|d| !d.is_empty())
            })?
        } else {
            let definition = document.outline.find(word)?;
            let kind = match definition.kind {
                Kind::Object => "object",
                Kind::Action => "action",
                Kind::Trigger => "trigger",
            };
            format!("**{kind} `{}`**\n\n{}", definition.name, definition.doc)
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: doc,
            }),
            range: Some(document.lines.range(&document.text, start, word.len())),
        })
    }
}

fn error(id: RequestId, code: ErrorCode, message: &str) -> Response {
    Response::new_err(id, code as i32, message.to_owned())
}

fn publish(uri: Uri, diagnostics: Vec<LspDiagnostic>) -> Notification {
    Notification::new(
        PublishDiagnostics::METHOD.to_owned(),
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        },
    )
}

/// One of our diagnostics as the protocol's: code, severity, range, message with the help line,
/// and the related places.
fn to_lsp(d: &Diagnostic, text: &str, lines: &text::Lines, uri: &Uri) -> LspDiagnostic {
    let range = if d.span.is_known() {
        lines.range(text, d.span.start(), d.span.byte_len())
    } else {
        lines.range(text, 0, 0)
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter(|r| r.span.is_known())
        .map(|r| DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range: lines.range(text, r.span.start(), r.span.byte_len()),
            },
            message: r.label.clone(),
        })
        .collect();
    LspDiagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_owned())),
        source: Some("connectorc".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}
