//! `icon.png`: the connector's icon, drawn from its brand colour with the title's initials in a
//! small built-in bitmap font, unless the spec names an icon file of its own.

use super::properties::DEFAULT_BRAND_COLOR;
use crate::ir::Connector;

pub use crate::powerplatform::files::ICON_FILE;

/// The icon's width and height in pixels (the size certification asks for).
pub const ICON_SIZE: u32 = 230;

/// Glyph height and width of the bitmap font, in font pixels.
const GLYPH_ROWS: usize = 7;
const GLYPH_COLUMNS: u32 = 5;

/// Five-by-seven glyphs of `A`–`Z` then `0`–`9`; each row's low five bits are its pixels, the
/// leftmost pixel in bit 4.
const GLYPHS: [[u8; GLYPH_ROWS]; 36] = [
    [0x0e, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11], // A
    [0x1e, 0x11, 0x11, 0x1e, 0x11, 0x11, 0x1e], // B
    [0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e], // C
    [0x1e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1e], // D
    [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x1f], // E
    [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x10], // F
    [0x0e, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0f], // G
    [0x11, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11], // H
    [0x0e, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e], // I
    [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0c], // J
    [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11], // K
    [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f], // L
    [0x11, 0x1b, 0x15, 0x15, 0x11, 0x11, 0x11], // M
    [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11], // N
    [0x0e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e], // O
    [0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10, 0x10], // P
    [0x0e, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0d], // Q
    [0x1e, 0x11, 0x11, 0x1e, 0x14, 0x12, 0x11], // R
    [0x0f, 0x10, 0x10, 0x0e, 0x01, 0x01, 0x1e], // S
    [0x1f, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04], // T
    [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e], // U
    [0x11, 0x11, 0x11, 0x11, 0x11, 0x0a, 0x04], // V
    [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0a], // W
    [0x11, 0x11, 0x0a, 0x04, 0x0a, 0x11, 0x11], // X
    [0x11, 0x11, 0x0a, 0x04, 0x04, 0x04, 0x04], // Y
    [0x1f, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1f], // Z
    [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e], // 0
    [0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e], // 1
    [0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f], // 2
    [0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e], // 3
    [0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02], // 4
    [0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e], // 5
    [0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e], // 6
    [0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08], // 7
    [0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e], // 8
    [0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c], // 9
];

fn glyph(c: char) -> Option<&'static [u8; GLYPH_ROWS]> {
    match c {
        'A'..='Z' => GLYPHS.get(c as usize - 'A' as usize),
        '0'..='9' => GLYPHS.get(26 + c as usize - '0' as usize),
        _ => None,
    }
}

/// Up to two initials of `title`: the first letters of its first two words, or of a single
/// word's first two capitalised parts (`GoToMeeting` → `GT`). Only ASCII letters and digits
/// have glyphs; words starting otherwise are passed over.
pub fn initials(title: &str) -> String {
    let words: Vec<&str> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.starts_with(|c: char| c.is_ascii_alphanumeric()))
        .collect();
    let letters: Vec<char> = match words.as_slice() {
        [] => Vec::new(),
        [word] => {
            let mut humps = word
                .char_indices()
                .filter(|&(i, c)| i == 0 || c.is_ascii_uppercase())
                .map(|(_, c)| c);
            humps.by_ref().take(2).collect()
        }
        [first, second, ..] => [first, second]
            .iter()
            .filter_map(|w| w.chars().next())
            .collect(),
    };
    letters
        .into_iter()
        .map(|c| c.to_ascii_uppercase())
        .filter(|c| glyph(*c).is_some())
        .collect()
}

/// `#rrggbb` → its three bytes.
fn rgb(color: &str) -> Option<[u8; 3]> {
    let hex = color.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// White on dark backgrounds, near-black on light ones.
fn ink(background: [u8; 3]) -> [u8; 3] {
    let [r, g, b] = background.map(u32::from);
    let luma = 299 * r + 587 * g + 114 * b;
    if luma > 150 * 1000 {
        [0x1a, 0x1a, 0x1a]
    } else {
        [0xff, 0xff, 0xff]
    }
}

/// The RGB pixels of a `size`×`size` icon: `background` with `text` centred in `ink`.
pub fn draw(size: u32, background: [u8; 3], text: &str) -> Vec<u8> {
    let mut pixels: Vec<u8> = background
        .iter()
        .copied()
        .cycle()
        .take((size * size * 3) as usize)
        .collect();
    let glyphs: Vec<&[u8; GLYPH_ROWS]> = text.chars().filter_map(glyph).collect();
    if glyphs.is_empty() {
        return pixels;
    }
    // Glyphs with one font pixel between them, scaled to fill about half the icon's width.
    let n = glyphs.len() as u32;
    let columns = n * GLYPH_COLUMNS + (n - 1);
    let scale = (size / 2 / columns).clamp(1, size / 2 / GLYPH_ROWS as u32);
    let width = columns * scale;
    let height = GLYPH_ROWS as u32 * scale;
    let left = (size - width) / 2;
    let top = (size - height) / 2;
    let color = ink(background);
    for (g, rows) in glyphs.iter().enumerate() {
        let x0 = left + g as u32 * (GLYPH_COLUMNS + 1) * scale;
        for (row, bits) in rows.iter().enumerate() {
            for column in 0..GLYPH_COLUMNS {
                if bits & (0x10 >> column) == 0 {
                    continue;
                }
                for dy in 0..scale {
                    for dx in 0..scale {
                        let x = x0 + column * scale + dx;
                        let y = top + row as u32 * scale + dy;
                        let at = ((y * size + x) * 3) as usize;
                        pixels[at..at + 3].copy_from_slice(&color);
                    }
                }
            }
        }
    }
    pixels
}

/// Encodes RGB pixels as a PNG.
pub fn encode(size: u32, pixels: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, size, size);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Best);
    let written = encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(pixels));
    match written {
        Ok(()) => out,
        // Writing to memory fails only on a size mismatch, which `draw` rules out.
        Err(_) => Vec::new(),
    }
}

/// The connector's icon: the spec's own file when it names one, otherwise one drawn from the
/// brand colour and the title's initials.
pub fn icon(connector: &Connector) -> Vec<u8> {
    if let Some(bytes) = &connector.metadata.icon {
        return bytes.clone();
    }
    let background = connector
        .metadata
        .brand_color
        .as_deref()
        .and_then(rgb)
        .or_else(|| rgb(DEFAULT_BRAND_COLOR))
        .unwrap_or([0, 0x7e, 0xe5]);
    encode(
        ICON_SIZE,
        &draw(ICON_SIZE, background, &initials(&connector.title)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_come_from_words_or_capitals() {
        assert_eq!(initials("WebEx Meetings XML"), "WM");
        assert_eq!(initials("GoToMeeting"), "GT");
        assert_eq!(initials("zoom"), "Z");
        assert_eq!(initials("Émile 2 Go"), "2G");
        assert_eq!(initials("—"), "");
    }

    #[test]
    fn ink_contrasts_with_the_background() {
        assert_eq!(ink([0, 0, 0]), [0xff; 3]);
        assert_eq!(ink([0xff, 0xff, 0xff]), [0x1a; 3]);
    }
}
