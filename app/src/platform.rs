//! Server-only plumbing shared by every feature: application state, database
//! connection and migrations, request context helpers, who is calling
//! (`identity`) and the demo seed.

pub mod assets;
pub mod ctx;
pub mod db;
pub mod events;
pub mod identity;
pub mod seed;
pub mod state;

pub use state::{AppState, Config, MidtransConfig};

/// Milliseconds since the Unix epoch, UTC. Every timestamp is stored this way.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// A fresh random token, hex encoded (256 bits from the OS generator).
pub fn random_token() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    to_hex(&bytes)
}

/// `len` characters from an alphabet without look-alikes (no 0/O, 1/I),
/// drawn from the OS generator: order codes, generated voucher codes.
pub fn random_code(len: usize) -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut bytes = vec![0u8; len];
    OsRng.fill_bytes(&mut bytes);
    // 256 is a multiple of the alphabet's 32 letters: every one equally likely.
    bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

/// SHA-256 of a token, hex encoded: tokens are stored only as hashes.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    to_hex(&Sha256::digest(token.as_bytes()))
}

/// Compares tokens in constant time.
pub fn same_token(expected: &str, given: &str) -> bool {
    expected.len() == given.len() && expected.bytes().zip(given.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

pub fn to_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 0xf) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_exactly() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "ab"));
    }
}
