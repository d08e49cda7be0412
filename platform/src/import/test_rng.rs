//! A small deterministic generator for the importer's generated-document tests.

/// A linear congruential generator: the same seed gives the same documents on every machine.
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    /// A number in `0..n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize % n
    }
}
