//! The writes of `lede.v1.CorpusService`: create, batch create, update, delete and import.

use lede_corpus::Document as LibDocument;
use lede_proto::v1::{
    BatchCreateDocumentsRequest, BatchCreateDocumentsResponse, CreateDocumentRequest,
    CreateDocumentResponse, DeleteDocumentRequest, DeleteDocumentResponse, ImportDocumentsRequest,
    ImportDocumentsResponse, UpdateDocumentRequest, UpdateDocumentResponse,
};
use tonic::Streaming;

use crate::State;
use crate::convert::{FieldSet, count, resource_name, set_fields, stored_message};
use crate::status::{ApiError, Violations};
use crate::validate::{NewDocuments, check_language, check_timestamp, document_id, new_document};

/// A sequence as the API's `int64`.
pub(crate) fn wire(sequence: lede_store::Sequence) -> i64 {
    i64::try_from(sequence).unwrap_or(i64::MAX)
}

/// The most documents of one `BatchCreateDocuments`.
const MAX_BATCH: usize = 1000;

pub(crate) fn create(
    state: &State,
    request: &CreateDocumentRequest,
) -> Result<CreateDocumentResponse, ApiError> {
    let collection = &state.collection;
    let mut violations = Violations::default();
    let document = new_document(collection, request, "", &state.limits, &mut violations)?;
    violations.finish()?;
    let Some(document) = document else {
        return Err(ApiError::Internal(
            "a refused document without a violation".to_owned(),
        ));
    };
    let language = collection.read().options().language;
    let (stored, sequence) = collection.create(vec![document])?;
    Ok(CreateDocumentResponse {
        document: stored
            .first()
            .map(|stored| stored_message(stored, language)),
        sequence: wire(sequence),
    })
}

pub(crate) fn batch_create(
    state: &State,
    request: &BatchCreateDocumentsRequest,
) -> Result<BatchCreateDocumentsResponse, ApiError> {
    if request.requests.len() > MAX_BATCH {
        return Err(ApiError::invalid(
            "requests",
            format!(
                "{} documents is more than {MAX_BATCH}: use ImportDocuments for large batches",
                request.requests.len()
            ),
        ));
    }
    let collection = &state.collection;
    let mut documents = NewDocuments::default();
    let mut violations = Violations::default();
    for request in &request.requests {
        documents.push(collection, request, &state.limits, &mut violations)?;
    }
    violations.finish()?;
    let documents = documents.documents;
    let language = collection.read().options().language;
    let (stored, sequence) = collection.create(documents)?;
    Ok(BatchCreateDocumentsResponse {
        documents: stored
            .iter()
            .map(|stored| stored_message(stored, language))
            .collect(),
        sequence: wire(sequence),
    })
}

pub(crate) fn update(
    state: &State,
    request: &UpdateDocumentRequest,
) -> Result<UpdateDocumentResponse, ApiError> {
    let Some(proto) = request.document.as_ref() else {
        return Err(ApiError::invalid("document", "is required"));
    };
    let mut violations = Violations::default();
    let id = violations.keep(document_id(&proto.name, "document.name"))?;
    let fields = violations
        .keep(FieldSet::of_mask(request.update_mask.as_ref(), proto))?
        .unwrap_or(FieldSet(0));
    let collection = &state.collection;
    let language = collection.read().options().language;
    violations.keep(check_language(
        &proto.language,
        "document.language",
        language,
    ))?;
    if let Some(time) = proto
        .publish_time
        .as_ref()
        .filter(|_| fields.has(FieldSet::PUBLISH_TIME))
    {
        violations.keep(check_timestamp(time, "document.publish_time"))?;
    }
    // The fields it sets, checked alone: each must be within its limit whatever the rest
    // of the document, and the whole is at least as large as they are. The library checks
    // the whole once merged.
    let mut patch = LibDocument::new(id.unwrap_or("x"), String::new());
    set_fields(&mut patch, proto, fields);
    if let Err(found) = state.limits.document().check(&patch) {
        violations.add_document("document", found);
    }
    violations.finish()?;
    let Some(id) = id else {
        return Err(ApiError::Internal(
            "a refused name without a violation".to_owned(),
        ));
    };
    let (stored, sequence) =
        collection.update(id, |document| set_fields(document, proto, fields))?;
    Ok(UpdateDocumentResponse {
        document: Some(stored_message(&stored, language)),
        sequence: wire(sequence),
    })
}

pub(crate) fn delete(
    state: &State,
    request: &DeleteDocumentRequest,
) -> Result<DeleteDocumentResponse, ApiError> {
    let id = document_id(&request.name, "name")?;
    let sequence = state.collection.delete(id)?;
    Ok(DeleteDocumentResponse {
        sequence: wire(sequence),
    })
}

/// Receives an import stream whole (checking each document as it comes, within the import
/// size limit), then creates every document at once.
pub(crate) async fn import(
    state: State,
    mut stream: Streaming<ImportDocumentsRequest>,
    deadline: Option<std::time::Duration>,
) -> Result<ImportDocumentsResponse, ApiError> {
    // The stream counts among the pending requests from its start: what it sends is held
    // until the commit.
    let place = state.admission.enter()?;
    let mut documents = NewDocuments::default();
    let mut bytes = 0usize;
    while let Some(chunk) = stream.message().await.map_err(ApiError::Stream)? {
        let mut violations = Violations::default();
        for request in &chunk.requests {
            let Some(document) =
                documents.push(&state.collection, request, &state.limits, &mut violations)?
            else {
                continue;
            };
            // Every field the server holds until the commit, not the text alone.
            bytes = bytes.saturating_add(lede_corpus::document_bytes(document));
            if bytes > state.limits.max_import_bytes {
                return Err(ApiError::TooLarge(format!(
                    "the import's documents exceed --max-import-bytes, {} bytes, at \
                     requests[{}]: split it into smaller imports",
                    state.limits.max_import_bytes,
                    documents.documents.len() - 1 + documents.refused,
                )));
            }
        }
        // The chunk's violations all at once, without reading the rest of the stream.
        violations.finish()?;
    }
    let collection = state.collection.clone();
    let documents = documents.documents;
    let (stored, sequence) = state
        .admission
        .run_entered(place, deadline, move || collection.create(documents))
        .await?;
    Ok(ImportDocumentsResponse {
        sequence: wire(sequence),
        imported_count: count(stored.len()),
        names: stored
            .iter()
            .map(|stored| resource_name(&stored.document.name))
            .collect(),
    })
}
