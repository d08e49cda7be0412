//! Positions in a spec's text: LSP positions (lines and UTF-16 columns, from 0) to byte offsets and
//! back, the word under the cursor, and the YAML keys enclosing a position.

use lsp_types::{Position, Range};

/// The byte offset of `position` in `text` (clamped to the line's end and the text's end).
pub fn offset_of(text: &str, position: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..position.line {
        match text[line_start..].find('\n') {
            Some(at) => line_start += at + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |at| line_start + at);
    let mut units = 0u32;
    for (at, c) in text[line_start..line_end].char_indices() {
        if units >= position.character {
            return line_start + at;
        }
        units += c.len_utf16() as u32;
    }
    line_end
}

/// Where the lines of a text start, so that a position is found without counting lines from
/// the text's start (a document with 10,000 diagnostics asks for 20,000 positions).
#[derive(Debug, Default)]
pub struct Lines(Vec<usize>);

impl Lines {
    /// The line starts of `text`.
    pub fn of(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        Lines(starts)
    }

    /// The LSP position of byte `offset` in `text`, the text these lines were taken from.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let offset = (0..=offset)
            .rev()
            .find(|at| text.is_char_boundary(*at))
            .unwrap_or(0);
        let line = self
            .0
            .partition_point(|start| *start <= offset)
            .saturating_sub(1);
        let line_start = self.0.get(line).copied().unwrap_or(0).min(offset);
        let character = text[line_start..offset]
            .chars()
            .map(|c| c.len_utf16() as u32)
            .sum();
        Position {
            line: line as u32,
            character,
        }
    }

    /// The range of `len` bytes from `offset` in `text`.
    pub fn range(&self, text: &str, offset: usize, len: usize) -> Range {
        Range {
            start: self.position(text, offset),
            end: self.position(text, offset.saturating_add(len)),
        }
    }
}

/// Characters of names: object, action and parameter names, and keys.
pub fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '$' | '@')
}

/// The name around byte `offset`, with its start.
pub fn word_at(text: &str, offset: usize) -> Option<(usize, &str)> {
    let offset = offset.min(text.len());
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_name_char(*c))
        .last()
        .map_or(offset, |(at, _)| at);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !is_name_char(*c))
        .map_or(text.len(), |(at, _)| offset + at);
    let word = text[start..end].trim_end_matches('.');
    (!word.is_empty()).then_some((start, word))
}

/// Where the cursor is in the YAML structure.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// The keys of the mappings enclosing the cursor, outermost first; `-` for a list item.
    pub path: Vec<String>,
    /// When the cursor is in a value, the key it is the value of.
    pub value_of: Option<String>,
    /// The part of the word before the cursor.
    pub partial: String,
}

/// Leading spaces, then list dashes (`- `), of a line: (spaces, dashes, the rest).
fn split_indent(line: &str) -> (usize, usize, &str) {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    let mut rest = &line[spaces..];
    let mut dashes = 0;
    while let Some(after) = rest
        .strip_prefix("- ")
        .or_else(|| (rest == "-").then_some(""))
    {
        dashes += 1;
        rest = after.trim_start_matches(' ');
    }
    (spaces, dashes, rest)
}

/// `key: value` → (`key`, `value`), for a block mapping line.
fn key_and_value(rest: &str) -> Option<(&str, &str)> {
    let (key, value) = match rest.split_once(": ") {
        Some(split) => split,
        None => (rest.strip_suffix(':')?, ""),
    };
    let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
    if key.is_empty() || key.starts_with(['{', '[', '#']) {
        return None;
    }
    Some((key, value.trim()))
}

/// The YAML context at byte `offset` of `text`.
pub fn context_at(text: &str, offset: usize) -> Context {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let prefix = &text[line_start..offset];
    let (spaces, dashes, rest) = split_indent(prefix);
    let mut threshold = spaces + 2 * dashes;
    let mut ancestors: Vec<String> = Vec::new();
    for _ in 0..dashes {
        ancestors.push("-".into());
    }
    for line in text[..line_start].lines().rev() {
        if threshold == 0 {
            break;
        }
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (n, d, rest) = split_indent(line);
        let key_indent = n + 2 * d;
        if n >= threshold {
            continue;
        }
        if key_indent < threshold {
            if let Some((key, value)) = key_and_value(rest) {
                if value.is_empty() || value.starts_with(['|', '>', '#', '&']) {
                    ancestors.push(key.to_owned());
                }
            }
        }
        for _ in 0..d {
            ancestors.push("-".into());
        }
        threshold = n;
    }
    ancestors.reverse();
    let mut context = flow_context(rest);
    ancestors.append(&mut context.path);
    context.path = ancestors;
    context
}

