//! Typo-tolerant matching of a search query against product text.
//!
//! The catalog of a brand store is small (hundreds of products), so the server
//! scores every product in memory; no search engine is needed.

/// Lower-cases and strips everything but letters and digits, splitting into words.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect()
}

/// How many typos a query word of this length may contain.
fn allowed_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Score of one query word against one text word: 3 exact, 2 prefix, 1 typo, 0 none.
fn word_score(query: &str, word: &str) -> u32 {
    if query == word {
        3
    } else if query.chars().count() >= 2 && word.starts_with(query) {
        2
    } else if strsim::damerau_levenshtein(query, word) <= allowed_edits(query.chars().count()) {
        1
    } else {
        0
    }
}

/// Scores a product's words against the query. Every query word must match
/// some product word (AND semantics); `None` means no match.
pub fn score(query_words: &[String], text_words: &[String]) -> Option<u32> {
    if query_words.is_empty() {
        return None;
    }
    let mut total = 0;
    for q in query_words {
        let best = text_words.iter().map(|w| word_score(q, w)).max().unwrap_or(0);
        if best == 0 {
            return None;
        }
        total += best;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(query: &str, text: &str) -> bool {
        score(&words(query), &words(text)).is_some()
    }

    #[test]
    fn a_missing_letter_still_finds_the_product() {
        assert!(matches("kemja", "Kemeja Linen Lengan Panjang"));
        assert!(matches("celna jeans", "Celana Jeans Slim"));
    }

    #[test]
    fn unrelated_words_do_not_match() {
        assert!(!matches("sepatu", "Kemeja Linen Lengan Panjang"));
        assert!(!matches("kemeja sepatu", "Kemeja Linen"));
    }

    #[test]
    fn exact_words_score_above_typos() {
        let exact = score(&words("kemeja"), &words("kemeja linen")).unwrap();
        let typo = score(&words("kemeja"), &words("kemaja linen")).unwrap();
        assert!(exact > typo);
    }

    #[test]
    fn prefixes_match_while_typing() {
        assert!(matches("kem", "Kemeja"));
    }
}
