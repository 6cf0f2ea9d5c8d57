//! Exponentiation modulo the RFC 5054 prime, shaped for what SRP spends its time on.
//!
//! `crypto-bigint`'s `pow_amm_bounded_exp` squares with its general multiplication and treats
//! the generator like any base. Here:
//!
//! - Montgomery products are computed column by column (product scanning), and a squaring
//!   computes each cross product once (about 3 500 word products against 4 600 for a
//!   multiplication); squarings are four fifths of an exponentiation's steps;
//! - powers of the fixed generator 2 use precomputed comb tables: 12 squarings and 52
//!   multiplications for a 256-bit exponent, where a window method needs 256 squarings.
//!
//! Everything is constant-time in the exponent's value (only its public bit bound drives the
//! loops), with no secret-dependent branch or table index, because every exponent SRP uses is
//! secret. Values are kept fully reduced (below N) in Montgomery form, as 64-bit words, least
//! significant first; conversions to and from `crypto-bigint` go through bytes so that the word
//! size of the platform does not matter.

use crypto_bigint::U3072;
use std::sync::OnceLock;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroizing;

use crate::group::{Element, N_HEX};

const WORDS: usize = 48;
type Words = [u64; WORDS];

/// N, least significant word first.
const N: Words = words_from_hex(N_HEX);
/// N, most significant word first (see [`montgomery`]).
const N_REVERSED: Words = reverse(&N);
/// `-N⁻¹ mod 2⁶⁴`, the Montgomery reduction's per-word factor.
const N_NEG_INV: u64 = neg_inverse(N[0]);
/// Bits of the exponent consumed per table lookup in [`pow`].
const WINDOW: u32 = 4;

const fn words_from_hex(hex: &str) -> Words {
    let digits = hex.as_bytes();
    assert!(digits.len() == WORDS * 16, "N has 768 hex digits");
    let mut words = [0u64; WORDS];
    let mut i = 0;
    while i < digits.len() {
        let digit = match digits[i] {
            b @ b'0'..=b'9' => b - b'0',
            b @ b'a'..=b'f' => b - b'a' + 10,
            b @ b'A'..=b'F' => b - b'A' + 10,
            _ => panic!("N is hex"),
        };
        let position = digits.len() - 1 - i; // nibble index from the least significant end
        words[position / 16] |= (digit as u64) << (4 * (position % 16));
        i += 1;
    }
    words
}

/// Newton's iteration for an inverse modulo 2⁶⁴: each step doubles the number of correct low
/// bits, from 1 (any odd number is its own inverse mod 2) to 64 in six steps.
const fn neg_inverse(n0: u64) -> u64 {
    assert!(n0 & 1 == 1, "a Montgomery modulus is odd");
    let mut inverse: u64 = 1;
    let mut step = 0;
    while step < 6 {
        inverse = inverse.wrapping_mul(2u64.wrapping_sub(n0.wrapping_mul(inverse)));
        step += 1;
    }
    inverse.wrapping_neg()
}

fn words_of(value: &U3072) -> Words {
    let bytes = value.to_le_bytes();
    let mut words = [0u64; WORDS];
    for (word, chunk) in words.iter_mut().zip(bytes.chunks_exact(8)) {
        *word = u64::from_le_bytes(chunk.try_into().expect("chunks of 8"));
    }
    words
}

fn value_of(words: &Words) -> U3072 {
    let mut bytes = [0u8; WORDS * 8];
    for (chunk, word) in bytes.chunks_exact_mut(8).zip(words) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    U3072::from_le_slice(&bytes)
}

/// `value - N` when `value + carry·2³⁰⁷²` is at least N, else `value`: brings anything below 2N
/// back below N.
fn subtract_n_if_needed(value: &Words, carry: u64) -> Words {
    let mut difference = [0u64; WORDS];
    let mut borrow = 0u64;
    for ((out, &v), &n) in difference.iter_mut().zip(value).zip(&N) {
        let (d, b1) = v.overflowing_sub(n);
        let (d, b2) = d.overflowing_sub(borrow);
        *out = d;
        borrow = u64::from(b1 | b2);
    }
    // value ≥ N exactly when the subtraction did not borrow, or a carry sat above the words.
    let use_difference = Choice::from((carry | (borrow ^ 1)) as u8 & 1);
    let mut out = [0u64; WORDS];
    for ((o, v), d) in out.iter_mut().zip(value).zip(&difference) {
        *o = u64::conditional_select(v, d, use_difference);
    }
    out
}

/// A sum of word products, `sum + top·2¹²⁸`: product scanning adds every product of one column of
/// the schoolbook multiplication here, an add and two adds-with-carry each (summing the products'
/// low and high words apart took one more), where row-by-row multiplication chains every word's
/// carry into the next.
#[derive(Clone, Copy, Default)]
struct Accumulator {
    sum: u128,
    top: u64,
}

