//! How a shopper is reached: an email address and an Indonesian mobile
//! number, each parsed once at the edge into a type that can only hold a
//! plausible value.

use std::fmt;

/// A plausible email address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Option<Email> {
        let email = raw.trim().to_lowercase();
        let (local, domain) = email.split_once('@')?;
        let plausible = email.len() <= 254
            && !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email.chars().any(|c| c.is_whitespace() || c == '<' || c == '>');
        plausible.then_some(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An Indonesian mobile number in `+62…` form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Accepts `08…`, `628…` or `+628…` with spaces, dashes or brackets.
    pub fn parse(raw: &str) -> Option<Phone> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
        let rest =
            digits.strip_prefix("+62").or_else(|| digits.strip_prefix("62")).or_else(|| digits.strip_prefix('0'))?;
        (rest.starts_with('8') && (8..=13).contains(&rest.len()) && rest.chars().all(|c| c.is_ascii_digit()))
            .then(|| Phone(format!("+62{rest}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implausible_emails_are_refused() {
        assert_eq!(Email::parse("  Sari@Example.ID ").map(Email::into_string).as_deref(), Some("sari@example.id"));
        assert_eq!(Email::parse("sari"), None);
        assert_eq!(Email::parse("sari@localhost"), None);
        assert_eq!(Email::parse("<b>@x.id"), None);
        assert_eq!(Email::parse("sari@.example"), None);
    }

    #[test]
    fn indonesian_mobile_numbers_are_stored_as_plus_62() {
        let parse = |raw| Phone::parse(raw).map(Phone::into_string);
        assert_eq!(parse("0812-3456-7890").as_deref(), Some("+6281234567890"));
        assert_eq!(parse("+62 812 3456 789").as_deref(), Some("+628123456789"));
        assert_eq!(parse("12345"), None);
        assert_eq!(parse("+1 202 555 0100"), None);
        assert_eq!(parse("0212345678"), None);
    }
}
