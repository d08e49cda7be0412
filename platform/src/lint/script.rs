//! The platform's limits on custom code (`script.csx`), as lint rules: the script is one class
//! `Script : ScriptBase` with `ExecuteAsync`, smaller than 1 MB, using only the namespaces
//! custom code may use, and sending requests only through `Context.SendAsync`.
//!
//! The checks read the C# source with its comments and string literals blanked out, so text
//! inside them never counts. A finding's path is `line N` of the script.

use std::iter::Peekable;
use std::str::Chars;

use super::{Finding, RuleName};

pub use crate::powerplatform::files::{MAX_SCRIPT_BYTES, SCRIPT_FILE as SCRIPT};

/// The namespaces custom code may use (the platform's documented list).
pub const SCRIPT_NAMESPACES: &[&str] = &[
    "System",
    "System.Collections",
    "System.Collections.Generic",
    "System.Diagnostics",
    "System.IO",
    "System.IO.Compression",
    "System.Linq",
    "System.Net",
    "System.Net.Http",
    "System.Net.Http.Headers",
    "System.Net.Security",
    "System.Security.Authentication",
    "System.Security.Cryptography",
    "System.Text",
    "System.Text.RegularExpressions",
    "System.Threading",
    "System.Threading.Tasks",
    "System.Web",
    "System.Xml",
    "System.Xml.Linq",
    "System.Drawing",
    "System.Drawing.Drawing2D",
    "System.Drawing.Imaging",
    "Microsoft.Extensions.Logging",
    "Newtonsoft.Json",
    "Newtonsoft.Json.Linq",
];

/// Namespaces outside the list that code commonly reaches by a qualified name
/// (`System.Globalization.CultureInfo`): a qualified name starting with one is reported.
const OTHER_NAMESPACES: &[&str] = &[
    "System.CodeDom",
    "System.ComponentModel",
    "System.Configuration",
    "System.Data",
    "System.Dynamic",
    "System.Globalization",
    "System.IO.IsolatedStorage",
    "System.IO.MemoryMappedFiles",
    "System.IO.Pipes",
    "System.Net.Mail",
    "System.Net.NetworkInformation",
    "System.Net.Sockets",
    "System.Net.WebSockets",
    "System.Reflection",
    "System.Resources",
    "System.Runtime",
    "System.Security.AccessControl",
    "System.Security.Permissions",
    "System.Security.Principal",
    "System.Timers",
    "System.Xml.Schema",
    "System.Xml.Serialization",
    "System.Xml.XPath",
    "System.Xml.Xsl",
    "Microsoft.CSharp",
    "Microsoft.VisualBasic",
    "Microsoft.Win32",
];

/// Types that open connections of their own instead of going through `Context.SendAsync`.
const NETWORK_TYPES: &[&str] = &[
    "ClientWebSocket",
    "Dns",
    "FtpWebRequest",
    "HttpClient",
    "HttpClientHandler",
    "HttpWebRequest",
    "Socket",
    "SmtpClient",
    "SocketsHttpHandler",
    "TcpClient",
    "TcpListener",
    "UdpClient",
    "WebClient",
    "WebRequest",
];

/// Lints the text of a connector's `script.csx`.
pub fn lint_script(text: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut report = |rule: RuleName, line: usize, message: String| {
        findings.push(Finding {
            rule: rule.name(),
            severity: rule.severity(),
            file: SCRIPT.to_owned(),
            path: format!("line {line}"),
            message,
        });
    };
    if text.len() >= MAX_SCRIPT_BYTES {
        report(
            RuleName::ScriptTooLarge,
            1,
            format!(
                "the script is {} bytes; custom code must be smaller than {MAX_SCRIPT_BYTES}",
                text.len()
            ),
        );
    }
    let code = blank_comments_and_strings(text);
    let tokens = tokens(&code);

    namespaces(&tokens, &mut report);
    network_calls(&tokens, &mut report);
    script_class(&tokens, &mut report);
    findings
}

/// How a rule reports a finding at a line.
type Report<'a> = dyn FnMut(RuleName, usize, String) + 'a;

