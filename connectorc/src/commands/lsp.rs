//! `connectorc lsp`: the language server on standard input and output, reading specs under the
//! limits `--limit` sets, as `check` reads them.

use std::process::ExitCode;

use clap::Args;

use super::{ReadLimitArgs, EXIT_USAGE};

/// The arguments of `connectorc lsp`.
#[derive(Args)]
pub(crate) struct LspArgs {
    /// The limits of reading the specs the editor opens.
    #[command(flatten)]
    read: ReadLimitArgs,
}

/// Serves one editor until it says `exit`.
pub(crate) fn run(args: &LspArgs) -> ExitCode {
    let limits = match args.read.read_limits() {
        Ok(limits) => limits,
        Err(code) => return code,
    };
    match crate::lsp::run_stdio(limits) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: language server: {error}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
