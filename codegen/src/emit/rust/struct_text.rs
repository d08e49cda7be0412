//! The `types` module's structs and aliases written as text straight from the IR, in
//! prettyplease's layout: the text [`super::plain`] prints for the tokens of
//! [`super::structs::emit_struct`] and [`super::types`], without building those tokens (enums
//! of texts are [`super::enum_text`]'s). A field or alias line over the margin is left long or
//! broken in its type's generic arguments, as prettyplease does. `None` for a line it does not
//! lay out (several generic arguments, a gate line over the margin), a runtime path spelt in
//! full, and enums of other values: the caller then builds the tokens as before.
//! `platform/tests/rust_parallel_emit.rs` compares the result with the module formatted in one
//! pass.

use std::borrow::Cow;

use super::inventory::Decl;
use super::plain::{Out, WIDTH};
use super::type_text::{
    allow_line, doc_lines, doc_lines_or, field_type, macro_call, runtime, rust_type, string_literal,
};
use super::typeref::{has_default, is_plain, is_tri_state};
use super::{docs, enum_text, structs, Ctx};
use crate::ir::{Field, ObjectType};

/// The text of `decl` indented by `indent`, when it is a struct or alias this writes.
pub(crate) fn type_item(ctx: &Ctx, decl: &Decl, indent: usize) -> Option<String> {
    let mut out = Out::new(indent, &ctx.short);
    match decl {
        Decl::Alias(named) => {
            let gate = ctx.gates.ty_line(&named.rust_name, indent)?;
            let doc = docs::paragraphs(named.summary.as_deref(), named.description.as_deref());
            let fallback = format!("The `{}` type.", named.name);
            let mut target = String::new();
            rust_type(ctx, &named.ty, "", &mut target)?;
            out.text.push_str(&gate);
            alias(&mut out, &named.rust_name, &target, &doc, &fallback)?;
        }
        Decl::Struct(object, doc) => {
            let gate = ctx.gates.ty_line(&object.rust_name, indent)?;
            let doc = doc.text();
            match ctx.shared.alias_of(&object.rust_name) {
                Some(first) => {
                    let fallback = format!("The `{}` object.", object.rust_name);
                    out.text.push_str(&gate);
                    alias(&mut out, &object.rust_name, first, &doc, &fallback)?;
                }
                None => write_struct(&mut out, ctx, object, &doc, &gate)?,
            }
        }
        Decl::Enum(enum_type, doc) => {
            let gate = ctx.gates.ty_line(&enum_type.rust_name, indent)?;
            let doc = doc.text();
            match ctx.shared.alias_of(&enum_type.rust_name) {
                Some(first) => {
                    let fallback = format!("The `{}` values.", enum_type.rust_name);
                    out.text.push_str(&gate);
                    alias(&mut out, &enum_type.rust_name, first, &doc, &fallback)?;
                }
                None => return enum_text::enum_item(ctx, enum_type, &doc, indent, &gate),
            }
        }
    }
    Some(out.text)
}

/// `pub type <name> = <target>;` with its doc.
fn alias(out: &mut Out, name: &str, target: &str, doc: &str, fallback: &str) -> Option<()> {
    doc_lines(out, doc, fallback)?;
    allow_line(out, name)?;
    // A path without generic arguments has nowhere to break: prettyplease leaves it long.
    let breakable = target.contains('<');
    out.line_fmt(format_args!("pub type {name} = {target};"), breakable)
}