/// `using` directives and qualified names stay within the namespaces custom code may use.
fn namespaces(tokens: &[Token], report: &mut Report<'_>) {
    let mut directive_end = 0;
    for (i, token) in tokens.iter().enumerate() {
        if i < directive_end {
            continue;
        }
        if token.text == "using" && at_statement_start(tokens, i) {
            if let Some((namespace, len)) = using_target(&tokens[i + 1..]) {
                directive_end = i + 1 + len;
                if !SCRIPT_NAMESPACES.contains(&namespace.as_str()) {
                    report(
                        RuleName::ScriptNamespaceNotAllowed,
                        token.line,
                        format!("`using {namespace};`: custom code may use only the platform's namespaces"),
                    );
                }
            }
            continue;
        }
        if is_chain_start(tokens, i) {
            let chain = chain(&tokens[i..]);
            if let Some(ns) = OTHER_NAMESPACES
                .iter()
                .find(|ns| chain.starts_with(*ns) && chain[ns.len()..].starts_with('.'))
            {
                report(
                    RuleName::ScriptNamespaceNotAllowed,
                    token.line,
                    format!("`{chain}` is in {ns}, which custom code may not use"),
                );
            }
        }
    }
}

/// Requests go only through `this.Context.SendAsync`: no connections of its own.
fn network_calls(tokens: &[Token], report: &mut Report<'_>) {
    for (i, token) in tokens.iter().enumerate() {
        if NETWORK_TYPES.contains(&token.text.as_str()) {
            report(
                RuleName::ScriptNetworkCallOutsideContext,
                token.line,
                format!(
                    "`{}` sends requests itself; custom code must use this.Context.SendAsync",
                    token.text
                ),
            );
        }
        let is_call = tokens.get(i + 1).is_some_and(|t| t.text == "(");
        let receiver = i
            .checked_sub(2)
            .filter(|_| tokens[i - 1].text == ".")
            .map(|r| tokens[r].text.as_str());
        if token.text == "SendAsync" && is_call && receiver.is_some_and(|r| r != "Context") {
            report(
                RuleName::ScriptNetworkCallOutsideContext,
                token.line,
                format!(
                    "`{}.SendAsync` is not the context's; custom code must use this.Context.SendAsync",
                    receiver.unwrap_or_default()
                ),
            );
        }
    }
}

/// The class the platform runs: `Script : ScriptBase` with `ExecuteAsync`.
fn script_class(tokens: &[Token], report: &mut Report<'_>) {
    let class = tokens.windows(4).any(|w| {
        w[0].text == "class"
            && w[1].text == "Script"
            && w[2].text == ":"
            && w[3].text == "ScriptBase"
    });
    let execute = tokens
        .windows(2)
        .any(|w| w[0].text == "ExecuteAsync" && w[1].text == "(");
    if !class || !execute {
        report(
            RuleName::ScriptClassMissing,
            1,
            "custom code must define `public class Script : ScriptBase` with `ExecuteAsync()`"
                .into(),
        );
    }
}

/// A token of the blanked code: an identifier or one punctuation character.
struct Token {
    text: String,
    line: usize,
}

fn tokens(code: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut chars = code.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c == '\n' {
            line += 1;
        } else if c.is_alphanumeric() || c == '_' || c == '@' {
            let mut end = start + c.len_utf8();
            while let Some(&(at, next)) = chars.peek() {
                if next.is_alphanumeric() || next == '_' {
                    end = at + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Token {
                text: code[start..end].trim_start_matches('@').to_owned(),
                line,
            });
        } else if !c.is_whitespace() {
            out.push(Token {
                text: c.to_string(),
                line,
            });
        }
    }
    out
}

/// Whether token `i` starts a statement or directive (first token, or after `;`, `{` or `}`).
fn at_statement_start(tokens: &[Token], i: usize) -> bool {
    i == 0 || matches!(tokens[i - 1].text.as_str(), ";" | "{" | "}" | "]")
}

