package io.webops.llm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Similarity without an embedding service: each text becomes a term vector (sublinear term
 * frequency, L2-normalised), a query is weighted by inverse document frequency, and the score is
 * their dot product (a cosine). An inverted index keeps a query to the postings of its own terms,
 * so recall over 10,000 entries touches only the entries that share a word with it.
 * Not thread-safe: {@link AgentMemory} guards it.
 */
final class LexicalIndex {

    record Hit(long seq, double score) {
    }

    private record Posting(long seq, float weight) {
    }

    private static final Set<String> STOP = Set.of("a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "is", "are",
            "was", "were", "be", "it", "this", "that", "with", "as", "at", "by", "from", "i", "you", "we", "they", "he", "she",
            "do", "does", "what", "which", "who", "how", "my", "our", "your", "me", "us", "not", "no");

    private final Map<String, List<Posting>> postings = new HashMap<>();
    private int documents;

    void add(long seq, String text) {
        Map<String, Integer> tf = terms(text);
        if (tf.isEmpty()) {
            return;
        }
        documents++;
        double norm = 0;
        for (int n : tf.values()) {
            double w = 1 + Math.log(n);
            norm += w * w;
        }
        norm = Math.sqrt(norm);
        for (Map.Entry<String, Integer> e : tf.entrySet()) {
            postings.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                    .add(new Posting(seq, (float) ((1 + Math.log(e.getValue())) / norm)));
        }
    }

    /** The {@code limit} entries most similar to the query, best first, with a score above zero. */
    List<Hit> search(String query, int limit) {
        Map<String, Integer> tf = terms(query);
        Map<Long, Double> scores = new HashMap<>();
        double qnorm = 0;
        Map<String, Double> weights = new HashMap<>();
        for (Map.Entry<String, Integer> e : tf.entrySet()) {
            List<Posting> list = postings.get(e.getKey());
            if (list == null) {
                continue;
            }
            double idf = Math.log(1 + (double) documents / list.size());
            double w = (1 + Math.log(e.getValue())) * idf;
            weights.put(e.getKey(), w);
            qnorm += w * w;
        }
        if (weights.isEmpty()) {
            return List.of();
        }
        qnorm = Math.sqrt(qnorm);
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            double w = e.getValue() / qnorm;
            for (Posting p : postings.get(e.getKey())) {
                scores.merge(p.seq(), w * p.weight(), Double::sum);
            }
        }
        PriorityQueue<Hit> best = new PriorityQueue<>((a, b) -> Double.compare(a.score(), b.score()));
        for (Map.Entry<Long, Double> e : scores.entrySet()) {
            best.add(new Hit(e.getKey(), e.getValue()));
            if (best.size() > limit) {
                best.poll();
            }
        }
        List<Hit> out = new ArrayList<>(best);
        out.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score()) : Long.compare(b.seq(), a.seq()));
        return out;
    }

    static Map<String, Integer> terms(String text) {
        Map<String, Integer> tf = new HashMap<>();
        if (text == null) {
            return tf;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int n = lower.length();
        int i = 0;
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(lower.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && Character.isLetterOrDigit(lower.charAt(i))) {
                i++;
            }
            if (i > start) {
                String term = stem(lower.substring(start, i));
                if (!STOP.contains(term)) {
                    tf.merge(term, 1, Integer::sum);
                }
            }
        }
        return tf;
    }

    /** A light plural fold, so "invoices" finds "invoice". */
    private static String stem(String t) {
        if (t.length() > 4 && t.endsWith("ies")) {
            return t.substring(0, t.length() - 3) + "y";
        }
        if (t.length() > 3 && t.endsWith("s") && !t.endsWith("ss")) {
            return t.substring(0, t.length() - 1);
        }
        return t;
    }
}
