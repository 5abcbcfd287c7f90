//! Byte tests on eight bytes at once (SWAR, the bit tricks of Bit Twiddling
//! Hacks): bytes go in as `u64` words read from slices, answers come out
//! as booleans, or as masks with the high bit of each matching byte set.
//! The tokenizer uses them for runs of letters and digits, the writer and
//! the date search where they scan whole sentences.

/// 0x01 in every byte.
const ONES: u64 = u64::from_le_bytes([0x01; 8]);
/// The high bit of every byte: set in a word with a non-ASCII byte.
pub const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
/// The low seven bits of every byte.
const LOWS: u64 = u64::from_le_bytes([0x7f; 8]);

/// Eight bytes as a word, the first in the low byte.
#[inline]
pub fn word(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(chunk.try_into().expect("eight bytes"))
}

/// Whether some byte of `x` is zero.
#[inline]
fn has_zero(x: u64) -> bool {
    x.wrapping_sub(ONES) & !x & HIGHS != 0
}

/// Whether some byte of `x` is `byte`.
#[inline]
pub fn has(x: u64, byte: u8) -> bool {
    has_zero(x ^ (ONES * u64::from(byte)))
}

/// Whether some byte of `x`, all ASCII, is below `n` (at most 0x80).
#[inline]
pub fn has_less(x: u64, n: u8) -> bool {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS != 0
}

/// Whether some byte of `x`, all ASCII, lies in `lo..=hi` (`hi` below
/// 0x7f): adding `0x7f - hi` carries into a byte's high bit past `hi`,
/// adding `0x80 - lo` from `lo` on, and no byte carries into the next.
#[inline]
pub fn has_between(x: u64, lo: u8, hi: u8) -> bool {
    between_mask(x, lo, hi) != 0
}

/// The high bit of each byte of `x`, all ASCII, that is `byte`, and of no
/// other: exact, so that neighbouring bytes can be compared by shifting.
#[inline]
pub fn eq_mask(x: u64, byte: u8) -> u64 {
    let t = x ^ (ONES * u64::from(byte));
    // A byte's high bit is set after the addition unless its low seven
    // bits are all zero; no byte carries into the next.
    !(((t & LOWS) + LOWS) | t) & HIGHS
}

/// The high bit of each byte of `x` that is an ASCII letter or digit, and
/// of no other byte (any byte value, non-ASCII ones included).
#[inline]
pub fn alphanumeric_mask(x: u64) -> u64 {
    // Seven bits per byte: no sum below carries into the next byte.
    let low = x & LOWS;
    let digits = between_mask(low, b'0', b'9');
    let letters = between_mask(low | (ONES * 0x20), b'a', b'z');
    (digits | letters) & !x & HIGHS
}

/// The high bit of each byte of `x`, all ASCII, that lies in `lo..=hi`
/// (`hi` below 0x7f), and of no other: exact, as no byte carries into the
/// next (see [`has_between`]).
#[inline]
fn between_mask(x: u64, lo: u8, hi: u8) -> u64 {
    let past_hi = x.wrapping_add(ONES * u64::from(0x7f - hi));
    let from_lo = x.wrapping_add(ONES * u64::from(0x80 - lo));
    !past_hi & from_lo & HIGHS
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value at every place of a word of `filler` bytes.
    fn words(filler: u8, values: std::ops::Range<u16>) -> impl Iterator<Item = (u8, u64)> {
        values.flat_map(move |v| {
            (0..8).map(move |at| {
                let mut bytes = [filler; 8];
                bytes[at] = v as u8;
                (v as u8, word(&bytes))
            })
        })
    }

    #[test]
    fn tests_agree_with_one_byte_at_a_time() {
        for filler in [b'a', b' ', b'5', 0x7e] {
            for (v, x) in words(filler, 0..128) {
                let all = [v, filler];
                assert_eq!(has_less(x, 0x20), all.iter().any(|&b| b < 0x20), "{v}");
                assert_eq!(
                    has_between(x, b'0', b'9'),
                    all.iter().any(u8::is_ascii_digit),
                    "{v} in {filler}"
                );
                let spaces = (0..8).filter(|&k| eq_mask(x, b' ') >> (8 * k + 7) & 1 == 1);
                let expected = x.to_le_bytes().iter().filter(|&&b| b == b' ').count();
                assert_eq!(spaces.count(), expected, "{v} in {filler}");
            }
            for (v, x) in words(filler, 0..256) {
                assert_eq!(has(x, b'"'), v == b'"' || filler == b'"');
                assert_eq!(has(x, 0x7f), v == 0x7f || filler == 0x7f);
            }
        }
        // Any bytes at all, non-ASCII ones next to the byte tested too.
        for filler in [
            b'a', b'Z', b'0', b' ', b'@', b'[', b'`', b'{', 0x80, 0xc3, 0xff,
        ] {
            for (v, x) in words(filler, 0..256) {
                let expected = x.to_le_bytes().map(|b| b.is_ascii_alphanumeric());
                let found = (0..8).map(|k| alphanumeric_mask(x) >> (8 * k + 7) & 1 == 1);
                assert!(found.eq(expected), "{v} in {filler}");
            }
        }
    }
}
