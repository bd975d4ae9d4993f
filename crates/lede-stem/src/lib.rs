//! Snowball stemming and stop words. (placeholder, being replaced)
