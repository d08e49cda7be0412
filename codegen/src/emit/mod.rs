//! Emitters: pure functions from the IR to output files. None of them reads YAML.
