package dev.outcrop.invoke;

/** Counts tokens, to estimate a call before it runs and to measure a partial answer. */
public interface TokenCounter {
    /** Tokens in {@code text}. */
    int count(String text);

    /** Input tokens of {@code request}. */
    int count(ChatRequest request);
}
