//! Checks the encoded file descriptor set that reflection serves: both services with every
//! method, the imports reflection needs, and a leading comment on every element (so that
//! `grpcurl describe` documents the whole API).

use prost::Message;
use prost_types::{DescriptorProto, FileDescriptorProto, FileDescriptorSet};

fn descriptor_set() -> FileDescriptorSet {
    FileDescriptorSet::decode(lede_proto::FILE_DESCRIPTOR_SET).expect("a valid FileDescriptorSet")
}

fn lede_files(set: &FileDescriptorSet) -> Vec<&FileDescriptorProto> {
    set.file
        .iter()
        .filter(|file| file.package() == "lede.v1")
        .collect()
}

#[test]
fn both_services_and_all_their_methods_exist() {
    let set = descriptor_set();
    let services: Vec<_> = lede_files(&set)
        .into_iter()
        .flat_map(|file| &file.service)
        .collect();
    let methods = |name: &str| -> Vec<&str> {
        services
            .iter()
            .find(|service| service.name() == name)
            .unwrap_or_else(|| panic!("service {name} is missing"))
            .method
            .iter()
            .map(|method| method.name())
            .collect()
    };
    assert_eq!(
        methods("TextAnalysisService"),
        [
            "Tokenize",
            "SplitSentences",
            "Stem",
            "ExtractKeywords",
            "Summarize"
        ]
    );
    assert_eq!(
        methods("CorpusService"),
        [
            "ListDocuments",
            "GetDocument",
            "SearchDocuments",
            "FindSimilarDocuments",
            "SummarizeDocuments",
            "GetCorpusStats",
            "CreateDocument",
            "BatchCreateDocuments",
            "UpdateDocument",
            "DeleteDocument",
            "ImportDocuments",
            "ListStories",
            "GetStory",
            "GetTrends"
        ]
    );
    assert_eq!(services.len(), 2);
    assert_eq!(
        lede_proto::service_names::TEXT_ANALYSIS,
        "lede.v1.TextAnalysisService"
    );
    assert_eq!(lede_proto::service_names::CORPUS, "lede.v1.CorpusService");
}

#[test]
fn methods_follow_the_request_response_naming_and_only_import_streams() {
    let set = descriptor_set();
    for file in lede_files(&set) {
        for service in &file.service {
            for method in &service.method {
                let name = method.name();
                assert_eq!(method.input_type(), format!(".lede.v1.{name}Request"));
                assert_eq!(method.output_type(), format!(".lede.v1.{name}Response"));
                // Only the import streams, and only from the client: a stream of chunks in,
                // one acknowledgement out.
                assert_eq!(
                    method.client_streaming(),
                    name == "ImportDocuments",
                    "{name}"
                );
                assert!(!method.server_streaming(), "{name}");
            }
        }
    }
}

#[test]
fn imports_are_included_for_reflection() {
    let set = descriptor_set();
    let names: Vec<&str> = set.file.iter().map(|file| file.name()).collect();
    for file in &set.file {
        for dependency in &file.dependency {
            assert!(
                names.contains(&dependency.as_str()),
                "{} imports {dependency}, which the set lacks",
                file.name()
            );
        }
    }
    assert!(names.contains(&"google/protobuf/timestamp.proto"));
}

/// Go and Java code generated from the protos lands in one package per language, whatever tool
/// generates it (`buf generate`, `protoc`): without these options Go's generator refuses the
/// files and Java's puts every message in one outer class named after each file.
#[test]
fn every_file_names_its_go_and_java_packages() {
    let set = descriptor_set();
    let files = lede_files(&set);
    assert_eq!(files.len(), 4);
    for file in files {
        let options = file
            .options
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no options", file.name()));
        assert_eq!(
            options.go_package(),
            "github.com/lede-nlp/lede/gen/go/lede/v1;ledev1",
            "{}",
            file.name()
        );
        assert_eq!(
            options.java_package(),
            "io.github.lede_nlp.lede.v1",
            "{}",
            file.name()
        );
        assert!(options.java_multiple_files(), "{}", file.name());
        // buf's convention: the file name in PascalCase plus `Proto`, e.g. `CommonProto`.
        let stem = file
            .name()
            .trim_start_matches("lede/v1/")
            .trim_end_matches(".proto");
        let outer: String = stem
            .split('_')
            .map(|word| {
                let mut chars = word.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_uppercase().to_string() + chars.as_str()
                })
            })
            .collect::<String>()
            + "Proto";
        assert_eq!(options.java_outer_classname(), outer, "{}", file.name());
    }
}

