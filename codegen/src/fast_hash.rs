//! Hash maps and sets keyed by names from the spec, hashed with foldhash instead of the standard
//! SipHash: the checker and the emitters hash every type, field and method name of an API several
//! times, and SipHash was a tenth of their work on large ones. Each process still seeds the
//! hasher at random, so a document cannot be written to make the tables collide.

/// A hash map with the fast hasher; make one with `Map::default()`.
pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A hash set with the fast hasher; make one with `Set::default()`.
pub type Set<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

/// An empty map with room for `capacity` entries.
pub fn map_with_capacity<K, V>(capacity: usize) -> Map<K, V> {
    Map::with_capacity_and_hasher(capacity, Default::default())
}

/// An empty set with room for `capacity` entries.
pub fn set_with_capacity<T>(capacity: usize) -> Set<T> {
    Set::with_capacity_and_hasher(capacity, Default::default())
}
