//! The fast reader's parse: spec text → a flat tree of nodes in document order, for the block
//! YAML people and importers write (block mappings and lists, one-line plain and quoted scalars,
//! literal and folded blocks, flow lists and mappings on one line). Anything else — anchors,
//! tags, multi-line plain or quoted scalars, flow collections over several lines, empty values,
//! document markers, tabs in indentation, any YAML error — is [`Unsupported`].
//!
//! Spans are serde-saphyr's: a scalar from its first byte (a quote included) to its last; a
//! block scalar from its first content character to where its scan stops (past its trailing
//! empty lines and the indentation of the line that ends it); a mapping at its first key or
//! `{`, and a list at its first `-` or `[` — or, written at its key's column, where its first
//! entry's text starts — one byte long.

use std::borrow::Cow;

use super::scalar::{self, Chomp};
use super::Unsupported;
use crate::spec::Span;

/// A parsed node. Its children follow it; `end` is the index just past its subtree.
pub(super) struct Node<'a> {
    pub kind: Kind<'a>,
    pub span: Span,
    pub end: u32,
}

pub(super) enum Kind<'a> {
    /// Children alternate key, value.
    Map,
    Seq,
    /// Text, and whether it was written plain (quoted and block scalars are never null,
    /// booleans or numbers).
    Scalar(Cow<'a, str>, bool),
}

/// What the parse may hold: the depth and node budgets of [`ReadLimits`](crate::spec::ReadLimits).
pub(super) struct Budget {
    pub max_depth: usize,
    pub max_nodes: usize,
}

/// Parses `text`, whose top node must be a block mapping.
pub(super) fn parse<'a>(text: &'a str, budget: &Budget) -> Result<Vec<Node<'a>>, Unsupported> {
    if !plain_text(text) {
        return Err(Unsupported);
    }
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
        nodes: Vec::with_capacity(text.len() / 12),
        depth: 0,
        budget,
        column: std::cell::Cell::new((usize::MAX, 0, 0)),
    };
    let indent = parser.next_content()?.ok_or(Unsupported)?;
    parser.pos = parser.line_start + indent;
    if !parser.key_here() {
        return Err(Unsupported);
    }
    parser.block_map(indent)?;
    if parser.next_content()?.is_some() {
        return Err(Unsupported);
    }
    Ok(parser.nodes)
}

/// No character YAML refuses or reads as a line break other than `\n`, and no byte-order mark.
fn plain_text(text: &str) -> bool {
    // Whole chunks are folded without stopping early, which the compiler turns into vector
    // instructions; a byte-by-byte `all` took 12 instructions a byte.
    let printable =
        |ok: bool, &b: &u8| ok & ((0x20..0x7F).contains(&b) | (b == b'\n') | (b == b'\t'));
    if text
        .as_bytes()
        .chunks(64)
        .all(|chunk| chunk.iter().fold(true, printable))
    {
        return true;
    }
    text.chars().all(|c| match c {
        '\n' | '\t' => true,
        '\u{FEFF}' | '\u{85}' | '\u{2028}' | '\u{2029}' => false,
        c => matches!(c as u32, 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..),
    })
}

struct Parser<'a, 'b> {
    text: &'a str,
    bytes: &'a [u8],
    /// The byte being read.
    pos: usize,
    /// 1-based line of `line_start`.
    line: u32,
    /// Where the line being read starts.
    line_start: usize,
    nodes: Vec<Node<'a>>,
    depth: usize,
    budget: &'b Budget,
    /// The last column [`Parser::span`] counted: its line's start, its byte, its column - 1.
    column: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> Parser<'a, '_> {
    fn byte(&self, at: usize) -> u8 {
        self.bytes.get(at).copied().unwrap_or(b'\n')
    }

    /// The span of `len` bytes at `at`, on the line being read.
    fn span(&self, at: usize, len: usize) -> Span {
        // Columns count characters; the count goes on from the last span on the same line, so
        // that a long line of many values is not counted again for each.
        let (line_start, from, column) = match self.column.get() {
            (line_start, from, column) if line_start == self.line_start && from <= at => {
                (line_start, from, column)
            }
            _ => (self.line_start, self.line_start, 0),
        };
        let between = &self.bytes[from..at];
        let column = column
            + if between.is_ascii() {
                between.len()
            } else {
                self.text[from..at].chars().count()
            };
        self.column.set((line_start, at, column));
        Span::at(self.line, column as u32 + 1, at, len.max(1))
    }

    /// Moves to the start of the next line.
    fn next_line(&mut self) {
        let rest = &self.bytes[self.pos..];
        self.pos = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => self.pos + i + 1,
            None => self.bytes.len(),
        };
        self.line += 1;
        self.line_start = self.pos;
    }