/// The namespace a `using` directive imports (`using static T;` → T's namespace; an alias →
/// its target) and the directive's length in tokens after `using`, or `None` for a `using`
/// statement.
fn using_target(after: &[Token]) -> Option<(String, usize)> {
    let end = after.iter().position(|t| t.text == ";")?;
    let mut rest = &after[..end];
    let is_static = rest.first().is_some_and(|t| t.text == "static");
    if is_static {
        rest = &rest[1..];
    }
    if rest
        .first()
        .is_some_and(|t| t.text == "(" || t.text == "var")
    {
        return None;
    }
    let alias = rest.len() > 1 && rest[1].text == "=";
    if alias {
        rest = &rest[2..];
    }
    let name: String = rest.iter().map(|t| t.text.as_str()).collect();
    if name.contains('<') || name.contains('(') || name.contains('=') {
        return None;
    }
    // `using static T;` imports a type's members; an alias may name a type: either way the
    // namespace is the type's.
    let parent = name.rsplit_once('.').map(|(ns, _)| ns.to_owned());
    let name = if is_static {
        parent?
    } else if alias && !SCRIPT_NAMESPACES.contains(&name.as_str()) && !is_other_namespace(&name) {
        parent
            .filter(|p| SCRIPT_NAMESPACES.contains(&p.as_str()))
            .unwrap_or(name)
    } else {
        name
    };
    Some((name, end + 1))
}

/// Whether `name` is, or is inside, one of [`OTHER_NAMESPACES`].
fn is_other_namespace(name: &str) -> bool {
    OTHER_NAMESPACES
        .iter()
        .any(|ns| name == *ns || (name.starts_with(ns) && name[ns.len()..].starts_with('.')))
}

/// Whether token `i` begins a dotted name (an identifier not preceded by `.`).
fn is_chain_start(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    t.text.starts_with(|c: char| c.is_alphabetic()) && (i == 0 || tokens[i - 1].text != ".")
}

/// The dotted name starting at `tokens[0]` (`System.Globalization.CultureInfo`).
fn chain(tokens: &[Token]) -> String {
    let mut out = tokens[0].text.clone();
    let mut i = 1;
    while i + 1 < tokens.len()
        && tokens[i].text == "."
        && tokens[i + 1].text.starts_with(|c: char| c.is_alphabetic())
    {
        out.push('.');
        out.push_str(&tokens[i + 1].text);
        i += 2;
    }
    out
}

/// The source with every comment and string or character literal replaced by spaces (line
/// breaks kept, so that line numbers stay right).
/// Where the blanking of C# text is.
#[derive(PartialEq)]
enum State {
    Code,
    Line,
    Block,
    Str,
    Verbatim,
    Char,
}

/// A character of code: copied, or the start of a comment or literal (blanked).
fn after_code(c: char, chars: &mut Peekable<Chars<'_>>, out: &mut String) -> State {
    let (blanks, state) = match (c, chars.peek().copied()) {
        ('/', Some('/')) => (" ", State::Line),
        ('/', Some('*')) => {
            chars.next();
            ("  ", State::Block)
        }
        ('@', Some('"')) => {
            chars.next();
            ("  ", State::Verbatim)
        }
        ('$', Some('"')) => {
            chars.next();
            ("  ", State::Str)
        }
        ('"', _) => (" ", State::Str),
        ('\'', _) => (" ", State::Char),
        _ => {
            out.push(c);
            return State::Code;
        }
    };
    out.push_str(blanks);
    state
}

fn blank_comments_and_strings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut state = State::Code;
    let mut chars = text.chars().peekable();
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while let Some(c) = chars.next() {
        match state {
            State::Code => state = after_code(c, &mut chars, &mut out),
            State::Line => {
                if matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
                    state = State::Code;
                    out.push('\n');
                } else {
                    out.push(' ');
                }
            }
            State::Block => {
                if c == '*' && chars.peek() == Some(&'/') {
                    chars.next();
                    state = State::Code;
                    out.push_str("  ");
                } else {
                    out.push(blank(c));
                }
            }
            State::Str | State::Char => {
                let close = if state == State::Str { '"' } else { '\'' };
                if c == '\\' {
                    out.push(' ');
                    if let Some(next) = chars.next() {
                        out.push(blank(next));
                    }
                } else if c == close || c == '\n' {
                    state = State::Code;
                    out.push(blank(c));
                } else {
                    out.push(blank(c));
                }
            }
            State::Verbatim => {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        out.push_str("  ");
                    } else {
                        state = State::Code;
                        out.push(' ');
                    }
                } else {
                    out.push(blank(c));
                }
            }
        }
    }
    out
}
