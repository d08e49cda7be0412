//! Walks over converted type definitions that follow object names.

use codegen::spec::{NamedMap, TypeDef};

use super::importer::Importer;

impl<'a> Importer<'a> {
    /// The fields of a converted definition (following object names).
    pub(super) fn fields_of<'d>(&'d self, def: &'d TypeDef) -> Option<&'d NamedMap<TypeDef>> {
        let mut current = def;
        for _ in 0..8 {
            if let Some(fields) = &current.body.fields {
                return Some(fields);
            }
            let name = current.body.type_name.as_ref()?;
            current = self.objects.get(&name.value)?;
        }
        None
    }

    /// Whether a type definition is a plain value (a scalar other than a free-form object or
    /// any value, or an enum), following object names: its items are told apart by themselves.
    pub(super) fn plain(&self, def: &TypeDef) -> bool {
        let mut current = def;
        for _ in 0..8 {
            let body = &current.body;
            if body.fields.is_some() || body.list.is_some() || body.map.is_some() {
                return false;
            }
            // No type, fields, list or map: a string (or an enum of strings).
            let Some(name) = &body.type_name else {
                return true;
            };
            match self.objects.get(&name.value) {
                Some(object) => current = object,
                None => return !matches!(name.value.as_str(), "object" | "any"),
            }
        }
        false
    }

    /// The item type of a list definition (following object names).
    pub(super) fn list_item(&self, def: &TypeDef) -> Option<TypeDef> {
        let mut current = def;
        for _ in 0..8 {
            if let Some(item) = &current.body.list {
                return Some(item.clone());
            }
            let name = current.body.type_name.as_ref()?;
            current = self.objects.get(&name.value)?;
        }
        None
    }
}
