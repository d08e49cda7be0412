//! The spec's own icon file: a PNG next to the spec, read into the IR.

use std::path::{Component, Path};

use super::Checker;
use crate::diag::Code;
use crate::spec::Spanned;

/// The largest icon file accepted.
pub const MAX_ICON_BYTES: u64 = 1024 * 1024;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

impl Checker<'_> {
    /// Reads the icon named by `icon`, relative to the spec's folder. Only a relative path that
    /// stays inside that folder is accepted, and only a PNG of at most [`MAX_ICON_BYTES`].
    pub(crate) fn icon(&mut self, icon: &Spanned<String>) -> Option<Vec<u8>> {
        let relative = Path::new(&icon.value);
        let inside = !icon.value.is_empty()
            && relative
                .components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !inside {
            self.error(
                Code::InvalidValue,
                icon.span,
                format!("`{}` is not a path inside the spec's folder", icon.value),
            )
            .help = Some("name a PNG file next to the spec, e.g. `icon: webex.png`".into());
            return None;
        }
        let path = self
            .file
            .path
            .parent()
            .unwrap_or_else(|| Path::new(""))
            .join(relative);
        let read = std::fs::metadata(&path).and_then(|meta| {
            if meta.len() > MAX_ICON_BYTES {
                Ok(Err(meta.len()))
            } else {
                std::fs::read(&path).map(Ok)
            }
        });
        match read {
            Err(e) => {
                self.error(
                    Code::Io,
                    icon.span,
                    format!("cannot read the icon {}: {e}", path.display()),
                );
                None
            }
            Ok(Err(len)) => {
                self.error(
                    Code::InvalidValue,
                    icon.span,
                    format!("the icon is {len} bytes; at most {MAX_ICON_BYTES} are accepted"),
                );
                None
            }
            Ok(Ok(bytes)) if !bytes.starts_with(PNG_SIGNATURE) => {
                self.error(
                    Code::InvalidValue,
                    icon.span,
                    format!("{} is not a PNG file", path.display()),
                )
                .help = Some("the platform takes a PNG icon".into());
                None
            }
            Ok(Ok(bytes)) => Some(bytes),
        }
    }
}
