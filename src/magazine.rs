//! The global allocator: mimalloc, with a small last-in-first-out cache of
//! freed small blocks in front of it on each thread.
//!
//! A document's analysis allocates and frees a few hundred small strings and
//! vectors. mimalloc hands out a page's free blocks in turn before it takes
//! back the ones freed since, so a new block is most often one last touched
//! many allocations ago, no longer in the core's cache: the first write to
//! it waits for memory. The cache here gives back the block freed last,
//! still in cache, the way a stack would.
//!
//! Blocks of up to [`SMALL`] bytes (alignment at most 16) are taken from
//! mimalloc rounded up to a multiple of 16 bytes and aligned to 16, so that
//! any block of a size class can serve any request of that class; each
//! class keeps at most [`DEPTH`] blocks per thread. Blocks up to [`MAX`]
//! (a document's per-token tables, which would otherwise come from a page
//! mimalloc last used for another document) are rounded up to a power of
//! two, [`LARGE_DEPTH`] kept per class. Larger or more aligned blocks go
//! straight to mimalloc.
//!
//! Blocks are asked of mimalloc's plain `mi_malloc` when that aligns them
//! enough (see [`plain`]): the aligned entry point the `mimalloc` crate
//! always calls takes some 90 instructions a block, three times as many.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::ffi::c_void;

use mimalloc::MiMalloc;

/// The largest block of the 16-byte size classes.
const SMALL: usize = 256;
/// The largest block the cache keeps: blocks past [`SMALL`] are classed by
/// powers of two (512 bytes, 1 KiB, ..., 64 KiB), where a document's
/// per-token tables fall.
const MAX: usize = 64 * 1024;
/// Size classes: 16, 32, ..., [`SMALL`] bytes, then the powers of two.
const CLASSES: usize = SMALL / 16 + (MAX.trailing_zeros() - SMALL.trailing_zeros()) as usize;
/// Blocks kept per size class and thread.
const DEPTH: usize = 16;
/// Blocks kept per power-of-two class and thread.
const LARGE_DEPTH: usize = 4;

pub struct Magazine;

struct Cache {
    len: [usize; CLASSES],
    blocks: [[*mut u8; DEPTH]; CLASSES],
}

thread_local! {
    // A constant initialiser and no destructor: no allocation, no lazy
    // registration, so the allocator may use it at any time. Blocks left
    // here when a thread ends stay allocated (at most 4 KiB per small
    // class, 256 KiB in the largest).
    static CACHE: UnsafeCell<Cache> = const {
        UnsafeCell::new(Cache {
            len: [0; CLASSES],
            blocks: [[std::ptr::null_mut(); DEPTH]; CLASSES],
        })
    };
}

extern "C" {
    // mimalloc's C API, linked in with the `mimalloc` crate.
    fn mi_malloc(size: usize) -> *mut c_void;
    fn mi_realloc(ptr: *mut c_void, size: usize) -> *mut c_void;
}

/// Whether `mi_malloc` aligns a block of this layout enough: its blocks
/// are whole words (8 bytes, so aligned to 8), and a block of 16 bytes or
/// more is aligned to 16 (mimalloc's `MI_MAX_ALIGN_SIZE`, asserted in its
/// alloc.c). The rule the standard library's `System` applies to `malloc`.
#[inline]
fn plain(layout: Layout) -> bool {
    layout.align() <= 16 && layout.align() <= layout.size()
}

/// A block of `layout` from mimalloc, by the cheaper entry point when it
/// serves.
///
/// # Safety
/// As [`GlobalAlloc::alloc`]: `layout` has a non-zero size.
#[inline]
unsafe fn upstream_alloc(layout: Layout) -> *mut u8 {
    if plain(layout) {
        mi_malloc(layout.size()).cast()
    } else {
        MiMalloc.alloc(layout)
    }
}

/// The size class of a layout the cache serves, or `None`.
#[inline]
fn class(layout: Layout) -> Option<usize> {
    let size = layout.size();
    if size == 0 || size > MAX || layout.align() > 16 {
        return None;
    }
    if size <= SMALL {
        return Some((size - 1) / 16);
    }
    // 257..=512 is the first power-of-two class.
    let log = usize::BITS - (size - 1).leading_zeros();
    Some(SMALL / 16 + (log - SMALL.trailing_zeros() - 1) as usize)
}

/// The layout mimalloc is asked for by a class: its full size, aligned to
/// 16 bytes.
#[inline]
fn rounded(class: usize) -> Layout {
    let size = if class < SMALL / 16 {
        (class + 1) * 16
    } else {
        SMALL << (class + 1 - SMALL / 16)
    };
    // SAFETY: the size is at most MAX, and 16 is a power of two.
    unsafe { Layout::from_size_align_unchecked(size, 16) }
}

/// How many blocks a class keeps.
#[inline]
fn depth(class: usize) -> usize {
    if class < SMALL / 16 {
        DEPTH
    } else {
        LARGE_DEPTH
    }
}

