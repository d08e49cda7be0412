//! The body of a folded block scalar (`>`): long lines broken at spaces.

use crate::spaces::push_spaces;

/// Writes `s` as the lines of a folded block indented by `column`, each at most `width`
/// characters where a space allows a break. A break replaces one space of a run; the others stay
/// at the end of the line. Lines starting with a space are written whole (folding would change
/// them).
pub(super) fn write_folded(out: &mut String, s: &str, column: usize, width: usize) {
    for line in s.split('\n') {
        if line.is_empty() {
            out.push('\n');
            continue;
        }
        if line.starts_with(' ') {
            push_spaces(out, column);
            out.push_str(line);
            out.push('\n');
            continue;
        }
        fold_line(out, line, column, width);
    }
}

fn fold_line(out: &mut String, line: &str, column: usize, width: usize) {
    // Start of the current output line, and its length in characters so far.
    let mut start = 0;
    let mut count = 0;
    // The last complete run of spaces (not followed by a tab): byte range and length.
    let mut last_run: Option<(usize, usize, usize)> = None;
    let mut run: Option<(usize, usize)> = None;
    let mut prev_end = 0;
    for (at, ch) in line.char_indices() {
        if ch != ' ' {
            if let Some((run_start, run_len)) = run.take() {
                if ch != '\t' {
                    last_run = Some((run_start, prev_end, run_len));
                }
            }
        } else {
            run = Some(match run {
                Some((run_start, run_len)) => (run_start, run_len + 1),
                None => (at, 1),
            });
        }
        count += 1;
        if count > width {
            let Some((run_start, run_end, run_len)) = last_run else {
                break;
            };
            push_spaces(out, column);
            out.push_str(&line[start..run_start]);
            push_spaces(out, run_len - 1);
            out.push('\n');
            start = run_end;
            count = 0;
            last_run = None;
        }
        prev_end = at + ch.len_utf8();
    }
    push_spaces(out, column);
    out.push_str(&line[start..]);
    out.push('\n');
}
