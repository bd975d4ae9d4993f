#!/usr/bin/env python3
"""A Python peer of lede-server for load comparisons (issue 7): a grpcio server of
`lede.v1.TextAnalysisService` (Tokenize, ExtractKeywords, Summarize) built from the usual
Python tools.

- Tokenize: scikit-learn's CountVectorizer token pattern (`(?u)\\b\\w\\w+\\b`, the regex its
  analyzer uses), with spans; `include_normalized` lower-cases like its `lowercase=True`;
  `include_stem` adds NLTK's Snowball stem and scikit-learn's English stop-word list.
- ExtractKeywords: YAKE (`yake.KeywordExtractor(lan="en", n=max_words or 3, top=top_k or 10)`);
  score = 1 / (1 + YAKE score) so that higher is better; count and spans are the phrase's
  case-insensitive whole-word occurrences.
- Summarize: sumy's LexRank (English Snowball stemmer and sumy's English stop words) over
  sentences from a regex splitter (one line is never merged with the next, as lede keeps
  headlines apart), so NLTK's punkt data is not needed; budget (sentences, words, ratio) and
  order are honoured; query, lead_weight and mmr_lambda are ignored.

Spans are counted in the request's OffsetEncoding (UTF-8 bytes by default, code points, UTF-16
units). Only English and inline text are supported (a corpus document is UNIMPLEMENTED).

The stubs are generated at start-up from ../../crates/lede-proto/proto into a temporary directory with
grpc_tools.protoc. Requests run on a ThreadPoolExecutor (`--workers`, default 4: two per core
of the 2-core benchmark machine; the GIL serialises the Python work, so more threads add only
queueing, and fewer leave a core idle while one thread is in gRPC's C core).

    python3 benches/peer/peer_server.py --port 50061 [--workers 4]
"""

from __future__ import annotations

import argparse
import math
import re
import signal
import sys
import tempfile
import threading
from concurrent import futures
from pathlib import Path

import grpc

ROOT = Path(__file__).resolve().parent.parent.parent
PROTO_DIR = ROOT / "crates" / "lede-proto" / "proto"


def generate_stubs(out: Path) -> None:
    """Compiles common.proto and text_analysis_service.proto into `out` and puts it on sys.path."""
    import grpc_tools
    from grpc_tools import protoc

    well_known = Path(grpc_tools.__file__).resolve().parent / "_proto"
    args = [
        "grpc_tools.protoc",
        f"-I{PROTO_DIR}",
        f"-I{well_known}",
        f"--python_out={out}",
        f"--grpc_python_out={out}",
        str(PROTO_DIR / "lede" / "v1" / "common.proto"),
        str(PROTO_DIR / "lede" / "v1" / "text_analysis_service.proto"),
    ]
    if protoc.main(args) != 0:
        raise SystemExit("peer_server: protoc failed")
    sys.path.insert(0, str(out))


# --- offsets -------------------------------------------------------------------------------

def offset_converter(text: str, encoding: int):
    """A function mapping a code-point offset of `text` to the request's encoding.

    Offsets must be asked for in non-decreasing order between resets (each call walks forward
    from the last one); `reset()` starts again from 0."""
    # OFFSET_ENCODING_CODE_POINT = 2, OFFSET_ENCODING_UTF16 = 3; else UTF-8 bytes.
    if encoding == 2 or text.isascii():
        return None
    codec = "utf-16-le" if encoding == 3 else "utf-8"
    unit = 2 if encoding == 3 else 1

    class Walker:
        def __init__(self) -> None:
            self.reset()

        def reset(self) -> None:
            self.char = 0
            self.units = 0

        def __call__(self, offset: int) -> int:
            if offset < self.char:
                self.reset()
            self.units += len(text[self.char:offset].encode(codec)) // unit
            self.char = offset
            return self.units

    return Walker()


# --- the service ---------------------------------------------------------------------------

