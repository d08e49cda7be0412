//! How an import ends: with the spec's YAML, which `connectorc import` writes, or with the
//! checked connector, which `connectorc rust --import` writes a client from without any spec text
//! in between.
//!
//! Both endings hold the same connector: a model the checker accepts without a single
//! diagnostic is its own connector; any other model goes through the YAML ending (the guard drops
//! what does not check, with warnings) and that text is checked, so every diagnostic points into
//! the spec a person would get from `connectorc import`, and the connector is the one
//! `connectorc rust` would read from it.

use std::path::PathBuf;

use codegen::diag::SourceFile;
use codegen::spec::{ConnectorSpec, ReadLimits};
use codegen::CheckOutcome;

use super::{guard, suggest_id, yaml, ImportError, Imported, Warning, Warnings};

/// A spec as an importer built it, before it is written or checked.
pub(crate) struct Built {
    /// The spec.
    pub spec: ConnectorSpec,
    /// The name of the spec file it stands for, without `.yaml`: the checker takes the
    /// connector's id from it.
    pub name: String,
    /// A connector id suggested by the source.
    pub suggested_id: String,
    /// Where the source keeps what the guard may drop; `None` when the spec is written as built.
    pub guarded: Option<guard::Source>,
    /// Repairs made so far.
    pub warnings: Warnings,
    /// The document trees the importer has done with, freed where that slows nothing.
    pub spent: Option<guard::Spent>,
}

/// An API description imported and checked in memory.
#[derive(Debug)]
pub struct ImportedConnector {
    /// The check of the imported spec: its connector, or diagnostics that point into the spec
    /// text `connectorc import` would write (named `<name>.yaml`).
    pub outcome: CheckOutcome,
    /// A connector id suggested by the source (`gotowebinar`).
    pub suggested_id: String,
    /// Repairs made on the way, as [`Imported::warnings`].
    pub warnings: Vec<Warning>,
}

impl Built {
    /// A built spec that is written as it is, with no guard.
    pub(crate) fn unguarded(spec: ConnectorSpec, name: &str, warnings: Warnings) -> Built {
        Built {
            spec,
            name: name.to_owned(),
            suggested_id: suggest_id(name),
            guarded: None,
            warnings,
            spent: None,
        }
    }

    /// Ends with the spec's YAML.
    pub(crate) fn into_imported(self) -> Result<Imported, ImportError> {
        let Built {
            spec,
            name,
            suggested_id,
            guarded,
            mut warnings,
            spent,
        } = self;
        let yaml = match guarded {
            Some(source) => guard::render_checked(spec, &source, &name, &mut warnings, spent)?,
            None => {
                if let Some(spent) = spent {
                    codegen::drop_later::drop_later(spent);
                }
                yaml::write(&spec, super::DEFAULT_SCHEMA_PATH)?
            }
        };
        Ok(Imported {
            yaml,
            suggested_id,
            warnings: warnings.items,
        })
    }

    /// Ends with the checked connector.
    pub(crate) fn into_connector(mut self) -> Result<ImportedConnector, ImportError> {
        // Nothing is written beside the check here: the trees are freed on a thread of their own.
        if let Some(spent) = self.spent.take() {
            codegen::drop_later::drop_later(spent);
        }
        let path = spec_path(&self.name);
        let id = codegen::connector_id(&path);
        let outcome = codegen::check_read(&self.spec, &SourceFile::new(path, String::new()), &id);
        if outcome.diagnostics.is_empty() {
            codegen::drop_later::drop_later(self.spec);
            return Ok(ImportedConnector {
                outcome,
                suggested_id: self.suggested_id,
                warnings: self.warnings.items,
            });
        }
        drop(outcome);
        let name = self.name.clone();
        let imported = self.into_imported()?;
        Ok(ImportedConnector {
            outcome: codegen::check_source(spec_path(&name), imported.yaml, &ReadLimits::default()),
            suggested_id: imported.suggested_id,
            warnings: imported.warnings,
        })
    }
}

/// The spec file an import named `name` stands for.
fn spec_path(name: &str) -> PathBuf {
    PathBuf::from(format!("{name}.yaml"))
}