    /// From the start of a line, skips blank and comment lines; returns the indentation of the
    /// next line with content (the position stays at its start), or `None` at the end.
    fn next_content(&mut self) -> Result<Option<usize>, Unsupported> {
        self.pos = self.line_start;
        loop {
            if self.pos >= self.bytes.len() {
                return Ok(None);
            }
            let mut at = self.line_start;
            while self.byte(at) == b' ' && at < self.bytes.len() {
                at += 1;
            }
            match self.byte(at) {
                b'\n' | b'#' => {
                    if at >= self.bytes.len() {
                        return Ok(None);
                    }
                    self.pos = at;
                    self.next_line();
                }
                b'\t' => return Err(Unsupported),
                _ => {
                    let indent = at - self.line_start;
                    if indent == 0 && self.marker_line() {
                        return Err(Unsupported);
                    }
                    return Ok(Some(indent));
                }
            }
        }
    }

    /// Whether the line starts with `---` or `...` (a document marker), or `%` (a directive).
    fn marker_line(&self) -> bool {
        let line = &self.bytes[self.line_start..];
        let marker = line.starts_with(b"---") || line.starts_with(b"...");
        line.first() == Some(&b'%')
            || marker && matches!(self.byte(self.line_start + 3), b' ' | b'\n')
    }

    /// After a value on its line: spaces, maybe a comment, then the line break.
    fn end_of_line(&mut self) -> Result<(), Unsupported> {
        let start = self.pos;
        while self.byte(self.pos) == b' ' && self.pos < self.bytes.len() {
            self.pos += 1;
        }
        match self.byte(self.pos) {
            b'\n' => {}
            b'#' if self.pos > start => {}
            _ => return Err(Unsupported),
        }
        self.next_line();
        Ok(())
    }

    /// Whether a comment starts at `at`: a `#` after a space.
    fn comment_at(&self, at: usize) -> bool {
        self.byte(at) == b'#' && at > 0 && self.bytes[at - 1] == b' '
    }

    /// Whether a `-` entry starts at `at`.
    fn dash_at(&self, at: usize) -> bool {
        self.byte(at) == b'-' && matches!(self.byte(at + 1), b' ' | b'\n')
    }

    fn open(&mut self, kind: Kind<'a>, span: Span) -> Result<usize, Unsupported> {
        self.depth += 1;
        if self.depth + 1 >= self.budget.max_depth {
            return Err(Unsupported);
        }
        self.push(kind, span)
    }

    fn close(&mut self, index: usize) {
        self.depth -= 1;
        self.nodes[index].end = self.nodes.len() as u32;
    }

    fn push(&mut self, kind: Kind<'a>, span: Span) -> Result<usize, Unsupported> {
        let index = self.nodes.len();
        if index + 1 >= self.budget.max_nodes || index >= u32::MAX as usize - 1 {
            return Err(Unsupported);
        }
        self.nodes.push(Node {
            kind,
            span,
            end: index as u32 + 1,
        });
        Ok(index)
    }

