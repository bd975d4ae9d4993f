//! Compiles `proto/lede/v1/*.proto` (in this crate) with protox (pure Rust: no `protoc`
//! binary needed),
//! writes the encoded `FileDescriptorSet` (with imports and source info, so that server
//! reflection can serve `google/protobuf/timestamp.proto` and `grpcurl describe` shows the
//! comments) to `OUT_DIR/lede_descriptor.bin`, and generates prost messages and tonic
//! clients/servers from the same descriptors, all using our codec (`src/codec.rs`), plus
//! `OUT_DIR/lede_sides.rs`: which messages are requests and which responses, so that the
//! codec knows what a message that cannot be decoded means.

use std::collections::BTreeMap;
use std::fmt::Write as _;
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
    let descriptors = compiler.file_descriptor_set();
    fs::write(out_dir.join("lede_sides.rs"), sides(&descriptors)?)?;
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .emit_rerun_if_changed(false)
        .codec_path("crate::codec::Codec")
        .compile_fds(descriptors)?;
    Ok(())
}

/// `impl Side for …` for the input and the output of every method of package `lede.v1`, from
/// the descriptors, so that no message is forgotten when a method is added (the generated
/// code would not compile). A message both sent and received by one end would have no one
/// meaning for a decoding failure: the build refuses it.
fn sides(descriptors: &prost_types::FileDescriptorSet) -> Result<String, Box<dyn Error>> {
    let mut sides = BTreeMap::new();
    for file in descriptors.file.iter().filter(|f| f.package() == "lede.v1") {
        for method in file.service.iter().flat_map(|service| &service.method) {
            for (type_name, side) in [
                (method.input_type(), "Request"),
                (method.output_type(), "Response"),
            ] {
                let name = type_name
                    .strip_prefix(".lede.v1.")
                    .filter(|name| name.chars().all(|c| c.is_ascii_alphanumeric()))
                    .ok_or_else(|| format!("{type_name}: not a top-level lede.v1 message"))?;
                if let Some(other) = sides.insert(name.to_owned(), side)
                    && other != side
                {
                    return Err(format!("{name} is both a request and a response").into());
                }
            }
        }
    }
    let mut code = String::new();
    for (name, side) in sides {
        writeln!(
            code,
            "impl crate::codec::Side for crate::v1::{name} {{\n    \
             const SIDE: crate::codec::Direction = crate::codec::Direction::{side};\n    \
             const NAME: &'static str = \"lede.v1.{name}\";\n}}"
        )?;
    }
    Ok(code)
}
