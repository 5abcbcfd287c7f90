//! Helpers for unit tests: pseudo-random strings made of given pieces, the
//! same on every run, for comparing a fast path with its reference; the
//! default gazetteer, loaded once for all tests.

use std::sync::OnceLock;

use crate::gazetteer::Gazetteer;

/// The embedded default gazetteer, loaded once and shared by the tests.
pub fn default_gazetteer() -> &'static Gazetteer {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    GAZ.get_or_init(|| crate::gazetteer::load(&[], false).expect("the default gazetteer loads"))
}

/// A xorshift generator.
pub struct Rng(u64);

impl Rng {
    pub fn new() -> Rng {
        Rng(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    /// Fewer than `max_pieces` of `pieces`, each picked at random.
    pub fn string(&mut self, max_pieces: u64, pieces: &[impl AsRef<str>]) -> String {
        let n = self.below(max_pieces);
        (0..n)
            .map(|_| pieces[self.below(pieces.len() as u64) as usize].as_ref())
            .collect()
    }
}
