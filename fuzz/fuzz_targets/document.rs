#![no_main]

use libfuzzer_sys::fuzz_target;

// Loading the embedded gazetteers takes seconds under the sanitizer: do it
// once before the first input, so that it never counts as a timeout.
fuzz_target!(
    init: {
        dyad_fuzz::default_gazetteer();
    },
    |data: &[u8]| dyad_fuzz::fuzz_document(data)
);
