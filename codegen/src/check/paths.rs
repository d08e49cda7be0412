//! Dotted field paths (`times.startTime`, `page.totalPages`) resolved against IR types.

use super::Checker;
use crate::diag::Code;
use crate::ir::{ScalarKind, Type};
use crate::spec::Spanned;

/// Why a path does not resolve.
pub(crate) struct PathMiss {
    /// The segment that is not a field.
    pub segment: String,
    /// The fields that exist at that point.
    pub available: Vec<String>,
}

impl Checker<'_> {
    /// Follows named references.
    pub(crate) fn resolve_named<'t>(&'t self, ty: &'t Type) -> &'t Type {
        let mut current = ty;
        for _ in 0..64 {
            let Type::Named(name) = current else {
                return current;
            };
            match self.object_named(name) {
                Some(object) => current = &object.ty,
                None => return current,
            }
        }
        current
    }

    /// The type at `path` inside `ty`; lists are stepped through when `through_lists`.
    /// `Ok(None)` means the path enters a free-form value and cannot be checked.
    pub(crate) fn type_at<'t>(
        &'t self,
        ty: &'t Type,
        path: &str,
        through_lists: bool,
    ) -> Result<Option<&'t Type>, PathMiss> {
        let mut current = self.resolve_named(ty);
        if path.is_empty() {
            return Ok(Some(current));
        }
        let mut rest = path;
        while !rest.is_empty() {
            if through_lists {
                while let Type::List { item, .. } = current {
                    current = self.resolve_named(item);
                }
            }
            // The first segment, for reports: up to the next dot.
            let segment = rest.split('.').next().unwrap_or(rest);
            match current {
                Type::Object(object) => match longest_field(object, rest) {
                    Some((field, remaining)) => {
                        current = self.resolve_named(&field.ty);
                        rest = remaining.strip_prefix('.').unwrap_or(remaining);
                    }
                    None => {
                        return Err(PathMiss {
                            segment: segment.to_owned(),
                            available: object.fields.iter().map(|f| f.wire_name.clone()).collect(),
                        })
                    }
                },
                Type::Map { value, .. } => {
                    current = self.resolve_named(value);
                    rest = rest[segment.len()..].strip_prefix('.').unwrap_or("");
                }
                Type::Scalar(scalar)
                    if matches!(scalar.kind, ScalarKind::Any | ScalarKind::Object) =>
                {
                    return Ok(None)
                }
                _ => {
                    return Err(PathMiss {
                        segment: segment.to_owned(),
                        available: Vec::new(),
                    })
                }
            }
        }
        Ok(Some(current))
    }

    /// Checks that `path` names a field inside `ty`, reporting `code` at the path's span otherwise.
    pub(crate) fn check_path(
        &mut self,
        ty: &Type,
        path: &Spanned<String>,
        through_lists: bool,
        code: Code,
        what: &str,
    ) -> bool {
        let miss = match self.type_at(ty, &path.value, through_lists) {
            Ok(_) => return true,
            Err(miss) => miss,
        };
        let span = self.sub_span(path.span, &miss.segment);
        self.unknown(
            code,
            span,
            what,
            &miss.segment,
            miss.available.iter().map(String::as_str),
        );
        if miss.available.is_empty() {
            if let Some(last) = self.diagnostics.last_mut() {
                last.help = Some(format!("`{}` does not lead into an object", path.value));
            }
        }
        false
    }
}

/// The field of `object` that `path` starts with, up to a dot: the longest such name, so that a
/// field named with a dot (`@odata.nextLink`) is found whole; and what is left of the path.
fn longest_field<'o, 'p>(
    object: &'o crate::ir::ObjectType,
    path: &'p str,
) -> Option<(&'o crate::ir::Field, &'p str)> {
    let mut ends: Vec<usize> = path.match_indices('.').map(|(i, _)| i).collect();
    ends.push(path.len());
    ends.iter().rev().find_map(|&end| {
        object
            .fields
            .iter()
            .find(|f| f.wire_name == path[..end])
            .map(|field| (field, &path[end..]))
    })
}