    /// Whether the text at the position is a mapping key: a plain or quoted scalar on this line
    /// followed by `:` and a space or the line's end.
    fn key_here(&self) -> bool {
        let mut at = self.pos;
        match self.byte(at) {
            quote @ (b'"' | b'\'') => {
                at += 1;
                loop {
                    match self.byte(at) {
                        b'\n' => return false,
                        // A line break after a backslash continues the scalar on the next line.
                        b'\\' if quote == b'"' && self.byte(at + 1) == b'\n' => return false,
                        b'\\' if quote == b'"' => at += 2,
                        b if b == quote => {
                            if quote == b'\'' && self.byte(at + 1) == b'\'' {
                                at += 2;
                                continue;
                            }
                            at += 1;
                            break;
                        }
                        _ => at += 1,
                    }
                }
                while self.byte(at) == b' ' && at < self.bytes.len() {
                    at += 1;
                }
                self.byte(at) == b':' && matches!(self.byte(at + 1), b' ' | b'\n')
            }
            first => {
                if !plain_start(first, self.byte(at + 1)) {
                    return false;
                }
                while at < self.bytes.len() {
                    match self.bytes[at] {
                        b'\n' => return false,
                        b':' if matches!(self.byte(at + 1), b' ' | b'\n') => return true,
                        b'#' if self.comment_at(at) => return false,
                        _ => at += 1,
                    }
                }
                false
            }
        }
    }

    /// A block mapping whose keys stand at column `indent`; the position is at its first key.
    fn block_map(&mut self, indent: usize) -> Result<(), Unsupported> {
        let map = self.open(Kind::Map, self.span(self.pos, 1))?;
        loop {
            self.key()?;
            self.value(indent)?;
            match self.next_content()? {
                Some(n) if n == indent => {
                    self.pos = self.line_start + n;
                    if !self.key_here() {
                        return Err(Unsupported);
                    }
                }
                Some(n) if n > indent => return Err(Unsupported),
                _ => break,
            }
        }
        self.close(map);
        Ok(())
    }

    /// A mapping key; leaves the position after its `:`.
    fn key(&mut self) -> Result<(), Unsupported> {
        let start = self.pos;
        match self.byte(start) {
            b'"' | b'\'' => {
                self.quoted()?;
                while self.byte(self.pos) == b' ' {
                    self.pos += 1;
                }
            }
            first => {
                if !plain_start(first, self.byte(start + 1)) {
                    return Err(Unsupported);
                }
                let mut at = start;
                while !(self.bytes[at] == b':' && matches!(self.byte(at + 1), b' ' | b'\n')) {
                    at += 1;
                }
                let text = &self.bytes[start..at];
                if text.contains(&b'\t') || text.windows(2).any(|two| two == b" #") {
                    return Err(Unsupported);
                }
                self.plain_scalar(start, at)?;
                self.pos = at;
            }
        }
        if self.byte(self.pos) != b':' {
            return Err(Unsupported);
        }
        self.pos += 1;
        Ok(())
    }

    /// The value after a key's `:` in a mapping at column `indent`.
    fn value(&mut self, indent: usize) -> Result<(), Unsupported> {
        let after_colon = self.pos;
        while self.byte(self.pos) == b' ' && self.pos < self.bytes.len() {
            self.pos += 1;
        }
        let at_end = match self.byte(self.pos) {
            b'\n' => true,
            b'#' => self.pos > after_colon,
            _ => false,
        };
        if !at_end {
            return self.inline_value(indent, true);
        }
        self.next_line();
        match self.next_content()? {
            Some(n) if n > indent => {
                self.pos = self.line_start + n;
                self.node_on_own_line(n, indent)
            }
            Some(n) if n == indent && self.dash_at(self.line_start + n) => {
                self.pos = self.line_start + n;
                let seq = self.nodes.len();
                // serde-saphyr places a list written at its key's column where its first
                // entry's text starts.
                self.nodes[seq].span = self.block_seq(n)?;
                Ok(())
            }
            _ => Err(Unsupported),
        }
    }

    /// A node that starts a line at column `column`, below a parent at column `parent`.
    fn node_on_own_line(&mut self, column: usize, parent: usize) -> Result<(), Unsupported> {
        if self.dash_at(self.pos) {
            self.block_seq(column).map(drop)
        } else if self.key_here() {
            self.block_map(column)
        } else {
            self.inline_value(parent, false)
        }
    }

