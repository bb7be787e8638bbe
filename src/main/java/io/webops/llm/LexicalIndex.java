package io.webops.llm;

import java.util.ArrayList;
import java.util.Arrays;
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
 * accumulated into a flat array, so recall over 10,000 entries touches only the entries that share
 * a word with it. Not thread-safe: {@link AgentMemory} guards it.
 */
final class LexicalIndex {

    record Hit(long seq, double score) {
    }

    /** The entries holding one term: dense entry numbers and their weights, in parallel arrays. */
    private static final class Postings {
        int[] docs = new int[4];
        float[] weights = new float[4];
        int size;

        void add(int doc, float weight) {
            if (size == docs.length) {
                docs = Arrays.copyOf(docs, size * 2);
                weights = Arrays.copyOf(weights, size * 2);
            }
            docs[size] = doc;
            weights[size++] = weight;
        }
    }

    private static final Set<String> STOP = Set.of("a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "is", "are",
            "was", "were", "be", "it", "this", "that", "with", "as", "at", "by", "from", "i", "you", "we", "they", "he", "she",
            "do", "does", "what", "which", "who", "how", "my", "our", "your", "me", "us", "not", "no");

    private final Map<String, Postings> postings = new HashMap<>();
    private long[] seqs = new long[16];
    private int documents;

    void add(long seq, String text) {
        Map<String, Integer> tf = terms(text);
        if (tf.isEmpty()) {
            return;
        }
        if (documents == seqs.length) {
            seqs = Arrays.copyOf(seqs, documents * 2);
        }
        int doc = documents++;
        seqs[doc] = seq;
        double norm = 0;
        for (int n : tf.values()) {
            double w = 1 + Math.log(n);
            norm += w * w;
        }
        norm = Math.sqrt(norm);
        for (Map.Entry<String, Integer> e : tf.entrySet()) {
            postings.computeIfAbsent(e.getKey(), k -> new Postings()).add(doc, (float) ((1 + Math.log(e.getValue())) / norm));
        }
    }

    /** The {@code limit} entries most similar to the query, best first, with a score above zero. */
    List<Hit> search(String query, int limit) {
        Map<String, Integer> tf = terms(query);
        List<Postings> lists = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        double qnorm = 0;
        for (Map.Entry<String, Integer> e : tf.entrySet()) {
            Postings p = postings.get(e.getKey());
            if (p == null) {
                continue;
            }
            double w = (1 + Math.log(e.getValue())) * Math.log(1 + (double) documents / p.size);
            lists.add(p);
            weights.add(w);
            qnorm += w * w;
        }
        if (lists.isEmpty() || qnorm == 0) {
            return List.of();
        }
        qnorm = Math.sqrt(qnorm);
        double[] scores = new double[documents];
        for (int i = 0; i < lists.size(); i++) {
            Postings p = lists.get(i);
            double w = weights.get(i) / qnorm;
            for (int k = 0; k < p.size; k++) {
                scores[p.docs[k]] += w * p.weights[k];
            }
        }
        PriorityQueue<Hit> best = new PriorityQueue<>((a, b) -> a.score() != b.score()
                ? Double.compare(a.score(), b.score()) : Long.compare(a.seq(), b.seq()));
        for (int doc = 0; doc < documents; doc++) {
            if (scores[doc] > 0 && (best.size() < limit || scores[doc] > best.peek().score())) {
                best.add(new Hit(seqs[doc], scores[doc]));
                if (best.size() > limit) {
                    best.poll();
                }
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
