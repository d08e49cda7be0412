//! Names made unique with a number: `base`, else `base2`, `base3`, … The number to try next is
//! remembered per base, so that n claims of one base (thousands of operations with the same
//! id, of inline objects under the same property name) cost n lookups, not n²/2.

use codegen::fast_hash::{Map, Set};

/// The number each base name's next search starts from.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    next: Map<String, usize>,
}

impl Numbering {
    /// `base` when `taken` says it is free, else the first free `base{n}` counting from 2. A
    /// search starts where the last one for `base` stopped, which gives the same name as
    /// counting from 2 as long as a name `taken` once called taken stays taken.
    pub(crate) fn first_free(&mut self, base: &str, taken: impl Fn(&str) -> bool) -> String {
        if !taken(base) {
            return base.to_owned();
        }
        let next = self.next.entry(base.to_owned()).or_insert(2);
        loop {
            let candidate = format!("{base}{next}");
            *next += 1;
            if !taken(&candidate) {
                return candidate;
            }
        }
    }
}

/// A set of taken names that hands out free ones.
#[derive(Debug, Default)]
pub(crate) struct UniqueNames {
    taken: Set<String>,
    numbering: Numbering,
}

impl UniqueNames {
    /// The names in `taken` are not handed out.
    pub(crate) fn new(taken: impl IntoIterator<Item = String>) -> Self {
        UniqueNames {
            taken: taken.into_iter().collect(),
            numbering: Numbering::default(),
        }
    }

    /// `base`, or the first free `base2`, `base3`, …; the name returned is taken from now on.
    pub(crate) fn claim(&mut self, base: &str) -> String {
        let taken = &self.taken;
        let name = self.numbering.first_free(base, |name| taken.contains(name));
        self.taken.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain search the numbering must agree with: count from 2 every time.
    fn counted_from_two(base: &str, taken: &Set<String>) -> String {
        let mut name = base.to_owned();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }

    #[test]
    fn claims_agree_with_counting_from_two_every_time() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut random = |below: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % below
        };
        for _ in 0..200 {
            let bases = ["a", "a2", "b", "item", "item1"];
            // Some numbered names are taken before any claim, as a document's own names are.
            let first: Vec<String> = (0..random(8))
                .map(|_| format!("{}{}", bases[random(5) as usize], random(6)))
                .collect();
            let mut plain: Set<String> = first.iter().cloned().collect();
            let mut names = UniqueNames::new(first);
            for _ in 0..40 {
                let base = bases[random(5) as usize];
                // A name taken between claims, outside the numbering.
                if random(4) == 0 {
                    let other = format!("{base}{}", random(12));
                    plain.insert(other.clone());
                    names.taken.insert(other);
                }
                let expected = counted_from_two(base, &plain);
                plain.insert(expected.clone());
                assert_eq!(names.claim(base), expected);
            }
        }
    }
}