    /// A value that starts on a line with text before it (after a key's `:` or an entry's `-`),
    /// or a scalar on a line of its own; `parent` is the column of the key or the `-`.
    fn inline_value(&mut self, parent: usize, after_key: bool) -> Result<(), Unsupported> {
        match self.byte(self.pos) {
            b'|' | b'>' if after_key => return self.block_scalar(parent),
            b'[' | b'{' => self.flow_collection()?,
            b'"' | b'\'' => self.quoted()?,
            _ => self.plain()?,
        }
        self.end_of_line()?;
        // A more indented line would continue the scalar, or be a mistake.
        match self.next_content()? {
            Some(n) if n > parent => Err(Unsupported),
            _ => Ok(()),
        }
    }

    /// A plain scalar in block context, up to a comment or the line's end.
    fn plain(&mut self) -> Result<(), Unsupported> {
        let start = self.pos;
        if !plain_start(self.byte(start), self.byte(start + 1)) {
            return Err(Unsupported);
        }
        let mut at = start;
        while at < self.bytes.len() {
            match self.bytes[at] {
                b'\n' => break,
                b'#' if self.comment_at(at) => break,
                b':' if matches!(self.byte(at + 1), b' ' | b'\n') => return Err(Unsupported),
                b'\t' => return Err(Unsupported),
                _ => at += 1,
            }
        }
        self.plain_scalar(start, at)
    }

    /// The plain scalar from `start` to `stop`, without the spaces before `stop`; leaves the
    /// position after its last character.
    fn plain_scalar(&mut self, start: usize, stop: usize) -> Result<(), Unsupported> {
        let mut end = stop;
        while self.bytes[end - 1] == b' ' {
            end -= 1;
        }
        let text = &self.text[start..end];
        self.push(
            Kind::Scalar(Cow::Borrowed(text), true),
            self.span(start, end - start),
        )?;
        self.pos = end;
        Ok(())
    }

    /// A quoted scalar on one line; leaves the position after its closing quote.
    fn quoted(&mut self) -> Result<(), Unsupported> {
        let start = self.pos;
        let quote = self.bytes[start];
        let mut at = start + 1;
        loop {
            match self.byte(at) {
                b'\n' => return Err(Unsupported),
                b'\\' if quote == b'"' && self.byte(at + 1) == b'\n' => return Err(Unsupported),
                b'\\' if quote == b'"' => at += 2,
                b if b == quote => {
                    if quote == b'\'' && self.byte(at + 1) == b'\'' {
                        at += 2;
                        continue;
                    }
                    break;
                }
                _ => at += 1,
            }
        }
        let body = &self.text[start + 1..at];
        let text = if quote == b'"' {
            scalar::double_quoted(body)?
        } else {
            scalar::single_quoted(body)
        };
        self.push(Kind::Scalar(text, false), self.span(start, at + 1 - start))?;
        self.pos = at + 1;
        Ok(())
    }

    /// A flow list (`[`) or mapping (`{`) on one line.
    fn flow_collection(&mut self) -> Result<(), Unsupported> {
        let map = self.byte(self.pos) == b'{';
        let (kind, close) = if map {
            (Kind::Map, b'}')
        } else {
            (Kind::Seq, b']')
        };
        let index = self.open(kind, self.span(self.pos, 1))?;
        self.pos += 1;
        self.skip_spaces();
        if self.byte(self.pos) == close {
            self.pos += 1;
            self.close(index);
            return Ok(());
        }
        loop {
            if map {
                self.flow_key()?;
            }
            self.flow_node()?;
            if self.flow_separator(close)? {
                break;
            }
        }
        self.close(index);
        Ok(())
    }

    /// A flow mapping's key and its `: `.
    fn flow_key(&mut self) -> Result<(), Unsupported> {
        match self.byte(self.pos) {
            b'"' | b'\'' => self.quoted()?,
            _ => self.flow_plain(true)?,
        }
        self.skip_spaces();
        if self.byte(self.pos) != b':' || self.byte(self.pos + 1) != b' ' {
            return Err(Unsupported);
        }
        self.pos += 1;
        self.skip_spaces();
        Ok(())
    }