// SAFETY: every block handed out comes from mimalloc with at least the
// requested size and alignment (by `mi_malloc` and `mi_realloc` only for
// layouts [`plain`] says they align, else by MiMalloc's aligned calls; all
// are freed by `mi_free`, which takes any of them). A block of class `c` is
// allocated as `rounded(c)`: the class's largest size, aligned to 16, which
// covers any request of class `c` (at most that size, alignment at most
// 16), so a cached one serves any of them. A block is in a cache or handed
// out, never both, and a cache is touched by its own thread only
// (thread_local, no reentrancy: nothing in these functions allocates).
unsafe impl GlobalAlloc for Magazine {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(c) = class(layout) else {
            return upstream_alloc(layout);
        };
        let cached = CACHE.with(|cache| {
            let cache = &mut *cache.get();
            let n = cache.len[c];
            if n == 0 {
                return std::ptr::null_mut();
            }
            cache.len[c] = n - 1;
            cache.blocks[c][n - 1]
        });
        if cached.is_null() {
            upstream_alloc(rounded(c))
        } else {
            cached
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(c) = class(layout) else {
            return MiMalloc.dealloc(ptr, layout);
        };
        let kept = CACHE.with(|cache| {
            let cache = &mut *cache.get();
            let n = cache.len[c];
            if n == depth(c) {
                return false;
            }
            cache.blocks[c][n] = ptr;
            cache.len[c] = n + 1;
            true
        });
        if !kept {
            MiMalloc.dealloc(ptr, rounded(c));
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if class(layout).is_none() {
            return MiMalloc.alloc_zeroed(layout);
        }
        let ptr = self.alloc(layout);
        if !ptr.is_null() {
            std::ptr::write_bytes(ptr, 0, layout.size());
        }
        ptr
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        match (class(layout), class(new_layout)) {
            // Within one class the block is large enough already.
            (Some(a), Some(b)) if a == b => ptr,
            (None, None) if plain(new_layout) => mi_realloc(ptr.cast(), new_size).cast(),
            (None, None) => MiMalloc.realloc(ptr, layout, new_size),
            _ => {
                let new = self.alloc(new_layout);
                if !new.is_null() {
                    let n = layout.size().min(new_size);
                    std::ptr::copy_nonoverlapping(ptr, new, n);
                    self.dealloc(ptr, layout);
                }
                new
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A block from the allocator under test, filled with a pattern.
    struct Block {
        ptr: *mut u8,
        layout: Layout,
        fill: u8,
    }

    impl Block {
        fn new(size: usize, align: usize, fill: u8, zeroed: bool) -> Block {
            let layout = Layout::from_size_align(size, align).unwrap();
            // SAFETY: the layout has a non-zero size.
            let ptr = unsafe {
                match zeroed {
                    true => Magazine.alloc_zeroed(layout),
                    false => Magazine.alloc(layout),
                }
            };
            assert!(!ptr.is_null());
            assert_eq!(ptr as usize % align, 0, "{size} bytes aligned to {align}");
            if zeroed {
                // SAFETY: `size` bytes from `ptr` are this block's.
                let bytes = unsafe { std::slice::from_raw_parts(ptr, size) };
                assert!(bytes.iter().all(|&b| b == 0), "{size} bytes zeroed");
            }
            // SAFETY: as above.
            unsafe { std::ptr::write_bytes(ptr, fill, size) };
            Block { ptr, layout, fill }
        }

        fn check(&self) {
            // SAFETY: the block is still allocated, `layout.size()` long.
            let bytes = unsafe { std::slice::from_raw_parts(self.ptr, self.layout.size()) };
            assert!(bytes.iter().all(|&b| b == self.fill), "{:?}", self.layout);
        }

        fn resize(&mut self, size: usize) {
            let kept = self.layout.size().min(size);
            // SAFETY: the block was allocated with `self.layout`; `size` > 0.
            let ptr = unsafe { Magazine.realloc(self.ptr, self.layout, size) };
            assert!(!ptr.is_null());
            assert_eq!(ptr as usize % self.layout.align(), 0);
            // SAFETY: `kept` bytes were copied over; `size` bytes are ours.
            let bytes = unsafe { std::slice::from_raw_parts(ptr, kept) };
            assert!(bytes.iter().all(|&b| b == self.fill), "{kept} bytes kept");
            unsafe { std::ptr::write_bytes(ptr, self.fill, size) };
            self.ptr = ptr;
            self.layout = Layout::from_size_align(size, self.layout.align()).unwrap();
        }

        fn free(self) {
            self.check();
            // SAFETY: allocated with this layout, freed once.
            unsafe { Magazine.dealloc(self.ptr, self.layout) };
        }
    }

    #[test]
    fn blocks_keep_their_bytes_through_reuse_and_resizing() {
        // splitmix64: numbers below `n`, the same on every run.
        let mut state = 0u64;
        let mut below = |n: usize| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) % n as u64) as usize
        };
        let mut live: Vec<Block> = Vec::new();
        for round in 0..20_000u32 {
            match below(4) {
                // Sizes around and past the cached classes, alignments up
                // to past what the cache serves.
                0 | 1 => {
                    let size = 1 + match below(16) {
                        0 => below(80 * 1024),
                        1 | 2 => below(4096),
                        _ => below(300),
                    };
                    let align = 1 << below(6);
                    let zeroed = below(3) == 0;
                    live.push(Block::new(size, align, round as u8 | 1, zeroed));
                }
                2 if !live.is_empty() => {
                    let k = below(live.len());
                    live.swap_remove(k).free();
                }
                3 if !live.is_empty() => {
                    let k = below(live.len());
                    let size = 1 + match below(8) {
                        0 => below(80 * 1024),
                        _ => below(600),
                    };
                    live[k].resize(size);
                }
                _ => {}
            }
        }
        for block in live {
            block.free();
        }
    }
}
