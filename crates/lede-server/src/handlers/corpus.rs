//! `lede.v1.CorpusService`: each RPC is one `rpc!` line over a handler of `read.rs` or
//! `write.rs`.

use lede_proto::v1::corpus_service_server::CorpusService;
use lede_proto::v1::{
    BatchCreateDocumentsRequest, BatchCreateDocumentsResponse, CreateDocumentRequest,
    CreateDocumentResponse, DeleteDocumentRequest, DeleteDocumentResponse,
    FindSimilarDocumentsRequest, FindSimilarDocumentsResponse, GetCorpusStatsRequest,
    GetCorpusStatsResponse, GetDocumentRequest, GetDocumentResponse, GetStoryRequest,
    GetStoryResponse, GetTrendsRequest, GetTrendsResponse, ImportDocumentsRequest,
    ImportDocumentsResponse, ListDocumentsRequest, ListDocumentsResponse, ListStoriesRequest,
    ListStoriesResponse, SearchDocumentsRequest, SearchDocumentsResponse,
    SummarizeDocumentsRequest, SummarizeDocumentsResponse, UpdateDocumentRequest,
    UpdateDocumentResponse,
};
use tonic::{Request, Response, Status, Streaming};

use super::read::{get, list, search, similar, stats, summarize};
use super::stories::{get_story, list_stories};
use super::trends::get_trends;
use super::write::{batch_create, create, delete, import, update};
use crate::{State, deadline, handle};

/// The implementation of `CorpusService`.
#[derive(Debug, Clone)]
pub(crate) struct CorpusApi(pub(crate) State);

#[tonic::async_trait]
impl CorpusService for CorpusApi {
    async fn list_documents(
        &self,
        request: Request<ListDocumentsRequest>,
    ) -> Result<Response<ListDocumentsResponse>, Status> {
        rpc!(self, request, "ListDocuments", list)
    }

    async fn get_document(
        &self,
        request: Request<GetDocumentRequest>,
    ) -> Result<Response<GetDocumentResponse>, Status> {
        rpc!(self, request, "GetDocument", get)
    }

    async fn search_documents(
        &self,
        request: Request<SearchDocumentsRequest>,
    ) -> Result<Response<SearchDocumentsResponse>, Status> {
        rpc!(self, request, "SearchDocuments", search)
    }

    async fn find_similar_documents(
        &self,
        request: Request<FindSimilarDocumentsRequest>,
    ) -> Result<Response<FindSimilarDocumentsResponse>, Status> {
        rpc!(self, request, "FindSimilarDocuments", similar)
    }

    async fn list_stories(
        &self,
        request: Request<ListStoriesRequest>,
    ) -> Result<Response<ListStoriesResponse>, Status> {
        rpc!(self, request, "ListStories", list_stories)
    }

    async fn get_story(
        &self,
        request: Request<GetStoryRequest>,
    ) -> Result<Response<GetStoryResponse>, Status> {
        rpc!(self, request, "GetStory", get_story)
    }

    async fn get_trends(
        &self,
        request: Request<GetTrendsRequest>,
    ) -> Result<Response<GetTrendsResponse>, Status> {
        rpc!(self, request, "GetTrends", get_trends)
    }

    async fn summarize_documents(
        &self,
        request: Request<SummarizeDocumentsRequest>,
    ) -> Result<Response<SummarizeDocumentsResponse>, Status> {
        rpc!(self, request, "SummarizeDocuments", summarize)
    }

    async fn get_corpus_stats(
        &self,
        request: Request<GetCorpusStatsRequest>,
    ) -> Result<Response<GetCorpusStatsResponse>, Status> {
        rpc!(self, request, "GetCorpusStats", stats)
    }

    async fn create_document(
        &self,
        request: Request<CreateDocumentRequest>,
    ) -> Result<Response<CreateDocumentResponse>, Status> {
        rpc!(self, request, "CreateDocument", create)
    }

    async fn batch_create_documents(
        &self,
        request: Request<BatchCreateDocumentsRequest>,
    ) -> Result<Response<BatchCreateDocumentsResponse>, Status> {
        rpc!(self, request, "BatchCreateDocuments", batch_create)
    }

    async fn update_document(
        &self,
        request: Request<UpdateDocumentRequest>,
    ) -> Result<Response<UpdateDocumentResponse>, Status> {
        rpc!(self, request, "UpdateDocument", update)
    }

    async fn delete_document(
        &self,
        request: Request<DeleteDocumentRequest>,
    ) -> Result<Response<DeleteDocumentResponse>, Status> {
        rpc!(self, request, "DeleteDocument", delete)
    }

    async fn import_documents(
        &self,
        request: Request<Streaming<ImportDocumentsRequest>>,
    ) -> Result<Response<ImportDocumentsResponse>, Status> {
        let deadline = deadline(&request);
        handle(
            &self.0,
            "ImportDocuments",
            import(self.0.clone(), request.into_inner(), deadline),
        )
        .await
    }
}
