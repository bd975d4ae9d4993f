//! The sentence similarity graph and its centrality (continuous LexRank).
//!
//! Nodes are sentences with their unit-length TF-IDF vectors; the edge between two sentences
//! weighs their cosine similarity (the dot product of unit vectors). Similarities are computed
//! through an inverted index, so pairs that share no term cost nothing, and the graph is
//! stored sparse (compressed rows), which keeps large multi-document sets affordable.

use lede_tfidf::SparseVector;

/// A symmetric, sparse similarity graph without self-loops.
#[derive(Debug, Clone, Default)]
pub(crate) struct Graph {
    /// Where each node's row starts in `neighbours`; one entry more than there are nodes.
    row_starts: Vec<usize>,
    /// `(neighbour, similarity)`, each row sorted by neighbour.
    neighbours: Vec<(u32, f64)>,
}

impl Graph {
    /// The graph of the cosine similarities of `vectors` (which must have unit length or be
    /// empty); only positive similarities become edges.
    pub(crate) fn build(vectors: &[SparseVector]) -> Self {
        let nodes = vectors.len();
        // Inverted index in compressed form: for each term, the nodes holding it and the weight.
        let terms = vectors
            .iter()
            .filter_map(|vector| vector.entries().last().map(|&(id, _)| id.index() + 1))
            .max()
            .unwrap_or(0);
        let mut term_starts = vec![0usize; terms + 1];
        for vector in vectors {
            for &(id, _) in vector.entries() {
                term_starts[id.index() + 1] += 1;
            }
        }
        for index in 1..term_starts.len() {
            term_starts[index] += term_starts[index - 1];
        }
        let mut fill = term_starts.clone();
        let mut postings = vec![(0u32, 0.0f64); term_starts[terms]];
        for (node, vector) in vectors.iter().enumerate() {
            for &(id, weight) in vector.entries() {
                let slot = &mut fill[id.index()];
                // Node counts fit in u32: a summary of four billion sentences is not made here.
                postings[*slot] = (node as u32, weight);
                *slot += 1;
            }
        }

        let mut row_starts = Vec::with_capacity(nodes + 1);
        row_starts.push(0);
        let mut neighbours = Vec::new();
        let mut accumulator = vec![0.0f64; nodes];
        let mut touched: Vec<u32> = Vec::new();
        for (node, vector) in vectors.iter().enumerate() {
            for &(id, weight) in vector.entries() {
                let (start, end) = (term_starts[id.index()], term_starts[id.index() + 1]);
                for &(other, other_weight) in &postings[start..end] {
                    let sum = &mut accumulator[other as usize];
                    if *sum == 0.0 {
                        touched.push(other);
                    }
                    *sum += weight * other_weight;
                }
            }
            touched.sort_unstable();
            for &other in &touched {
                let similarity = std::mem::take(&mut accumulator[other as usize]);
                if other as usize != node && similarity > 0.0 {
                    neighbours.push((other, similarity.min(1.0)));
                }
            }
            touched.clear();
            row_starts.push(neighbours.len());
        }
        Self {
            row_starts,
            neighbours,
        }
    }

    /// The number of nodes.
    pub(crate) fn len(&self) -> usize {
        self.row_starts.len().saturating_sub(1)
    }

    /// The neighbours of `node` with their similarity, by neighbour.
    pub(crate) fn row(&self, node: usize) -> &[(u32, f64)] {
        match (self.row_starts.get(node), self.row_starts.get(node + 1)) {
            (Some(&start), Some(&end)) => &self.neighbours[start..end],
            _ => &[],
        }
    }

