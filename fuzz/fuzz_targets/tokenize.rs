//! `lede_tokenize::tokenize`: spans inside the text on char boundaries, `&text[span] ==
//! token.text`, in order without overlap, every non-separator character covered; the parts
//! of each token inside it, in order.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    lede_fuzz::check_tokenize(&text);
});
