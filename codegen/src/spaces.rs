//! Indentation: runs of spaces, for the YAML writer and the Rust text writers.

/// Appends `n` spaces.
pub(crate) fn push_spaces(out: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let step = left.min(SPACES.len());
        out.push_str(&SPACES[..step]);
        left -= step;
    }
}