    /// The stationary distribution of the random walk that, from a sentence, follows an edge
    /// with probability `damping` (choosing among edges in proportion to similarity) and
    /// otherwise jumps to a sentence drawn from `teleport` (non-negative, not all zero; it
    /// is normalised here). A sentence without edges jumps. Continuous LexRank (Erkan &
    /// Radev 2004) with a uniform `teleport`; topic-sensitive LexRank (Otterbacher et al.
    /// 2005) with one biased towards a query.
    pub(crate) fn lexrank(&self, damping: f64, teleport: &[f64]) -> Vec<f64> {
        const TOLERANCE: f64 = 1e-10;
        const MAX_ITERATIONS: usize = 200;
        let nodes = self.len();
        let total: f64 = teleport.iter().sum();
        let jump: Vec<f64> = if total > 0.0 && total.is_finite() && teleport.len() == nodes {
            teleport.iter().map(|weight| weight / total).collect()
        } else {
            vec![1.0 / nodes.max(1) as f64; nodes]
        };
        let degree: Vec<f64> = (0..nodes)
            .map(|node| {
                self.row(node)
                    .iter()
                    .map(|&(_, similarity)| similarity)
                    .sum()
            })
            .collect();
        let mut rank = jump.clone();
        let mut next = vec![0.0; nodes];
        for _ in 0..MAX_ITERATIONS {
            // Probability mass of sentences without edges, which jump.
            let stranded: f64 = (0..nodes)
                .filter(|&node| degree[node] <= 0.0)
                .map(|node| rank[node])
                .sum();
            for node in 0..nodes {
                // The graph is symmetric: the mass flowing into `node` comes along its row.
                let inflow: f64 = self
                    .row(node)
                    .iter()
                    .map(|&(other, similarity)| {
                        let other = other as usize;
                        rank[other] * similarity / degree[other]
                    })
                    .sum();
                next[node] =
                    (1.0 - damping) * jump[node] + damping * (inflow + stranded * jump[node]);
            }
            let change: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
            std::mem::swap(&mut rank, &mut next);
            if change < TOLERANCE {
                break;
            }
        }
        rank
    }
}

#[cfg(test)]
mod tests {
    use lede_tfidf::{Norm, TermId};

    use super::*;

    fn unit(entries: &[(u32, f64)]) -> SparseVector {
        let mut vector =
            SparseVector::new(entries.iter().map(|&(id, w)| (TermId::from_u32(id), w))).unwrap();
        vector.normalize(Norm::L2);
        vector
    }

    #[test]
    fn edges_are_cosines_without_self_loops() {
        let vectors = [
            unit(&[(0, 1.0), (1, 1.0)]),
            unit(&[(0, 1.0)]),
            unit(&[(2, 1.0)]),
            SparseVector::default(),
        ];
        let graph = Graph::build(&vectors);
        assert_eq!(graph.len(), 4);
        assert_eq!(graph.row(0).len(), 1);
        assert_eq!(graph.row(0)[0].0, 1);
        assert!((graph.row(0)[0].1 - vectors[0].cosine(&vectors[1])).abs() < 1e-12);
        assert_eq!(graph.row(1)[0].0, 0);
        assert!(graph.row(2).is_empty());
        assert!(graph.row(3).is_empty());
        assert!(graph.row(9).is_empty());
    }

    #[test]
    fn lexrank_is_a_distribution_favouring_the_hub() {
        // Node 0 shares a term with each of 1, 2, 3; they share nothing with each other.
        let vectors = [
            unit(&[(0, 1.0), (1, 1.0), (2, 1.0)]),
            unit(&[(0, 1.0), (3, 1.0)]),
            unit(&[(1, 1.0), (4, 1.0)]),
            unit(&[(2, 1.0), (5, 1.0)]),
            unit(&[(9, 1.0)]),
        ];
        let graph = Graph::build(&vectors);
        let rank = graph.lexrank(0.85, &[1.0; 5]);
        assert!((rank.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(rank[0] > rank[1] && rank[1] > rank[4]);
        assert!((rank[1] - rank[2]).abs() < 1e-9);
        // Teleporting towards node 3 lifts it above its twins.
        let biased = graph.lexrank(0.85, &[1.0, 1.0, 1.0, 5.0, 1.0]);
        assert!(biased[3] > biased[1]);
    }

    #[test]
    fn an_empty_graph_has_an_empty_rank() {
        let graph = Graph::build(&[]);
        assert_eq!(graph.len(), 0);
        assert!(graph.lexrank(0.85, &[]).is_empty());
    }
}
