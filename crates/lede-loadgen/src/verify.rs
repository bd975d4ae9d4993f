//! Checks a server's documents against a [`Ledger`]: one paged `ListDocuments` (full view)
//! over the whole corpus, then a `GetDocument` of each must-exist document the listing lacks,
//! so that a paging fault is not mistaken for a lost write.

use std::time::Instant;

use crate::Conn;
use anyhow::Context as _;
use lede_proto::v1::corpus_service_client::CorpusServiceClient;
use lede_proto::v1::{DocumentView, GetDocumentRequest, ListDocumentsRequest};
use serde_derive::Serialize;

use crate::ledger::{Counts, Fingerprint, Found, Ledger, Verification, id_prefix};

/// The largest page the server serves.
const PAGE_SIZE: i32 = 1000;

/// A ledger's counts and, when it was checked, the check's result.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WritesReport {
    pub(crate) run_id: String,
    #[serde(flatten)]
    pub(crate) counts: Counts,
    /// `None` when the writes were not verified.
    pub(crate) verification: Option<Verification>,
    /// Must-exist documents the listing lacked but `GetDocument` found (a server fault, but
    /// not a lost write).
    pub(crate) found_only_by_get: u64,
    /// Documents listed (the whole corpus).
    pub(crate) listed: u64,
    /// How long the check took, in seconds.
    pub(crate) verify_s: f64,
}

impl WritesReport {
    /// The report of a ledger that was not checked.
    pub(crate) fn unverified(ledger: &Ledger) -> Self {
        Self {
            run_id: ledger.run_id().to_owned(),
            counts: ledger.counts(),
            verification: None,
            found_only_by_get: 0,
            listed: 0,
            verify_s: 0.0,
        }
    }

    /// False only when a check found a write lost, changed or undone.
    pub(crate) fn passed(&self) -> bool {
        self.verification.as_ref().is_none_or(Verification::passed)
    }

    /// The report as text lines, indented by two spaces.
    pub(crate) fn print(&self) {
        let c = &self.counts;
        println!(
            "  writes (run {}): {} creates acknowledged, {} deletes acknowledged, {} uncertain \
             ({} creates, {} deletes), {} must exist, {} retries",
            self.run_id,
            c.acknowledged_creates,
            c.acknowledged_deletes,
            c.uncertain_creates + c.uncertain_deletes,
            c.uncertain_creates,
            c.uncertain_deletes,
            c.must_exist,
            c.retries
        );
        if let Some(v) = &self.verification {
            println!(
                "  verified ({} documents listed, {:.2} s): {} present, {} deleted, {} missing, \
                 {} resurrected, {} wrong text, {} unexpected, {} uncertain present{}: {}",
                self.listed,
                self.verify_s,
                v.verified_present,
                v.verified_deleted,
                v.missing,
                v.resurrected,
                v.wrong_text,
                v.unexpected,
                v.uncertain_present,
                if self.found_only_by_get > 0 {
                    format!(
                        ", {} found by GetDocument but not listed",
                        self.found_only_by_get
                    )
                } else {
                    String::new()
                },
                if v.passed() { "PASS" } else { "FAIL" }
            );
            if c.vanished > 0 {
                println!(
                    "  {} acknowledged creates answered NOT_FOUND to their delete",
                    c.vanished
                );
            }
        }
    }
}

/// Checks the documents of `ledger`'s run on the server behind `channel`.
pub(crate) async fn verify(channel: &Conn, ledger: &Ledger) -> anyhow::Result<WritesReport> {
    let started = Instant::now();
    let prefix = id_prefix(ledger.run_id());
    let mut client = CorpusServiceClient::new(channel.clone());
    let mut found = Found::new();
    let mut listed = 0_u64;
    let mut page_token = String::new();
    loop {
        let page = client
            .list_documents(ListDocumentsRequest {
                page_size: PAGE_SIZE,
                page_token: page_token.clone(),
                view: DocumentView::Full.into(),
                ..Default::default()
            })
            .await
            .context("ListDocuments")?
            .into_inner();
        for document in page.documents {
            listed += 1;
            let id = document
                .name
                .strip_prefix("documents/")
                .unwrap_or(&document.name);
            if id.starts_with(&prefix) {
                found.insert(id.to_owned(), Fingerprint::of(&document.text));
            }
        }
        if page.next_page_token.is_empty() {
            break;
        }
        page_token = page.next_page_token;
    }
    let mut found_only_by_get = 0;
    let absent: Vec<String> = ledger
        .absent_must_exist(&found)
        .into_iter()
        .map(str::to_owned)
        .collect();
    for id in absent {
        let response = client
            .get_document(GetDocumentRequest {
                name: format!("documents/{id}"),
                view: DocumentView::Full.into(),
            })
            .await;
        match response {
            Ok(response) => {
                if let Some(document) = response.into_inner().document {
                    found_only_by_get += 1;
                    found.insert(id, Fingerprint::of(&document.text));
                }
            }
            Err(status) if status.code() == tonic::Code::NotFound => {}
            Err(status) => return Err(status).context(format!("GetDocument documents/{id}")),
        }
    }
    Ok(WritesReport {
        run_id: ledger.run_id().to_owned(),
        counts: ledger.counts(),
        verification: Some(ledger.verify(&found)),
        found_only_by_get,
        listed,
        verify_s: started.elapsed().as_secs_f64(),
    })
}