/// One struct with its derives, as [`super::structs::emit_struct`] builds it, and its
/// `json_object!` call, each item after the `gate` line (empty for none).
fn write_struct(
    out: &mut Out,
    ctx: &Ctx,
    object: &ObjectType,
    doc: &str,
    gate: &str,
) -> Option<()> {
    let name = &object.rust_name;
    out.text.push_str(gate);
    doc_lines_or(out, doc, || ["The `", name, "` object."].concat())?;
    allow_line(out, name)?;
    let defaultable = object
        .fields
        .iter()
        .all(|f| !is_plain(f) || has_default(ctx.connector, &f.ty));
    let default = if defaultable { ", Default" } else { "" };
    let hash = if ctx.hashable.object(object) {
        ", Eq, Hash"
    } else {
        ""
    };
    let json = structs::json_impls(ctx);
    if json {
        if object.fields.is_empty() && object.additional.is_none() {
            // `Name {}` in the `json_object!` call: left to the tokens.
            return None;
        }
        out.line(
            &["#[derive(Debug, Clone, PartialEq", default, hash, ")]"].concat(),
            true,
        )?;
    } else {
        out.line(
            &format!(
                "#[derive(Debug, Clone, PartialEq{default}{hash}, __Serialize, __Deserialize)]"
            ),
            true,
        )?;
        let serde_crate = string_literal(&ctx.serde_crate);
        out.line_fmt(format_args!("#[serde(crate = {serde_crate})]"), true)?;
    }
    if object.fields.is_empty() && object.additional.is_none() {
        return out.line_fmt(format_args!("pub struct {name} {{}}"), false);
    }
    // Without generics a struct's first line has nowhere to break.
    out.line_fmt(format_args!("pub struct {name} {{"), false)?;
    out.indent += 4;
    for field in &object.fields {
        write_field(out, ctx, name, field, json)?;
    }
    if let Some(value) = &object.additional {
        let field = structs::additional_name(object);
        let string = ctx.short.std_text("::std::string::String");
        let mut ty = format!("::std::collections::BTreeMap<{string}, ");
        rust_type(ctx, value, "", &mut ty)?;
        out.line(
            "/// The keys beyond the named fields, with their values.",
            false,
        )?;
        if !json {
            out.line("#[serde(flatten)]", true)?;
        }
        out.line_fmt(format_args!("pub {field}: {ty}>,"), true)?;
    }
    out.indent -= 4;
    out.line("}", true)?;
    if json {
        out.text.push_str(gate);
        json_object(out, ctx, object)?;
    }
    Some(())
}

/// The struct's `json_object!` call, laid out as prettyplease lays out a macro's tokens: on
/// one line when it fits, else the tokens filled into lines four columns further in.
fn json_object(out: &mut Out, ctx: &Ctx, object: &ObjectType) -> Option<()> {
    let rt = runtime(ctx)?;
    let mut words: Vec<Cow<str>> = Vec::with_capacity(4 * object.fields.len() + 5);
    if ctx.fast_decode {
        words.push("direct".into());
    }
    words.push(object.rust_name.as_str().into());
    words.push("{".into());
    for (i, field) in object.fields.iter().enumerate() {
        words.push(field.rust_name.as_str().into());
        words.push(":".into());
        words.push(string_literal(&field.wire_name).into());
        let mode = structs::mode(field);
        words.push(if i + 1 == object.fields.len() {
            mode.into()
        } else {
            match mode {
                "req" => "req,".into(),
                "def" => "def,".into(),
                "opt" => "opt,".into(),
                other => format!("{other},").into(),
            }
        });
    }
    words.push("}".into());
    if object.additional.is_some() {
        words.push("+".into());
        words.push(structs::additional_name(object).to_string().into());
    }
    macro_call(out, &[rt, "::json_object!"].concat(), &words)
}