    /// A node inside a flow collection.
    fn flow_node(&mut self) -> Result<(), Unsupported> {
        match self.byte(self.pos) {
            b'[' | b'{' => self.flow_collection(),
            b'"' | b'\'' => self.quoted(),
            _ => self.flow_plain(false),
        }
    }

    /// After a flow entry: `,` and the next entry, or the closing bracket (`true`).
    fn flow_separator(&mut self, close: u8) -> Result<bool, Unsupported> {
        self.skip_spaces();
        match self.byte(self.pos) {
            b',' => {
                self.pos += 1;
                self.skip_spaces();
                if matches!(self.byte(self.pos), b']' | b'}' | b',') {
                    return Err(Unsupported);
                }
                Ok(false)
            }
            b if b == close => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(Unsupported),
        }
    }

    fn skip_spaces(&mut self) {
        while self.byte(self.pos) == b' ' && self.pos < self.bytes.len() {
            self.pos += 1;
        }
    }

    /// A plain scalar inside a flow collection: up to `,`, `]` or `}`, or a key up to its `:`.
    fn flow_plain(&mut self, key: bool) -> Result<(), Unsupported> {
        let start = self.pos;
        if !plain_start(self.byte(start), self.byte(start + 1)) {
            return Err(Unsupported);
        }
        let mut at = start;
        loop {
            match self.byte(at) {
                b',' | b']' | b'}' => break,
                b':' if matches!(
                    self.byte(at + 1),
                    b' ' | b',' | b'[' | b']' | b'{' | b'}' | b'\n'
                ) =>
                {
                    if key {
                        break;
                    }
                    return Err(Unsupported);
                }
                b'#' if self.comment_at(at) => return Err(Unsupported),
                b'\n' | b'[' | b'{' | b'\t' => return Err(Unsupported),
                _ => at += 1,
            }
        }
        self.plain_scalar(start, at)
    }

    /// A block list whose `-` stand at column `indent`; the position is at the first `-`.
    /// Returns where the first entry's text starts.
    fn block_seq(&mut self, indent: usize) -> Result<Span, Unsupported> {
        let seq = self.open(Kind::Seq, self.span(self.pos, 1))?;
        let mut first_entry = None;
        loop {
            self.pos += 1;
            self.skip_spaces();
            let at_end = match self.byte(self.pos) {
                b'\n' => true,
                b'#' => self.comment_at(self.pos),
                _ => false,
            };
            if at_end {
                self.next_line();
                match self.next_content()? {
                    Some(n) if n > indent => {
                        self.pos = self.line_start + n;
                        first_entry.get_or_insert(self.span(self.pos, 1));
                        self.node_on_own_line(n, indent)?;
                    }
                    _ => return Err(Unsupported),
                }
            } else {
                first_entry.get_or_insert(self.span(self.pos, 1));
                let column = self.span(self.pos, 1).column as usize - 1;
                if self.pos - self.line_start != column {
                    // Text before the entry that is not ASCII: columns and bytes differ.
                    return Err(Unsupported);
                }
                if self.dash_at(self.pos) {
                    self.block_seq(column)?;
                } else if self.key_here() {
                    self.block_map(column)?;
                } else if matches!(self.byte(self.pos), b'|' | b'>') {
                    self.block_scalar(indent)?;
                } else {
                    self.inline_value(indent, false)?;
                }
            }
            match self.next_content()? {
                Some(n) if n == indent && self.dash_at(self.line_start + n) => {
                    self.pos = self.line_start + n;
                }
                Some(n) if n > indent => return Err(Unsupported),
                _ => break,
            }
        }
        self.close(seq);
        first_entry.ok_or(Unsupported)
    }

