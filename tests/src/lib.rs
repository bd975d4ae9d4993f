//! End-to-end tests of the lede workspace; the tests live in `tests/tests/`.
