//! "Did you mean …?" suggestions.

/// The candidate closest to `wrong`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    let candidates: Vec<&'a str> = candidates.into_iter().filter(|c| *c != wrong).collect();
    // A word cut short (`newest` for `newest_first`) is a likely slip too.
    if wrong.chars().count() >= 3 {
        let mut extended = candidates
            .iter()
            .filter(|c| c.to_lowercase().starts_with(&wrong_lower));
        if let (Some(only), None) = (extended.next(), extended.next()) {
            return Some(only);
        }
    }
    candidates
        .into_iter()
        .filter(|c| !c.is_empty())
        .map(|c| {
            let distance = strsim::damerau_levenshtein(&wrong_lower, &c.to_lowercase());
            (distance, c)
        })
        .filter(|(distance, c)| {
            let longest = wrong.chars().count().max(c.chars().count());
            *distance <= (longest / 3).max(1)
        })
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("Webnar", ["Webinar", "Registrant"]),
            Some("Webinar")
        );
        assert_eq!(did_you_mean("webinar", ["Webinar"]), Some("Webinar"));
        assert_eq!(did_you_mean("Zebra", ["Webinar", "Registrant"]), None);
        assert_eq!(did_you_mean("x", Vec::<&str>::new()), None);
        assert_eq!(
            did_you_mean("newest", ["newest_first", "oldest_first"]),
            Some("newest_first")
        );
        assert_eq!(did_you_mean("cursor", ["cursor", "offset"]), None);
    }
}