ENGLISH = {"", "en", "english"}
TOKEN_PATTERN = None  # set in main(): CountVectorizer's compiled token pattern
# A break after . ! ? (and closing quotes) before a capital or digit, but not after an initialism
# ("U.S.") or a title ("Mr.").
SENTENCE_BREAK = re.compile(
    r"(?<!\b[A-Z]\.[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bMrs\.)"
    r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])"
)
LINE = re.compile(r"[^\n]+")
WORD = re.compile(r"\w+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Code-point spans of the sentences of `text`: each line split at sentence punctuation."""
    spans = []
    for line in LINE.finditer(text):
        start = line.start()
        for boundary in SENTENCE_BREAK.finditer(line.group()):
            spans.append((start, line.start() + boundary.start()))
            start = line.start() + boundary.end()
        spans.append((start, line.end()))
    trimmed = []
    for start, end in spans:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            left = start + (len(piece) - len(piece.lstrip()))
            trimmed.append((left, left + len(stripped)))
    return trimmed


class WordTokenizer:
    """sumy's tokenizer interface over a plain word regex."""

    language = "english"

    @staticmethod
    def to_sentences(paragraph: str):
        return [paragraph[a:b] for a, b in split_sentences(paragraph)]

    @staticmethod
    def to_words(sentence: str):
        return WORD.findall(sentence)


def build_servicer(pb, pb_grpc, common):
    import yake
    from nltk.stem.snowball import SnowballStemmer
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    snowball = SnowballStemmer("english")
    local = threading.local()

    def keyword_extractor(n: int, top: int):
        cache = getattr(local, "yake", None)
        if cache is None:
            cache = local.yake = {}
        extractor = cache.get((n, top))
        if extractor is None:
            extractor = cache[(n, top)] = yake.KeywordExtractor(lan="en", n=n, top=top)
        return extractor

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    word_tokenizer = WordTokenizer()

    def inline_text(request, context) -> str:
        if request.language.lower() not in ENGLISH:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "language: only English is supported")
        which = request.input.WhichOneof("content")
        if which == "document":
            context.abort(grpc.StatusCode.UNIMPLEMENTED, "input.document: the peer has no corpus")
        if which != "text" or not request.input.text:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "input: empty")
        return request.input.text

    class Servicer(pb_grpc.TextAnalysisServiceServicer):
        def Tokenize(self, request, context):
            text = inline_text(request, context)
            convert = offset_converter(text, request.offset_encoding)
            tokens = []
            for match in TOKEN_PATTERN.finditer(text):
                start, end = match.span()
                if convert is not None:
                    start, end = convert(start), convert(end)
                word = match.group()
                token = pb.Token(
                    text=word,
                    kind=pb.TOKEN_KIND_NUMBER if word.isdigit() else pb.TOKEN_KIND_WORD,
                    span=common.Span(start=start, end=end),
                )
                if request.include_normalized or request.include_stem:
                    normalized = word.lower()
                    if request.include_normalized:
                        token.normalized = normalized
                    if request.include_stem:
                        token.stem = snowball.stem(normalized)
                        token.stop_word = normalized in ENGLISH_STOP_WORDS
                tokens.append(token)
            return pb.TokenizeResponse(tokens=tokens)

        def ExtractKeywords(self, request, context):
            text = inline_text(request, context)
            options = request.options
            n = options.max_words or 3
            top = options.top_k or 10
            if not 1 <= n <= 4 or top < 1:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, "options: out of range")
            convert = offset_converter(text, request.offset_encoding)
            keywords = []
            for phrase, score in keyword_extractor(n, top).extract_keywords(text):
                words = phrase.split()
                pattern = r"(?i)\b" + r"\s+".join(map(re.escape, words)) + r"\b"
                spans = []
                if convert is not None:
                    convert.reset()
                for match in re.finditer(pattern, text):
                    start, end = match.span()
                    if convert is not None:
                        start, end = convert(start), convert(end)
                    spans.append(common.Span(start=start, end=end))
                keywords.append(
                    common.Keyword(
                        text=phrase,
                        score=1.0 / (1.0 + float(score)),
                        count=max(len(spans), 1),
                        spans=spans,
                    )
                )
            return pb.ExtractKeywordsResponse(keywords=keywords)

        def Summarize(self, request, context):
            text = inline_text(request, context)
            spans = split_sentences(text)
            if not spans:
                return pb.SummarizeResponse()
            sentences = [Sentence(text[a:b], word_tokenizer) for a, b in spans]
            document = ObjectDocumentModel([Paragraph(sentences)])
            # LexRank's ratings, computed as LexRankSummarizer.__call__ does.
            words = [summarizer._to_words_set(s) for s in document.sentences]
            tf = summarizer._compute_tf(words)
            idf = summarizer._compute_idf(words)
            matrix = summarizer._create_matrix(words, summarizer.threshold, tf, idf)
            scores = [float(x) for x in summarizer.power_method(matrix, summarizer.epsilon)]
            ranked = sorted(range(len(spans)), key=lambda i: -scores[i])

            budget = request.options.budget
            limit = budget.WhichOneof("limit")
            word_counts = [len(text[a:b].split()) for a, b in spans]
            if limit in ("words", "ratio"):
                if limit == "words":
                    if budget.words < 1:
                        context.abort(grpc.StatusCode.INVALID_ARGUMENT, "budget.words < 1")
                    max_words = budget.words
                else:
                    if not 0 < budget.ratio <= 1:
                        context.abort(grpc.StatusCode.INVALID_ARGUMENT, "budget.ratio")
                    max_words = max(1, math.ceil(budget.ratio * sum(word_counts)))
                chosen, used = [], 0
                for i in ranked:
                    if used + word_counts[i] <= max_words:
                        chosen.append(i)
                        used += word_counts[i]
            else:
                count = budget.sentences if limit == "sentences" else 3
                if count < 1:
                    context.abort(grpc.StatusCode.INVALID_ARGUMENT, "budget.sentences < 1")
                chosen = ranked[:count]
            rank_of = {i: r + 1 for r, i in enumerate(chosen)}
            # SUMMARY_ORDER_SCORE = 2: best first; otherwise document order.
            order = chosen if request.options.order == 2 else sorted(chosen)
            convert = offset_converter(text, request.offset_encoding)
            converted = {}
            for i in sorted(chosen):  # in text order, as the converter walks forward
                a, b = spans[i]
                converted[i] = (convert(a), convert(b)) if convert is not None else (a, b)
            result = [
                common.SummarySentence(
                    text=text[spans[i][0]:spans[i][1]],
                    span=common.Span(start=converted[i][0], end=converted[i][1]),
                    sentence_index=i,
                    score=scores[i],
                    rank=rank_of[i],
                )
                for i in order
            ]
            return pb.SummarizeResponse(sentences=result)

    return Servicer()


def main() -> None:
    global TOKEN_PATTERN
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True, help="port to listen on (127.0.0.1)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--workers", type=int, default=4, help="ThreadPoolExecutor workers")
    args = parser.parse_args()

    from sklearn.feature_extraction.text import CountVectorizer

    TOKEN_PATTERN = re.compile(CountVectorizer().token_pattern)

    with tempfile.TemporaryDirectory(prefix="lede-peer-stubs-") as stubs:
        generate_stubs(Path(stubs))
        from lede.v1 import common_pb2 as common
        from lede.v1 import text_analysis_service_pb2 as pb
        from lede.v1 import text_analysis_service_pb2_grpc as pb_grpc

        server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=args.workers),
            options=[("grpc.max_receive_message_length", 4 * 1024 * 1024)],
        )
        pb_grpc.add_TextAnalysisServiceServicer_to_server(
            build_servicer(pb, pb_grpc, common), server
        )
        address = f"{args.host}:{args.port}"
        if server.add_insecure_port(address) == 0:
            raise SystemExit(f"peer_server: cannot listen on {address}")
        server.start()
        print(f"peer_server listening on {address} with {args.workers} workers", flush=True)
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        stop.wait()
        server.stop(grace=1).wait()


if __name__ == "__main__":
    main()
