//! Compiles `proto/lede/v1/*.proto` (in this crate) with protox (pure Rust: no `protoc` binary needed),
//! writes the encoded `FileDescriptorSet` (with imports and source info, so that server
//! reflection can serve `google/protobuf/timestamp.proto` and `grpcurl describe` shows the
//! comments) to `OUT_DIR/lede_descriptor.bin`, and generates prost messages and tonic
//! clients/servers from the same descriptors.

use std::{env, error::Error, fs, path::PathBuf};

/// The API's files, relative to the include root `proto/`.
const PROTOS: &[&str] = &[
    "lede/v1/common.proto",
    "lede/v1/document.proto",
    "lede/v1/text_analysis_service.proto",
    "lede/v1/corpus_service.proto",
];

fn main() -> Result<(), Box<dyn Error>> {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    // Inside the crate, so that `cargo package` ships them and a build from crates.io works.
    let proto_root = manifest_dir.join("proto");
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);

    println!(
        "cargo:rerun-if-changed={}",
        proto_root.join("lede").display()
    );
    for proto in PROTOS {
        println!(
            "cargo:rerun-if-changed={}",
            proto_root.join(proto).display()
        );
    }

    let mut compiler = protox::Compiler::new([&proto_root])?;
    compiler.include_imports(true).include_source_info(true);
    compiler.open_files(PROTOS)?;

    // For reflection: every file, imports (the bundled well-known types) included.
    fs::write(
        out_dir.join("lede_descriptor.bin"),
        compiler.encode_file_descriptor_set(),
    )?;

    // For code generation: the same set. prost-build needs the imported files to analyse the
    // types we use (`Timestamp`), and maps the well-known types to `prost_types` (its default
    // extern path) instead of generating them.
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .emit_rerun_if_changed(false)
        .compile_fds(compiler.file_descriptor_set())?;
    Ok(())
}