/// Collects the paths (as `FileDescriptorProto` source-location paths) and names of every
/// element that must be documented: messages, their fields, oneofs and nested types, enums
/// and their values, services and their methods.
fn documentable(file: &FileDescriptorProto) -> Vec<(Vec<i32>, String)> {
    // Field numbers of FileDescriptorProto, DescriptorProto, EnumDescriptorProto and
    // ServiceDescriptorProto in descriptor.proto.
    const FILE_MESSAGE: i32 = 4;
    const FILE_ENUM: i32 = 5;
    const FILE_SERVICE: i32 = 6;
    const MESSAGE_FIELD: i32 = 2;
    const MESSAGE_NESTED: i32 = 3;
    const MESSAGE_ENUM: i32 = 4;
    const MESSAGE_ONEOF: i32 = 8;
    const ENUM_VALUE: i32 = 2;
    const SERVICE_METHOD: i32 = 2;

    fn message(
        out: &mut Vec<(Vec<i32>, String)>,
        path: Vec<i32>,
        prefix: &str,
        m: &DescriptorProto,
    ) {
        let name = format!("{prefix}.{}", m.name());
        // Map entries are synthesised by the compiler and carry no comments.
        if m.options.as_ref().is_some_and(|o| o.map_entry()) {
            return;
        }
        out.push((path.clone(), name.clone()));
        for (i, field) in m.field.iter().enumerate() {
            let path = [path.as_slice(), &[MESSAGE_FIELD, i as i32]].concat();
            out.push((path, format!("{name}.{}", field.name())));
        }
        for (i, oneof) in m.oneof_decl.iter().enumerate() {
            // proto3 `optional` fields are synthetic oneofs named `_field`.
            if oneof.name().starts_with('_') {
                continue;
            }
            let path = [path.as_slice(), &[MESSAGE_ONEOF, i as i32]].concat();
            out.push((path, format!("{name}.{}", oneof.name())));
        }
        for (i, nested) in m.nested_type.iter().enumerate() {
            let path = [path.as_slice(), &[MESSAGE_NESTED, i as i32]].concat();
            message(out, path, &name, nested);
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            let path = [path.as_slice(), &[MESSAGE_ENUM, i as i32]].concat();
            out.push((path, format!("{name}.{}", e.name())));
        }
    }

    let mut out = Vec::new();
    let package = file.package();
    for (i, m) in file.message_type.iter().enumerate() {
        message(&mut out, vec![FILE_MESSAGE, i as i32], package, m);
    }
    for (i, e) in file.enum_type.iter().enumerate() {
        let name = format!("{package}.{}", e.name());
        out.push((vec![FILE_ENUM, i as i32], name.clone()));
        for (j, value) in e.value.iter().enumerate() {
            let path = vec![FILE_ENUM, i as i32, ENUM_VALUE, j as i32];
            out.push((path, format!("{name}.{}", value.name())));
        }
    }
    for (i, s) in file.service.iter().enumerate() {
        let name = format!("{package}.{}", s.name());
        out.push((vec![FILE_SERVICE, i as i32], name.clone()));
        for (j, method) in s.method.iter().enumerate() {
            let path = vec![FILE_SERVICE, i as i32, SERVICE_METHOD, j as i32];
            out.push((path, format!("{name}.{}", method.name())));
        }
    }
    out
}

#[test]
fn every_element_has_a_leading_comment() {
    let set = descriptor_set();
    let mut undocumented = Vec::new();
    let mut fields = 0;
    for file in lede_files(&set) {
        let info = file
            .source_code_info
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no source code info", file.name()));
        for (path, name) in documentable(file) {
            if path.len() == 4 && path[2] == 2 && path[0] == 4 {
                fields += 1;
            }
            let documented = info.location.iter().any(|location| {
                location.path == path
                    && location
                        .leading_comments
                        .as_deref()
                        .is_some_and(|comment| !comment.trim().is_empty())
            });
            if !documented {
                undocumented.push(name);
            }
        }
    }
    assert!(fields > 50, "only {fields} top-level message fields seen");
    assert!(
        undocumented.is_empty(),
        "elements without a leading comment: {undocumented:#?}"
    );
}

#[test]
fn generated_types_round_trip() {
    use lede_proto::v1::{Span, SummaryBudget, summary_budget};

    let budget = SummaryBudget {
        limit: Some(summary_budget::Limit::Ratio(0.25)),
    };
    let decoded = SummaryBudget::decode(budget.encode_to_vec().as_slice()).expect("decodes");
    assert_eq!(decoded, budget);
    assert_eq!(Span { start: 0, end: 3 }, Span { start: 0, end: 3 });
}

#[test]
fn the_set_is_self_contained_for_reflection() {
    // What a reflection server does with the set: resolve every type name across files.
    let pool = prost_reflect::DescriptorPool::decode(lede_proto::FILE_DESCRIPTOR_SET)
        .expect("every referenced type resolves within the set");
    let document = pool
        .get_message_by_name("lede.v1.Document")
        .expect("lede.v1.Document");
    let publish_time = document
        .get_field_by_name("publish_time")
        .expect("Document.publish_time");
    assert_eq!(
        publish_time.kind().as_message().map(|m| m.full_name()),
        Some("google.protobuf.Timestamp")
    );
    for service in ["lede.v1.TextAnalysisService", "lede.v1.CorpusService"] {
        assert!(pool.get_service_by_name(service).is_some(), "{service}");
    }
}
