//! The public API on small inputs whose right answer is known.

use lede_stem::Language;
use lede_summarize::{Budget, Error, Model, Order, Summarizer, SummarizerOptions, Summary};
use lede_tfidf::DocumentFrequencies;

const ARTICLE: &str = "Leaders meet in Paris over Ukraine security\n\n\
    European leaders met in Paris on Thursday to agree security guarantees for Ukraine. \
    The guarantees would include a European-led force deployed after a ceasefire in Ukraine. \
    Russia has rejected any deployment of Western troops in Ukraine after a ceasefire. \
    The weather in Paris was mild and sunny all day. \
    Officials said the security guarantees for Ukraine were nearly agreed by the leaders.\n\n\
    Talks on the force\n\n\
    The force would be led by France and Britain, officials in Paris said. \
    It went well.";

fn summarizer() -> Summarizer {
    Summarizer::default()
}

fn texts<'a>(summary: &Summary<'a>) -> Vec<&'a str> {
    summary.iter().map(|sentence| sentence.text).collect()
}

fn assert_spans_slice(documents: &[&str], summary: &Summary<'_>) {
    for sentence in summary {
        assert_eq!(
            &documents[sentence.document][sentence.span.range()],
            sentence.text
        );
    }
}

#[test]
fn sentence_budgets_are_respected() {
    for n in 1..=8 {
        let summary = summarizer()
            .summarize(ARTICLE, Budget::Sentences(n))
            .unwrap();
        // Six of the nine sentences may be chosen (not the two headings, not the three-word
        // fragment), and one of those says what the lead says: five are available.
        assert_eq!(summary.len(), n.min(5), "n = {n}");
        assert_spans_slice(&[ARTICLE], &summary);
    }
}

#[test]
fn word_budgets_are_respected_and_a_long_best_sentence_stands_alone() {
    for words in [12, 20, 30, 45, 60, 200] {
        let summary = summarizer()
            .summarize(ARTICLE, Budget::Words(words))
            .unwrap();
        assert!(summary.words() <= words, "{words}: {}", summary.words());
        assert!(!summary.is_empty());
    }
    // No sentence has as few as 3 words but the fragment, which is never chosen: the best
    // sentence is given alone.
    let summary = summarizer().summarize(ARTICLE, Budget::Words(3)).unwrap();
    assert_eq!(summary.len(), 1);
    assert!(summary.words() > 3);
}

#[test]
fn ratios_are_shares_of_the_words() {
    let total = ARTICLE.split_whitespace().count();
    for ratio in [0.1, 0.25, 0.5, 1.0] {
        let summary = summarizer()
            .summarize(ARTICLE, Budget::Ratio(ratio))
            .unwrap();
        let budget = (ratio * total as f64).ceil() as usize;
        assert!(summary.words() <= budget || summary.len() == 1, "{ratio}");
    }
    let everything = summarizer().summarize(ARTICLE, Budget::Ratio(1.0)).unwrap();
    assert_eq!(everything.len(), 5);
    let near_duplicate =
        "Officials said the security guarantees for Ukraine were nearly agreed by the leaders.";
    assert!(!texts(&everything).contains(&near_duplicate));
}

#[test]
fn invalid_budgets_are_clear_errors() {
    for budget in [
        Budget::Sentences(0),
        Budget::Words(0),
        Budget::Ratio(0.0),
        Budget::Ratio(2.0),
    ] {
        let error = summarizer().summarize(ARTICLE, budget).unwrap_err();
        assert!(matches!(error, Error::InvalidBudget { .. }), "{budget:?}");
        assert!(error.to_string().starts_with("invalid budget"));
    }
    let options = SummarizerOptions::default().with_mmr_lambda(2.0);
    assert!(matches!(
        Summarizer::new(options),
        Err(Error::InvalidOption {
            name: "mmr_lambda",
            ..
        })
    ));
}