impl Accumulator {
    #[inline(always)]
    fn add_product(&mut self, x: u64, y: u64) {
        self.add_wide(u128::from(x) * u128::from(y));
    }

    #[inline(always)]
    fn add_wide(&mut self, value: u128) {
        let (sum, carry) = self.sum.overflowing_add(value);
        self.sum = sum;
        self.top += u64::from(carry);
    }

    /// Adds `x[k]·y[k]` for every k: one column's worth of products, `y` taken from a reversed
    /// copy so that both run forwards. (Zipped slices let the compiler drop the bounds checks.)
    #[inline(always)]
    fn add_column(&mut self, x: &[u64], y: &[u64]) {
        for (&x, &y) in x.iter().zip(y) {
            self.add_product(x, y);
        }
    }

    #[inline(always)]
    fn add(&mut self, other: Accumulator) {
        self.add_wide(other.sum);
        self.top += other.top;
    }

    #[inline(always)]
    fn double(&mut self) {
        self.top = (self.top << 1) | (self.sum >> 127) as u64;
        self.sum <<= 1;
    }

    #[inline(always)]
    fn low_word(&self) -> u64 {
        self.sum as u64
    }

    /// The lowest word, shifting the rest down one word. (A column sums at most 2·48 products
    /// and a carry: far below 2¹⁹².)
    #[inline(always)]
    fn take_word(&mut self) -> u64 {
        let word = self.sum as u64;
        self.sum = (self.sum >> 64) | (u128::from(self.top) << 64);
        self.top = 0;
        word
    }
}

/// Montgomery multiplication by product scanning (Koç's FIPS): column by column, the products of
/// `a·b` (or, for a square, its cross products once, doubled, plus the diagonal) and of `m·N`,
/// where `m` is chosen word by word so that the low half vanishes; the high half is
/// `a·b·2⁻³⁰⁷² mod N`, below 2N, then below N after one conditional subtraction.
fn montgomery(a: &Words, b: Option<&Words>) -> Words {
    // Column `c` pairs word j of one factor with word c − j of the other: the other is read
    // from a reversed copy, where that word sits at WORDS − 1 − c + j, so both walk forwards.
    let reversed = reverse(b.unwrap_or(a));
    let last = WORDS - 1;
    let mut m = [0u64; WORDS];
    let mut out = [0u64; WORDS];
    let mut acc = Accumulator::default();
    for column in 0..2 * WORDS - 1 {
        // The word pairs (j, column − j) with both indices below WORDS.
        let first = column.saturating_sub(last);
        let from = last + first - column; // where j = first meets its partner in `reversed`
        match b {
            Some(_) => acc.add_column(&a[first..=column - first], &reversed[from..]),
            None => {
                // j < column − j: each cross product once; the diagonal j = column / 2 apart.
                let cross_end = column.div_ceil(2);
                let mut cross = Accumulator::default();
                cross.add_column(&a[first..cross_end], &reversed[from..]);
                cross.double();
                if column % 2 == 0 {
                    cross.add_product(a[column / 2], a[column / 2]);
                }
                acc.add(cross);
            }
        }
        if column < WORDS {
            acc.add_column(&m[..column], &N_REVERSED[last - column..last]);
            m[column] = acc.low_word().wrapping_mul(N_NEG_INV);
            acc.add_product(m[column], N[0]);
            let zero = acc.take_word();
            debug_assert_eq!(zero, 0, "m clears the low half word by word");
        } else {
            acc.add_column(&m[first..], &N_REVERSED[from..]);
            out[column - WORDS] = acc.take_word();
        }
    }
    out[WORDS - 1] = acc.take_word();
    subtract_n_if_needed(&out, acc.take_word())
}

/// `words` with its order reversed, most significant first.
const fn reverse(words: &Words) -> Words {
    let mut out = [0u64; WORDS];
    let mut i = 0;
    while i < WORDS {
        out[i] = words[WORDS - 1 - i];
        i += 1;
    }
    out
}

fn multiply(a: &Words, b: &Words) -> Words {
    montgomery(a, Some(b))
}

fn square(a: &Words) -> Words {
    montgomery(a, None)
}

/// `2a mod N` for `a < N`.
fn double(a: &Words) -> Words {
    let mut sum = [0u64; WORDS];
    let mut carry = 0u64;
    for (out, &word) in sum.iter_mut().zip(a) {
        *out = (word << 1) | carry;
        carry = word >> 63;
    }
    subtract_n_if_needed(&sum, carry)
}

fn select(a: &Words, b: &Words, choose_b: Choice) -> Words {
    let mut out = [0u64; WORDS];
    for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
        *o = u64::conditional_select(x, y, choose_b);
    }
    out
}

