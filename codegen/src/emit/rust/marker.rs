//! The long item lists of the module that [`super::parallel`] builds on other threads, and the
//! marker item that stands for each of them in the module's skeleton.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// A long item list of the module.
#[derive(Clone, Copy)]
pub(crate) enum Section {
    /// The items of `mod types`.
    Types,
    /// The structs of `mod params`.
    Params,
    /// The builders of `mod requests`.
    Requests,
    /// The action methods of `impl Client`.
    Methods,
    /// The trigger methods of `impl Client`.
    Triggers,
}

/// Every section, in the order the module holds them.
pub(crate) const SECTIONS: [Section; 5] = [
    Section::Types,
    Section::Params,
    Section::Requests,
    Section::Methods,
    Section::Triggers,
];

impl Section {
    /// The name of the marker item.
    pub(crate) fn marker_name(self) -> &'static str {
        match self {
            Section::Types => "__CONNECTORC_SPLICE_TYPES",
            Section::Params => "__CONNECTORC_SPLICE_PARAMS",
            Section::Requests => "__CONNECTORC_SPLICE_REQUESTS",
            Section::Methods => "__CONNECTORC_SPLICE_METHODS",
            Section::Triggers => "__CONNECTORC_SPLICE_TRIGGERS",
        }
    }
}

/// The marker item that stands for `section` in the module built with `Ctx::splice`.
pub(crate) fn marker(section: Section) -> TokenStream {
    let name = format_ident!("{}", section.marker_name());
    quote!(const #name: () = ();)
}