/// Whether the generic arguments `inner` are several (a comma outside any nested brackets).
fn has_top_level_comma(inner: &str) -> bool {
    let mut depth = 0usize;
    for c in inner.chars() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

/// One named field with its doc and, under serde's derives, its `#[serde(…)]` attribute.
fn write_field(out: &mut Out, ctx: &Ctx, owner: &str, field: &Field, json: bool) -> Option<()> {
    let doc = docs::paragraphs(field.summary.as_deref(), field.description.as_deref());
    doc_lines_or(out, &doc, || {
        ["The `", &field.wire_name, "` field."].concat()
    })?;
    if !json {
        if let Some(serde) = serde_args(ctx, field)? {
            out.line_fmt(format_args!("#[serde({serde})]"), true)?;
        }
    }
    let ty = field_type(ctx, owner, field, "")?;
    let head = ["pub ", &field.rust_name, ": "].concat();
    type_lines(out, &head, &ty, ",")
}

/// `head`, the type `ty` and `tail` on one line when they fit; else broken inside `ty`'s
/// generic arguments as prettyplease breaks them, outermost first, one argument per line.
/// A type without generic arguments has nowhere to break: prettyplease leaves its line long.
/// `None` for several arguments to break between or a line on the edge of the margin.
fn type_lines(out: &mut Out, head: &str, ty: &str, tail: &str) -> Option<()> {
    let flat = out.indent + head.len() + ty.len() + tail.len();
    let generic = ty.strip_suffix('>').and_then(|t| t.split_once('<'));
    let Some((outer, inner)) = generic.filter(|_| flat > WIDTH) else {
        return out.line_of(&[head, ty, tail], false);
    };
    if has_top_level_comma(inner) || flat - tail.len() <= WIDTH {
        return None;
    }
    out.line_of(&[head, outer, "<"], true)?;
    out.indent += 4;
    type_lines(out, "", inner, ",")?;
    out.indent -= 4;
    out.line_of(&[">", tail], true)
}

/// The inside of the field's `#[serde(…)]` attribute, as [`super::structs`] writes it; `None`
/// inside when it has none.
fn serde_args(ctx: &Ctx, field: &Field) -> Option<Option<String>> {
    let mut args: Vec<String> = Vec::new();
    let derived = field
        .rust_name
        .strip_prefix("r#")
        .unwrap_or(&field.rust_name);
    if derived != field.wire_name {
        args.push(format!("rename = {}", string_literal(&field.wire_name)));
    }
    if is_tri_state(field) {
        runtime(ctx)?;
        let runtime = ctx.serde_crate.trim_end_matches("::serde");
        let is_absent = string_literal(&format!("{runtime}::Nullable::is_absent"));
        args.push(format!("default, skip_serializing_if = {is_absent}"));
    } else if !is_plain(field) && field.required {
        args.push("default".to_owned());
    } else if !is_plain(field) {
        args.push("default, skip_serializing_if = \"Option::is_none\"".to_owned());
    }
    Some((!args.is_empty()).then(|| args.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::super::inventory::inventory;
    use super::super::text_tests::{each_spec_with, pretty};
    use super::super::{types, RustOptions};
    use super::*;

    /// Every type of the seed connectors that the writer takes is the text prettyplease prints
    /// for its tokens, and it takes most of them (the seeds' structs, with their renamed,
    /// optional, nullable, secret and boxed fields, and their enums of texts).
    #[test]
    fn seed_types_are_written_as_prettyplease_prints_their_tokens() {
        seed_types_are_written_as_prettyplease_prints_them(&RustOptions::default());
    }

    /// The same with `json_object!`'s direct form, whose calls have one word more.
    #[test]
    fn seed_types_of_fast_decoding_clients_are_written_as_prettyplease_prints_them() {
        let options = RustOptions {
            fast_decode: true,
            ..RustOptions::default()
        };
        seed_types_are_written_as_prettyplease_prints_them(&options);
    }

    fn seed_types_are_written_as_prettyplease_prints_them(options: &RustOptions) {
        let (mut written, mut refused, mut enums) = (0, 0, 0);
        each_spec_with(&["connectors"], options, |spec, connector, ctx| {
            for decl in inventory(connector) {
                let Some(text) = type_item(ctx, &decl, 4) else {
                    refused += usize::from(!matches!(decl, Decl::Enum(..)));
                    continue;
                };
                enums += usize::from(matches!(decl, Decl::Enum(..)));
                let expected = pretty(ctx, types::type_item(ctx, &decl), false);
                assert_eq!(text, expected, "{}", spec.display());
                written += 1;
            }
        });
        assert!(
            written > 3 * refused,
            "{written} written, {refused} refused"
        );
        assert!(enums >= 5, "{enums} enums written");
    }

    /// Field and alias lines over the margin, that cannot break or break in their generic
    /// arguments, and an enum whose macro call fills several lines are written, as
    /// prettyplease prints them (`tests/rust_adversarial/long_names.yaml`).
    #[test]
    fn unbreakable_field_lines_and_filled_enum_calls_are_written() {
        let mut seen = Vec::new();
        each_spec_with(
            &["tests/rust_adversarial"],
            &RustOptions::default(),
            |_, connector, ctx| {
                for decl in inventory(connector) {
                    let name = match &decl {
                        Decl::Struct(object, _) => &object.rust_name,
                        Decl::Enum(enum_type, _) => &enum_type.rust_name,
                        Decl::Alias(named) => &named.rust_name,
                    };
                    let long = ["AliasOf", "TheRecordOf"];
                    if !name.contains("Holder") && !long.iter().any(|l| name.starts_with(l)) {
                        continue;
                    }
                    let text = type_item(ctx, &decl, 4)
                        .unwrap_or_else(|| panic!("{name} is left to the tokens"));
                    let expected = pretty(ctx, types::type_item(ctx, &decl), false);
                    assert_eq!(text, expected);
                    seen.push(name.clone());
                }
            },
        );
        seen.sort();
        assert_eq!(
            seen,
            [
                "AliasOfTheResourceThatHasAnExceptionallyLongObjectNameWrittenByAToolThatConcatenates",
                "Holder",
                "HolderShortStatus",
                "HolderStatus",
                "OptionalHolder",
                "TheRecordOfTheResourceThatHasAnExceptionallyLongObjectNameWrittenByAToolThatConcatenatesIt",
                "TheRecordOfTheResourceThatHasAnExceptionallyLongObjectNameWrittenByAToolThatConcatenatesItState"
            ]
        );
    }
}