/// The flow-style part of a line's prefix: `a: { b: [x, ` → path `a`, `b`, value of `b`.
fn flow_context(rest: &str) -> Context {
    let mut stack: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut last_key: Option<String> = None;
    let mut in_value = false;
    let mut quote: Option<char> = None;
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' if word.is_empty() => quote = Some(c),
            ':' if chars.peek().is_none_or(|n| *n == ' ') => {
                last_key = Some(std::mem::take(&mut word).trim().to_owned());
                in_value = true;
            }
            '{' => {
                stack.push(last_key.take().unwrap_or_default());
                in_value = false;
                word.clear();
            }
            '[' => {
                // A list inside a value: its items are values of the same key.
                stack.push(format!("[{}", last_key.clone().unwrap_or_default()));
                word.clear();
            }
            ']' | '}' => {
                if let Some(top) = stack.pop() {
                    if let Some(key) = top.strip_prefix('[') {
                        last_key = Some(key.to_owned());
                    }
                }
                word.clear();
            }
            ',' => {
                word.clear();
                if !stack.last().is_some_and(|top| top.starts_with('[')) {
                    in_value = false;
                    last_key = None;
                }
            }
            '#' if word.is_empty() => break,
            _ => word.push(c),
        }
    }
    let in_list = stack.last().and_then(|top| top.strip_prefix('['));
    let value_of = match in_list {
        Some(key) => Some(key.to_owned()),
        None if in_value => last_key,
        None => None,
    };
    let path = stack
        .into_iter()
        .filter(|key| !key.starts_with('['))
        .collect();
    Context {
        path,
        value_of,
        partial: word.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "title: T\nobjects:\n  Task:\n    fields:\n      id: { type: str\nlimits:\n  - name: x\n    applies_to:\n      actions: [Get\nactions:\n  Get:\n    par";

    fn at_end_of(line: usize) -> Context {
        let text: String = SPEC.lines().take(line + 1).collect::<Vec<_>>().join("\n");
        context_at(&text, text.len())
    }

    #[test]
    fn contexts_follow_indentation_and_flow() {
        let c = at_end_of(4);
        assert_eq!(c.path, ["objects", "Task", "fields", "id"]);
        assert_eq!(c.value_of.as_deref(), Some("type"));
        assert_eq!(c.partial, "str");
        let c = at_end_of(8);
        assert_eq!(c.path, ["limits", "-", "applies_to"]);
        assert_eq!(c.value_of.as_deref(), Some("actions"));
        assert_eq!(c.partial, "Get");
        let c = at_end_of(11);
        assert_eq!(c.path, ["actions", "Get"]);
        assert_eq!(c.value_of, None);
        assert_eq!(c.partial, "par");
    }

    /// Positions counted from the text's start: the definition the line starts must agree with.
    fn position_of(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let offset = (0..=offset)
            .rev()
            .find(|at| text.is_char_boundary(*at))
            .unwrap_or(0);
        let before = &text[..offset];
        let line = before.matches('\n').count() as u32;
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        let character = before[line_start..]
            .chars()
            .map(|c| c.len_utf16() as u32)
            .sum();
        Position { line, character }
    }

    #[test]
    fn line_starts_give_the_positions_counted_from_the_start() {
        for text in ["", "\n", "a", "a: é😀x\nb\r\n\nc: 'ü'\n  - d\n", "x\n\n\ny"] {
            let lines = Lines::of(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    lines.position(text, offset),
                    position_of(text, offset),
                    "{offset} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn positions_count_utf16_units() {
        let text = "a: é😀x\nb";
        let x = text.find('x').unwrap();
        assert_eq!(Lines::of(text).position(text, x), Position::new(0, 6));
        assert_eq!(offset_of(text, Position::new(0, 6)), x);
        assert_eq!(offset_of(text, Position::new(1, 0)), text.len() - 1);
        assert_eq!(offset_of(text, Position::new(9, 0)), text.len());
    }
}