#[test]
fn headings_are_never_chosen_wherever_they_are() {
    let summary = summarizer().summarize(ARTICLE, Budget::Ratio(1.0)).unwrap();
    let chosen = texts(&summary);
    assert!(!chosen.contains(&"Leaders meet in Paris over Ukraine security"));
    assert!(!chosen.contains(&"Talks on the force"));
    assert!(!chosen.contains(&"It went well."), "a fragment");
    // A document that is only headlines has nothing to offer.
    let headlines = "Paris summit opens\n\nLeaders arrive for talks on Ukraine\n";
    assert!(
        summarizer()
            .summarize(headlines, Budget::Sentences(3))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn boilerplate_is_never_chosen() {
    let text = "The central bank raised interest rates by half a point on Tuesday. \
                Reporting by Jane Doe; Editing by John Roe for the central bank desk.";
    let summary = summarizer().summarize(text, Budget::Sentences(2)).unwrap();
    assert_eq!(
        texts(&summary),
        ["The central bank raised interest rates by half a point on Tuesday."]
    );
}

#[test]
fn mmr_removes_a_duplicated_sentence() {
    let repeated = "The summit brought together leaders from 35 countries in Paris.";
    let text = format!(
        "{repeated} Officials discussed a European force for Ukraine after a ceasefire. \
         {repeated} Russia rejected the plan for Western troops in Ukraine on Friday."
    );
    let summary = summarizer().summarize(&text, Budget::Sentences(3)).unwrap();
    assert_eq!(summary.len(), 3);
    let copies = summary
        .iter()
        .filter(|sentence| sentence.text == repeated)
        .count();
    assert_eq!(copies, 1, "{:?}", texts(&summary));

    // Across documents too: the same sentence in two sources is said once.
    let other = format!("{repeated} Markets in Europe rose on hopes of a ceasefire in Ukraine.");
    let summary = summarizer()
        .summarize_many(&[&text, &other], Budget::Sentences(4), None)
        .unwrap();
    let copies = summary
        .iter()
        .filter(|sentence| sentence.text == repeated)
        .count();
    assert_eq!(copies, 1, "{:?}", texts(&summary));
}

#[test]
fn a_query_changes_the_selection() {
    let documents = [
        "Leaders met in Paris to agree security guarantees for Ukraine on Thursday. \
         The security guarantees would include a European force in Ukraine. \
         Denmark said Greenland is not for sale to anyone at any price.",
        "The Paris summit on Ukraine's security guarantees ended late on Thursday. \
         Zelensky said the security guarantees for Ukraine were nearly agreed.",
    ];
    let plain = summarizer()
        .summarize_many(&documents, Budget::Sentences(1), None)
        .unwrap();
    assert!(!plain.sentences[0].text.contains("Greenland"));
    let focused = summarizer()
        .summarize_many(&documents, Budget::Sentences(1), Some("Greenland"))
        .unwrap();
    assert_eq!(
        focused.sentences[0].text,
        "Denmark said Greenland is not for sale to anyone at any price."
    );
    assert_eq!(focused.sentences[0].document, 0);
    // A query that matches nothing changes nothing.
    let unmatched = summarizer()
        .summarize_many(&documents, Budget::Sentences(1), Some("volcano"))
        .unwrap();
    assert_eq!(unmatched, plain);
}

#[test]
fn empty_input_gives_an_empty_summary() {
    for text in ["", "   \n\n  ", "!!!"] {
        let summary = summarizer().summarize(text, Budget::Sentences(3)).unwrap();
        assert!(summary.is_empty(), "{text:?}");
        assert_eq!(summary.text(), "");
    }
    let none: [&str; 0] = [];
    assert!(
        summarizer()
            .summarize_many(&none, Budget::Sentences(3), Some("x"))
            .unwrap()
            .is_empty()
    );
    assert!(
        summarizer()
            .summarize_many(&["", ""], Budget::Words(10), None)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_document_of_one_sentence_is_its_own_summary() {
    let text = "  The central bank raised interest rates on Tuesday.\n";
    let summary = summarizer().summarize(text, Budget::Sentences(3)).unwrap();
    assert_eq!(
        texts(&summary),
        ["The central bank raised interest rates on Tuesday."]
    );
    let sentence = summary.sentences[0];
    assert_eq!(
        (
            sentence.span.start,
            sentence.rank,
            sentence.index,
            sentence.document
        ),
        (2, 1, 0, 0)
    );
    assert!(sentence.score > 0.0 && sentence.score.is_finite());
}

#[test]
fn other_languages_work() {
    let french = "Sommet de Paris sur l'Ukraine\n\n\
        Les dirigeants européens se sont réunis à Paris pour des garanties de sécurité. \
        Les garanties de sécurité pour l'Ukraine incluraient une force européenne. \
        Il faisait beau à Paris ce jour-là, selon la météo locale. \
        La Russie rejette toute présence de troupes occidentales en Ukraine.";
    let summarizer = Summarizer::new(SummarizerOptions::for_language(Language::French)).unwrap();
    assert!(summarizer.background().is_none());
    let summary = summarizer.summarize(french, Budget::Sentences(2)).unwrap();
    assert_eq!(summary.len(), 2);
    assert_spans_slice(&[french], &summary);
    let chosen = texts(&summary);
    assert!(!chosen.contains(&"Sommet de Paris sur l'Ukraine"));
    assert!(!chosen.contains(&"Il faisait beau à Paris ce jour-là, selon la météo locale."));

    // Text without spaces between words, sentences ended by CJK full stops.
    let japanese =
        "東京で首脳会議が開かれた。各国の首脳が安全保障について話し合った。会議は夜まで続いた。";
    let summary = Summarizer::default().summarize(japanese, Budget::Sentences(1));
    // One "word" per sentence by white space: every sentence is a fragment by default ...
    assert!(summary.unwrap().is_empty());
    // ... and with min_words 1 the sentences compete.
    let options = SummarizerOptions::default().with_min_words(1);
    let summary = Summarizer::new(options)
        .unwrap()
        .summarize(japanese, Budget::Sentences(1))
        .unwrap();
    assert_eq!(summary.len(), 1);
    assert_spans_slice(&[japanese], &summary);
}

#[test]
fn order_is_reading_order_or_best_first_with_ranks() {
    let by_document = summarizer()
        .summarize(ARTICLE, Budget::Sentences(3))
        .unwrap();
    let spans: Vec<usize> = by_document.iter().map(|s| s.span.start).collect();
    assert!(spans.windows(2).all(|w| w[0] < w[1]));
    let mut ranks: Vec<usize> = by_document.iter().map(|s| s.rank).collect();
    ranks.sort_unstable();
    assert_eq!(ranks, [1, 2, 3]);

    let options = SummarizerOptions::default().with_order(Order::Score);
    let by_score = Summarizer::new(options)
        .unwrap()
        .summarize(ARTICLE, Budget::Sentences(3))
        .unwrap();
    let ranks: Vec<usize> = by_score.iter().map(|s| s.rank).collect();
    assert_eq!(ranks, [1, 2, 3]);
    let mut same = by_score.sentences.clone();
    same.sort_by_key(|s| s.span.start);
    assert_eq!(same, by_document.sentences);
}

#[test]
fn one_document_many_or_alone_is_the_same_summary() {
    let alone = summarizer()
        .summarize(ARTICLE, Budget::Sentences(3))
        .unwrap();
    let many = summarizer()
        .summarize_many(&[ARTICLE], Budget::Sentences(3), None)
        .unwrap();
    assert_eq!(alone, many);
}

/// A corpus in which "weather" and "paris" are in every document: no longer distinctive.
struct WeatherCorpus;

impl DocumentFrequencies for WeatherCorpus {
    fn document_count(&self) -> u64 {
        1000
    }

    fn document_frequency(&self, term: &str) -> u64 {
        match term {
            "weather" | "pari" | "mild" | "sunni" | "day" => 1000,
            "ukrain" | "secur" | "guarante" => 2,
            _ => 50,
        }
    }
}

#[test]
fn statistics_can_be_passed_in() {
    let summary = summarizer()
        .summarize_with(&[ARTICLE], Budget::Sentences(2), None, &WeatherCorpus)
        .unwrap();
    assert_eq!(summary.len(), 2);
    assert_spans_slice(&[ARTICLE], &summary);
    assert!(texts(&summary).iter().all(|text| !text.contains("weather")));
    // An unsized `dyn DocumentFrequencies` is accepted too.
    let corpus: &dyn DocumentFrequencies = &WeatherCorpus;
    assert!(
        summarizer()
            .summarize_with(&[ARTICLE], Budget::Sentences(1), None, corpus)
            .is_ok()
    );
}

#[test]
fn summarizers_are_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Summarizer>();
    let summarizer = summarizer();
    let expected = summarizer.summarize(ARTICLE, Budget::Sentences(2)).unwrap();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                assert_eq!(
                    summarizer.summarize(ARTICLE, Budget::Sentences(2)).unwrap(),
                    expected
                );
            });
        }
    });
}