/// Bit `index` of `words` as a `Choice`, without a branch on it.
fn bit(words: &Words, index: u32) -> Choice {
    Choice::from(((words[index as usize / 64] >> (index % 64)) & 1) as u8)
}

/// A fixed-base comb for powers of g (Lim and Lee): an exponent of up to `rows · columns` bits is
/// laid out as `rows` rows of `columns` bits; each column's bits select one precomputed product of
/// powers of g, and the columns come in `blocks` blocks that share their squarings, each with its
/// own table. An exponent costs `columns / blocks − 1` squarings and `columns` multiplications.
struct Comb {
    rows: u32,
    columns: u32,
    blocks: u32,
    /// Entry `w` of table `b` is the product of `g^(2^(columns·i + b·columns/blocks))` for every
    /// bit i set in w, in Montgomery form.
    tables: Vec<Vec<Words>>,
}

impl Comb {
    fn new(rows: u32, columns: u32, blocks: u32) -> Self {
        assert!(columns.is_multiple_of(blocks), "blocks of equal width");
        let block_columns = columns / blocks;
        let one = words_of(Element::ONE.as_montgomery());
        let mut row_bases = vec![vec![one; rows as usize]; blocks as usize];
        let mut power = double(&one); // g = 2
        for row in 0..rows as usize {
            for bases in row_bases.iter_mut() {
                bases[row] = power;
                for _ in 0..block_columns {
                    power = square(&power);
                }
            }
        }
        let tables = row_bases
            .iter()
            .map(|bases| {
                let mut table = vec![one; 1 << rows];
                for w in 1..table.len() {
                    let lowest = w.trailing_zeros() as usize;
                    table[w] = multiply(&table[w & (w - 1)], &bases[lowest]);
                }
                table
            })
            .collect();
        Self {
            rows,
            columns,
            blocks,
            tables,
        }
    }

    fn bits(&self) -> u32 {
        self.rows * self.columns
    }

    /// `2^e` for an `e` below `2^bits`, `bits` at most [`Comb::bits`].
    fn pow(&self, e: &Words, bits: u32) -> Words {
        let block_columns = self.columns / self.blocks;
        // Rows past the bound hold no bit: the entries they select (index bit `row` set) are
        // never wanted, so the scan skips them.
        let entries = 1 << bits.div_ceil(self.columns);
        let mut z = words_of(Element::ONE.as_montgomery());
        for step in (0..block_columns).rev() {
            if step + 1 < block_columns {
                z = square(&z);
            }
            for (block, table) in (0..self.blocks).zip(&self.tables) {
                let column = block * block_columns + step;
                let mut index = 0u64;
                for row in 0..self.rows {
                    // Bits past the public bound are not read, as in the other paths.
                    let position = row * self.columns + column;
                    if position < bits {
                        index |= u64::from(bit(e, position).unwrap_u8()) << row;
                    }
                }
                z = multiply(&z, &lookup(&table[..entries], index));
            }
        }
        z
    }
}

/// The comb for 256-bit exponents (every `x`, and the pool's `b`): five rows of 52 bits, four
/// blocks, 48 KiB. Laid out for 256 bits rather than sharing the 320-bit comb's 64 columns, it
/// takes 64 steps instead of 79, which cut a pool sign-up's CPU by 5% (alternated runs under
/// load); six rows of 44 (96 KiB) were faster alone and no faster in the pool.
fn comb_256() -> &'static Comb {
    static COMB: OnceLock<Comb> = OnceLock::new();
    COMB.get_or_init(|| Comb::new(5, 52, 4))
}

/// The comb for up to 320 bits (the client's `a`): five rows of 64 bits, four blocks, 48 KiB.
/// Measured while the pool's 256-bit exponents still used it: four blocks instead of two cut a
/// sign-up's CPU by about 7%; six rows in three blocks (fewer multiplications, 72 KiB of tables)
/// gained in a micro-benchmark and nothing in the pool, where every table scan comes from
/// further out in cache.
fn comb_320() -> &'static Comb {
    static COMB: OnceLock<Comb> = OnceLock::new();
    COMB.get_or_init(|| Comb::new(5, 64, 4))
}

/// `2^exponent mod N`, for an exponent below `2^bits` (`bits` is public; the value is not).
///
/// Up to 320 bits, a fixed-base comb ([`Comb`]): 320 bits cost 15 squarings and 64
/// multiplications, 256 bits 12 and 52, instead of a square per bit. Longer exponents square
/// and double bit by bit (doubling is a modular addition, since g = 2).
pub fn pow_of_two(exponent: &U3072, bits: u32) -> Element {
    let bits = bits.min(U3072::BITS);
    let e = Zeroizing::new(words_of(exponent));
    let z = if bits <= comb_256().bits() {
        comb_256().pow(&e, bits)
    } else if bits <= comb_320().bits() {
        comb_320().pow(&e, bits)
    } else {
        let mut z = words_of(Element::ONE.as_montgomery());
        for index in (0..bits).rev() {
            z = square(&z);
            z = select(&z, &double(&z), bit(&e, index));
        }
        z
    };
    Element::from_montgomery(value_of(&z))
}