    /// A literal (`|`) or folded (`>`) block scalar, the value of a key or a list entry whose key
    /// or `-` stands at column `parent`.
    fn block_scalar(&mut self, parent: usize) -> Result<(), Unsupported> {
        let folded = self.bytes[self.pos] == b'>';
        self.pos += 1;
        let mut chomp = Chomp::Clip;
        let mut indicator = None;
        for _ in 0..2 {
            match self.byte(self.pos) {
                b'-' if chomp == Chomp::Clip => chomp = Chomp::Strip,
                b'+' if chomp == Chomp::Clip => chomp = Chomp::Keep,
                d @ b'1'..=b'9' if indicator.is_none() => indicator = Some((d - b'0') as usize),
                _ => break,
            }
            self.pos += 1;
        }
        self.end_of_line()?;
        // Lines from the first with content (or the first empty one before it) to the last with
        // content, without their indentation.
        let mut lines: Vec<&'a str> = Vec::new();
        let mut content_indent = indicator.map(|d| parent + d);
        let mut first: Option<(usize, u32)> = None;
        // The scanner's stop: past the trailing empty lines and the indentation it read of the
        // line that ends the scalar.
        let mut span_end = self.bytes.len();
        let mut empty = 0usize;
        let mut leading_spaces = 0;
        while self.pos < self.bytes.len() {
            let start = self.line_start;
            let mut at = start;
            while self.byte(at) == b' ' && at < self.bytes.len() {
                at += 1;
            }
            let spaces = at - start;
            if self.byte(at) == b'\n' && at < self.bytes.len() {
                // A line of spaces only: empty, unless it has more than the indentation.
                match content_indent {
                    Some(indent) if spaces > indent => {
                        if folded {
                            return Err(Unsupported);
                        }
                        first.get_or_insert((start + indent, self.line));
                        lines.extend(std::iter::repeat_n("", empty));
                        empty = 0;
                        lines.push(&self.text[start + indent..at]);
                    }
                    Some(_) => empty += 1,
                    None => {
                        leading_spaces = leading_spaces.max(spaces);
                        empty += 1;
                    }
                }
                self.pos = at;
                self.next_line();
                continue;
            }
            if at >= self.bytes.len() {
                if spaces > 0 {
                    return Err(Unsupported);
                }
                break;
            }
            let needed = match content_indent {
                Some(n) => n,
                None if spaces > parent => {
                    if leading_spaces > spaces {
                        return Err(Unsupported);
                    }
                    content_indent = Some(spaces);
                    spaces
                }
                None => {
                    span_end = start + spaces;
                    break;
                }
            };
            if spaces < needed {
                span_end = start + spaces;
                break;
            }
            let line_end = match self.bytes[start..].iter().position(|&b| b == b'\n') {
                Some(i) => start + i,
                None => self.bytes.len(),
            };
            let content = &self.text[start + needed..line_end];
            if folded && content.starts_with([' ', '\t']) {
                return Err(Unsupported);
            }
            if first.is_none() {
                first = Some((start + needed, self.line));
            }
            lines.extend(std::iter::repeat_n("", empty));
            empty = 0;
            lines.push(content);
            self.pos = line_end;
            self.next_line();
        }
        let Some((first_at, first_line)) = first else {
            return Err(Unsupported);
        };
        // The trailing empty lines belong to the scalar; the position goes back to the start of
        // the line after its last content line, where the next node's search begins.
        let text = scalar::block_text(&lines, empty, folded, chomp);
        let (line, line_start) = (self.line, self.line_start);
        self.line = first_line;
        self.line_start = first_at - content_indent.unwrap_or(0);
        let span = self.span(first_at, span_end - first_at);
        self.line = line;
        self.line_start = line_start;
        self.push(Kind::Scalar(Cow::Owned(text), false), span)?;
        match self.next_content()? {
            Some(n) if n > parent => Err(Unsupported),
            _ => Ok(()),
        }
    }
}

/// Whether a plain scalar may start with `first` followed by `next`.
fn plain_start(first: u8, next: u8) -> bool {
    match first {
        b'-' | b'?' | b':' => !matches!(next, b' ' | b'\n'),
        b'[' | b']' | b'{' | b'}' | b',' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' | b' ' | b'\n' | b'\t' => false,
        _ => true,
    }
}