/// A news story whose lead states the news in short sentences, and whose body has one long
/// sentence that repeats most of the story's terms: the sentence centrality alone prefers.
const STORY: &str = "Heavy rain flooded the centre of Valencia on Tuesday. \
    Two rivers burst their banks before dawn. \
    Schools and the metro were closed for the day. \
    The regional government, which had warned of heavy rain for days, said on Tuesday evening \
    that the flooded rivers in the centre of Valencia had closed schools, the metro and two \
    hospitals, and that the rain would go on in the centre until Thursday at least. \
    Residents cleared mud from their shops. \
    A football match was postponed.";

#[allow(clippy::unwrap_used)] // a helper of tests: a bad option should fail the test
fn chosen_first(options: SummarizerOptions, documents: &[&'static str]) -> Vec<&'static str> {
    let options = options.with_order(Order::Score);
    let summary = Summarizer::new(options)
        .unwrap()
        .summarize_many(documents, Budget::Sentences(1), None)
        .unwrap();
    texts(&summary)
}

#[test]
fn the_lead_model_takes_the_lead_the_centrality_model_the_central_sentence() {
    let lead = chosen_first(
        SummarizerOptions::default().with_model(Model::Lead),
        &[STORY],
    );
    assert_eq!(
        lead,
        ["Heavy rain flooded the centre of Valencia on Tuesday."]
    );
    let central = chosen_first(
        SummarizerOptions::default().with_model(Model::Centrality),
        &[STORY],
    );
    assert!(
        central[0].starts_with("The regional government"),
        "{central:?}"
    );
    // Auto is the lead model for one document ...
    assert_eq!(chosen_first(SummarizerOptions::default(), &[STORY]), lead);
    // ... and an explicit weight overrides the model's.
    let no_lead = chosen_first(
        SummarizerOptions::default()
            .with_model(Model::Lead)
            .with_lead_weight(Some(0.0))
            .with_length_weight(Some(0.0)),
        &[STORY],
    );
    assert_eq!(no_lead, central);
}

#[test]
fn auto_uses_the_centrality_priors_for_several_documents_or_a_query() {
    let options = SummarizerOptions::default();
    assert_eq!(options.priors(1, false), (20.0, 0.5));
    assert_eq!(options.priors(2, false), (0.1, 0.0));
    assert_eq!(options.priors(1, true), (0.1, 0.0));
    let set = options.with_lead_weight(Some(3.0));
    assert_eq!(set.priors(2, true), (3.0, 0.0));
    let other = "Rain also fell in Seville on Tuesday. Streets were calm.";
    let centrality = options.with_model(Model::Centrality);
    assert_eq!(
        chosen_first(options, &[STORY, other]),
        chosen_first(centrality, &[STORY, other])
    );
}

#[test]
fn weights_out_of_range_name_their_option() {
    for (options, name) in [
        (
            SummarizerOptions::default().with_lead_weight(Some(f64::NAN)),
            "lead_weight",
        ),
        (
            SummarizerOptions::default().with_length_weight(Some(-1.0)),
            "length_weight",
        ),
    ] {
        assert!(matches!(
            Summarizer::new(options),
            Err(Error::InvalidOption { name: found, .. }) if found == name
        ));
    }
}