/// `table[index]`, reading every entry so that the index stays secret: each entry is ANDed with
/// a mask that is all ones for the wanted one only, and ORed in. (Selecting word by word into a
/// new array per entry made a pool sign-up cost about 5% more CPU: the comb scans up to 12 KiB
/// per multiplication.)
fn lookup(table: &[Words], index: u64) -> Words {
    let mut entry = [0u64; WORDS];
    for (i, candidate) in table.iter().enumerate() {
        let mask = u64::conditional_select(&0, &u64::MAX, (i as u64).ct_eq(&index));
        for (word, &value) in entry.iter_mut().zip(candidate) {
            *word |= value & mask;
        }
    }
    entry
}

/// `base^exponent mod N`, for an exponent below `2^bits` (`bits` is public; the value is not):
/// fixed windows of four bits, each table entry read by scanning the whole table.
pub fn pow(base: &Element, exponent: &U3072, bits: u32) -> Element {
    let bits = bits.min(U3072::BITS);
    let e = Zeroizing::new(words_of(exponent));
    let one = words_of(Element::ONE.as_montgomery());
    let mut table = [one; 1 << WINDOW];
    table[1] = words_of(base.as_montgomery());
    for i in 2..table.len() {
        table[i] = multiply(&table[i - 1], &table[1]);
    }

    let mut z = one;
    for window in (0..bits.div_ceil(WINDOW)).rev() {
        if window + 1 < bits.div_ceil(WINDOW) {
            for _ in 0..WINDOW {
                z = square(&z);
            }
        }
        let mut index = 0u64;
        for offset in 0..WINDOW {
            let position = window * WINDOW + offset;
            if position < U3072::BITS {
                index |= u64::from(bit(&e, position).unwrap_u8()) << offset;
            }
        }
        z = multiply(&z, &lookup(&table, index));
    }
    Element::from_montgomery(value_of(&z))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group;

    /// A deterministic stream of test numbers (SplitMix64), so failures reproduce.
    struct Numbers(u64);

    impl Numbers {
        fn next_word(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below_bits(&mut self, bits: u32) -> U3072 {
            let mut words = [0u64; WORDS];
            for word in words.iter_mut() {
                *word = self.next_word();
            }
            value_of(&words).shr(U3072::BITS - bits.max(1))
        }
    }

    #[test]
    fn the_constants_are_those_of_the_rfc_5054_prime() {
        assert_eq!(group::to_array(&value_of(&N)), group::modulus_be());
        assert_eq!(N[0].wrapping_mul(N_NEG_INV), u64::MAX, "N·(−N⁻¹) ≡ −1");
    }

    #[test]
    fn powers_match_crypto_bigints_for_random_and_edge_values() {
        let mut numbers = Numbers(5054);
        let n_minus_one = Element::ZERO - Element::ONE;
        let mut bases = vec![Element::ZERO, Element::ONE, n_minus_one, group::generator()];
        for _ in 0..6 {
            bases.push(Element::new(&numbers.below_bits(3072)));
        }
        for bits in [
            0, 1, 2, 5, 63, 64, 65, 256, 260, 261, 320, 321, 513, 3071, 3072,
        ] {
            let mut exponents = vec![U3072::ZERO, numbers.below_bits(bits)];
            if bits > 0 {
                exponents.push(U3072::MAX.shr(U3072::BITS - bits)); // every bit set
            }
            for exponent in &exponents {
                for base in &bases {
                    assert_eq!(
                        pow(base, exponent, bits),
                        base.pow_amm_bounded_exp(exponent, bits),
                        "base^e with a {bits}-bit bound"
                    );
                }
                assert_eq!(
                    pow_of_two(exponent, bits),
                    group::generator().pow_amm_bounded_exp(exponent, bits),
                    "2^e with a {bits}-bit bound"
                );
            }
        }
    }

    #[test]
    fn squares_and_doubles_stay_below_n() {
        // N − 1 is the largest value; its square is 1 and its double is N − 2.
        let n_minus_one = Element::ZERO - Element::ONE;
        let words = words_of(n_minus_one.as_montgomery());
        assert_eq!(
            Element::from_montgomery(value_of(&square(&words))),
            Element::ONE
        );
        assert_eq!(
            Element::from_montgomery(value_of(&double(&words))),
            n_minus_one + n_minus_one
        );
    }
}
